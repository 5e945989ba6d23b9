/** A Deployment: the replicated, self-healing blueprint for stateless pods. */
import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { AutoscalingOptions, HorizontalPodAutoscaler } from './horizontal-pod-autoscaler';
import { DisruptionBudgetOptions, PodDisruptionBudget } from './pod-disruption-budget';
import { NameRule } from '../private/names';
import { durationToSeconds } from '../private/quantities';
import { Workload, WorkloadProps } from './workload';

/** How a Deployment replaces old pods with new ones. */
export class DeploymentStrategy {
  /**
   * Replace pods gradually. The defaults never go below the desired count: a new pod must be ready before
   * an old one goes.
   */
  static rollingUpdate(options: { readonly maxSurge?: number | string; readonly maxUnavailable?: number | string } = {}): DeploymentStrategy {
    return new DeploymentStrategy({ type: 'RollingUpdate', rollingUpdate: { maxSurge: options.maxSurge ?? '25%', maxUnavailable: options.maxUnavailable ?? 0 } });
  }

  /** Stop every old pod before starting new ones (for apps that cannot run two versions at once). */
  static recreate(): DeploymentStrategy {
    return new DeploymentStrategy({ type: 'Recreate' });
  }

  private constructor(private readonly rendered: Record<string, unknown>) {}

  /** The Kubernetes `DeploymentStrategy`. */
  toStrategy(): Record<string, unknown> {
    return structuredClone(this.rendered);
  }
}

/** Props of a Deployment. */
export interface DeploymentProps extends WorkloadProps {
  /**
   * The number of pods. Must be unset when `autoscaling` is given (the autoscaler owns it).
   * @default - the chart's `replicas` default (2)
   */
  readonly replicas?: number;
  /**
   * How pods are replaced on a change.
   * @default DeploymentStrategy.rollingUpdate() (maxSurge 25%, maxUnavailable 0)
   */
  readonly strategy?: DeploymentStrategy;
  /**
   * A new pod must stay ready this long before it counts as available.
   * @default - 0 seconds
   */
  readonly minReady?: Duration;
  /**
   * A PodDisruptionBudget for the pods; `false` for none.
   * @default - maxUnavailable 1 when there are 2 or more replicas and the chart's `disruptionBudget` default is on
   */
  readonly disruptionBudget?: DisruptionBudgetOptions | false;
  /**
   * Scale with load through a HorizontalPodAutoscaler (autoscaling/v2).
   * @default - a fixed replica count
   */
  readonly autoscaling?: AutoscalingOptions;
}

/** A Deployment (apps/v1), with its optional PodDisruptionBudget and HorizontalPodAutoscaler. */
export class Deployment extends Workload {
  /** The fixed replica count, or undefined when an autoscaler owns it. */
  readonly replicas: number | undefined;
  /** The disruption budget, if one was created. */
  readonly disruptionBudget: PodDisruptionBudget | undefined;
  /** The autoscaler, if one was created. */
  readonly autoscaler: HorizontalPodAutoscaler | undefined;
  readonly #props: DeploymentProps;

  constructor(scope: Construct, id: string, props: DeploymentProps = {}) {
    super(scope, id, { apiVersion: 'apps/v1', kind: 'Deployment', nameRule: NameRule.DNS_SUBDOMAIN, bodyKeys: ['spec'] }, props);
    this.#props = props;
    if (props.autoscaling !== undefined && props.replicas !== undefined) {
      this.fail('replicas', props.replicas, 'cannot be combined with autoscaling (the autoscaler owns the replica count)', 'Remove replicas and set autoscaling.minReplicas instead.');
    }
    // The chart's or environment's default is checked too: it reaches the output just the same.
    const replicas = props.autoscaling ? undefined : (props.replicas ?? this.defaults.replicas);
    if (replicas !== undefined && (!Number.isInteger(replicas) || replicas < 0)) {
      this.fail(props.replicas !== undefined ? 'replicas' : 'defaults.replicas', replicas, 'must be a whole number >= 0', 'Use 2 or more for high availability, or 0 to pause the workload.');
    }
    this.autoscaler = props.autoscaling ? new HorizontalPodAutoscaler(this, 'Autoscaler', { ...props.autoscaling, name: this.name, target: this }) : undefined;
    this.replicas = replicas;
    const smallest = this.autoscaler?.minReplicas ?? this.replicas ?? 0;
    this.disruptionBudget = PodDisruptionBudget.forWorkload(this, props.disruptionBudget, this.defaults.disruptionBudget && smallest >= 2);
  }

  protected renderBody(): Record<string, unknown> {
    const props = this.#props;
    return {
      spec: {
        replicas: this.replicas,
        selector: { matchLabels: { ...this.selectorLabels } },
        strategy: (props.strategy ?? DeploymentStrategy.rollingUpdate()).toStrategy(),
        minReadySeconds: props.minReady ? durationToSeconds(props.minReady) : undefined,
        template: this.renderPodTemplate({ topologySpreadConstraints: this.spreadConstraints(this.autoscaler?.minReplicas ?? this.replicas) }),
      },
    };
  }

}
