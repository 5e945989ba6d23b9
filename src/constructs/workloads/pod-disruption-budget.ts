/** A PodDisruptionBudget: how many of a workload's pods voluntary disruptions (node drains) may take at once. */
import { Construct } from 'constructs';
import { NameRule } from '../private/names';
import { Resource, ResourceProps } from '../app/resource';
import { IPodSelector } from './workload';

/** Props of a PodDisruptionBudget. Give exactly one of `minAvailable` and `maxUnavailable`. */
export interface PodDisruptionBudgetProps extends ResourceProps {
  /** The workload whose pods it protects. */
  readonly selects: IPodSelector;
  /**
   * Pods that must stay up: a number or a percentage such as `"50%"`.
   * @default - not set; `maxUnavailable` is used
   */
  readonly minAvailable?: number | string;
  /**
   * Pods that may be down at once: a number or a percentage.
   * @default 1 when `minAvailable` is not set
   */
  readonly maxUnavailable?: number | string;
}

/** A workload's own disruption budget, as its `disruptionBudget` prop asks: give one of the two. */
export interface DisruptionBudgetOptions {
  /**
   * Pods that must stay up.
   * @default - not set
   */
  readonly minAvailable?: number | string;
  /**
   * Pods that may be down at once.
   * @default 1
   */
  readonly maxUnavailable?: number | string;
}

/** A PodDisruptionBudget (policy/v1). */
export class PodDisruptionBudget extends Resource {
  /**
   * The budget a workload owns, named like it: created when `option` is given, or when it is left out and
   * `wantedByDefault`; never when `option` is false.
   */
  static forWorkload(
    workload: Construct & IPodSelector & { readonly name: string },
    option: DisruptionBudgetOptions | false | undefined,
    wantedByDefault: boolean,
  ): PodDisruptionBudget | undefined {
    if (option === false || (option === undefined && !wantedByDefault)) return undefined;
    return new PodDisruptionBudget(workload, 'DisruptionBudget', { ...option, name: workload.name, selects: workload });
  }

  readonly #props: PodDisruptionBudgetProps;

  constructor(scope: Construct, id: string, props: PodDisruptionBudgetProps) {
    super(scope, id, { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', nameRule: NameRule.DNS_SUBDOMAIN, bodyKeys: ['spec'] }, props);
    if (props.minAvailable !== undefined && props.maxUnavailable !== undefined) {
      this.fail('minAvailable', props.minAvailable, 'cannot be combined with maxUnavailable', 'Give only one of minAvailable and maxUnavailable.');
    }
    for (const field of ['minAvailable', 'maxUnavailable'] as const) {
      const value = props[field];
      const valid = value === undefined || (typeof value === 'number' ? Number.isInteger(value) && value >= 0 : /^(100|[1-9]?[0-9])%$/.test(value));
      if (!valid) {
        this.fail(field, value, 'must be a whole number >= 0 or a percentage from 0% to 100%', 'Use e.g. 1 or "50%".');
      }
    }
    this.#props = props;
  }

  protected renderBody(): Record<string, unknown> {
    const { minAvailable, maxUnavailable, selects } = this.#props;
    return {
      spec: {
        selector: { matchLabels: { ...selects.selectorLabels } },
        minAvailable,
        maxUnavailable: minAvailable === undefined ? (maxUnavailable ?? 1) : undefined,
      },
    };
  }
}
