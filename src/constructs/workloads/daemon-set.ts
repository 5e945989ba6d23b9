/** A DaemonSet: one pod on every (selected) node, for node agents such as log shippers and monitoring exporters. */
import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { NameRule } from '../private/names';
import { durationToSeconds } from '../private/quantities';
import { Workload, WorkloadProps } from './workload';

/** Options of a rolling DaemonSet update. */
export interface DaemonSetRollingUpdateOptions {
  /**
   * Nodes whose pod may be down at once during an update: a number or a percentage of the nodes.
   * @default 1
   */
  readonly maxUnavailable?: number | string;
  /**
   * Nodes that may run a new pod beside the old one during an update (no gap in service, but two agents at
   * once): a number or a percentage. It and `maxUnavailable` cannot both be 0.
   * @default 0
   */
  readonly maxSurge?: number | string;
}

/** How a DaemonSet replaces its pods on a change. */
export class DaemonSetUpdateStrategy {
  /** Replace pods node by node, automatically. */
  static rollingUpdate(options: DaemonSetRollingUpdateOptions = {}): DaemonSetUpdateStrategy {
    return new DaemonSetUpdateStrategy(
      { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: options.maxUnavailable ?? 1, maxSurge: options.maxSurge ?? 0 } },
      options,
    );
  }

  /** Replace a pod only when it is deleted by hand. */
  static onDelete(): DaemonSetUpdateStrategy {
    return new DaemonSetUpdateStrategy({ type: 'OnDelete' }, {});
  }

  private constructor(
    private readonly rendered: Record<string, unknown>,
    /** The options given, for checks. */
    readonly options: DaemonSetRollingUpdateOptions,
  ) {}

  /** The Kubernetes `DaemonSetUpdateStrategy`. */
  toStrategy(): Record<string, unknown> {
    return structuredClone(this.rendered);
  }
}

/** Props of a DaemonSet. */
export interface DaemonSetProps extends WorkloadProps {
  /**
   * How pods are replaced on a change.
   * @default DaemonSetUpdateStrategy.rollingUpdate() (maxUnavailable 1, maxSurge 0)
   */
  readonly updateStrategy?: DaemonSetUpdateStrategy;
  /**
   * A new pod must stay ready this long before the update moves to the next node.
   * @default - 0 seconds
   */
  readonly minReady?: Duration;
}

/**
 * A DaemonSet (apps/v1). It has no replica count, spreading or disruption budget: the nodes decide how many
 * pods run. Host paths, host networking and tolerations are added only where asked for.
 */
export class DaemonSet extends Workload {
  readonly #props: DaemonSetProps;

  constructor(scope: Construct, id: string, props: DaemonSetProps = {}) {
    super(scope, id, { apiVersion: 'apps/v1', kind: 'DaemonSet', nameRule: NameRule.DNS_SUBDOMAIN, maxNameLength: 63, bodyKeys: ['spec'] }, props);
    const options = props.updateStrategy?.options ?? {};
    for (const field of ['maxUnavailable', 'maxSurge'] as const) {
      const value = options[field];
      const valid = value === undefined || (typeof value === 'number' ? Number.isInteger(value) && value >= 0 : /^(100|[1-9]?[0-9])%$/.test(value));
      if (!valid) this.fail(`updateStrategy.${field}`, value, 'must be a whole number >= 0 or a percentage from 0% to 100%', 'Use e.g. 1 or "10%".');
    }
    const isZero = (value: number | string | undefined, fallback: number) => value === undefined ? fallback === 0 : value === 0 || value === '0%';
    if (props.updateStrategy !== undefined && props.updateStrategy.toStrategy().type === 'RollingUpdate' && isZero(options.maxUnavailable, 1) && isZero(options.maxSurge, 0)) {
      this.fail('updateStrategy.maxUnavailable', options.maxUnavailable, 'cannot be 0 while maxSurge is 0 too: the update could never proceed', 'Set maxUnavailable to 1, or maxSurge to 1 to start each new pod before stopping the old one.');
    }
    this.#props = props;
  }

  protected renderBody(): Record<string, unknown> {
    const props = this.#props;
    return {
      spec: {
        selector: { matchLabels: { ...this.selectorLabels } },
        updateStrategy: (props.updateStrategy ?? DaemonSetUpdateStrategy.rollingUpdate()).toStrategy(),
        minReadySeconds: props.minReady ? durationToSeconds(props.minReady) : undefined,
        template: this.renderPodTemplate(),
      },
    };
  }
}
