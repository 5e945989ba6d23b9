/** A HorizontalPodAutoscaler: scales a workload's replicas with its CPU and memory use or other metrics, at a controlled pace. */
import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { Metric } from './autoscaling-metric';
import { NameRule } from '../private/names';
import { Resource, ResourceProps } from '../app/resource';

/** What an autoscaler scales. */
export interface IScalable {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
}

/** How a scaling policy counts its step. */
export enum ScalingPolicyType {
  /** A number of pods. */
  PODS = 'Pods',
  /** A percentage of the current pods. */
  PERCENT = 'Percent',
}

/** One limit on how fast an autoscaler scales: at most `value` pods (or percent) per `period`. */
export interface ScalingPolicy {
  /** Pods or percent. */
  readonly type: ScalingPolicyType;
  /** The most pods (or percent) per period; more than 0. */
  readonly value: number;
  /** The period, 1 second to 30 minutes. */
  readonly period: Duration;
}

/** Which policy wins when several apply. */
export enum ScalingPolicySelect {
  /** The one allowing the biggest change. */
  MAX = 'Max',
  /** The one allowing the smallest change. */
  MIN = 'Min',
  /** None: scaling in this direction is switched off. */
  DISABLED = 'Disabled',
}

/** The pace of scaling in one direction. */
export interface ScalingRules {
  /**
   * Recommendations over this past window are considered, and the most conservative one is used
   * (avoids flapping). At most 1 hour.
   * @default - 0 seconds for scaling up, 5 minutes for scaling down (Kubernetes' defaults)
   */
  readonly stabilizationWindow?: Duration;
  /**
   * Limits on the change per period.
   * @default - Kubernetes' defaults (up: 100% or 4 pods per 15 s, whichever is more; down: 100% per 15 s)
   */
  readonly policies?: readonly ScalingPolicy[];
  /**
   * Which policy wins.
   * @default ScalingPolicySelect.MAX
   */
  readonly selectPolicy?: ScalingPolicySelect;
}

/** The scaling pace of an autoscaler. */
export interface ScalingBehavior {
  /**
   * How fast to add pods.
   * @default - Kubernetes' defaults
   */
  readonly scaleUp?: ScalingRules;
  /**
   * How fast to remove pods.
   * @default - Kubernetes' defaults
   */
  readonly scaleDown?: ScalingRules;
}

/** How a workload scales. */
export interface AutoscalingOptions {
  /**
   * The fewest replicas.
   * @default 2
   */
  readonly minReplicas?: number;
  /** The most replicas. */
  readonly maxReplicas: number;
  /**
   * Target average CPU use, in percent of the CPU request.
   * @default 80 (unless a memory target or other `metrics` are given)
   */
  readonly cpuUtilizationPercent?: number;
  /**
   * Target average memory use, in percent of the memory request.
   * @default - no memory target
   */
  readonly memoryUtilizationPercent?: number;
  /**
   * Further metrics: per-pod, object, external or per-container ones. The autoscaler follows whichever asks
   * for the most replicas.
   * @default - none
   */
  readonly metrics?: readonly Metric[];
  /**
   * How fast to scale up and down.
   * @default - Kubernetes' defaults
   */
  readonly behavior?: ScalingBehavior;
}

/** Props of a HorizontalPodAutoscaler. */
export interface HorizontalPodAutoscalerProps extends ResourceProps, AutoscalingOptions {
  /** The workload to scale. */
  readonly target: IScalable;
}

/** A HorizontalPodAutoscaler (autoscaling/v2). The workload must then leave `replicas` unset. */
export class HorizontalPodAutoscaler extends Resource {
  readonly #props: HorizontalPodAutoscalerProps;
  /** The fewest replicas. */
  readonly minReplicas: number;

  constructor(scope: Construct, id: string, props: HorizontalPodAutoscalerProps) {
    super(scope, id, { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', nameRule: NameRule.DNS_SUBDOMAIN, bodyKeys: ['spec'] }, props);
    this.minReplicas = props.minReplicas ?? 2;
    if (!Number.isInteger(this.minReplicas) || this.minReplicas < 1) this.fail('minReplicas', props.minReplicas, 'must be a whole number >= 1', 'Use 2 or more for high availability.');
    if (!Number.isInteger(props.maxReplicas) || props.maxReplicas < this.minReplicas) {
      this.fail('maxReplicas', props.maxReplicas, `must be a whole number >= minReplicas (${this.minReplicas})`, 'Raise maxReplicas or lower minReplicas.');
    }
    for (const field of ['cpuUtilizationPercent', 'memoryUtilizationPercent'] as const) {
      const value = props[field];
      if (value !== undefined && (!Number.isInteger(value) || value < 1)) this.fail(field, value, 'must be a whole number >= 1', 'Use e.g. 80.');
    }
    (props.metrics ?? []).forEach((metric, index) => {
      const field = `metrics[${index}]`;
      if (metric.name.trim() === '') this.fail(`${field}.name`, metric.name, 'must not be empty', 'Give the metric name the metrics adapter serves.');
      if (!metric.allowedTargets.includes(metric.target.type)) {
        this.fail(`${field}.target`, metric.target.type, `is not a target type of ${metric.type} metrics`, `Use MetricTarget.${metric.allowedTargets.map((type) => (type === 'Value' ? 'value' : type === 'AverageValue' ? 'averageValue' : 'averageUtilization')).join(' or MetricTarget.')}.`);
      }
      const problem = metric.target.problem;
      if (problem !== undefined) this.fail(`${field}.target`, metric.target.toTarget(), problem, 'Give a positive target, e.g. MetricTarget.averageValue(100).');
    });
    for (const direction of ['scaleUp', 'scaleDown'] as const) {
      const rules = props.behavior?.[direction];
      if (rules === undefined) continue;
      const window = rules.stabilizationWindow === undefined ? undefined : rules.stabilizationWindow.toMilliseconds() / 1000;
      if (window !== undefined && (!Number.isInteger(window) || window < 0 || window > 3600)) {
        this.fail(`behavior.${direction}.stabilizationWindow`, `${window}s`, 'must be whole seconds from 0 to 1 hour', 'Use e.g. Duration.minutes(5).');
      }
      if (rules.policies !== undefined && rules.policies.length === 0) {
        this.fail(`behavior.${direction}.policies`, [], 'must not be empty', 'Leave policies out for the defaults, or give at least one; use selectPolicy: ScalingPolicySelect.DISABLED to switch scaling off.');
      }
      (rules.policies ?? []).forEach((policy, index) => {
        const field = `behavior.${direction}.policies[${index}]`;
        if (!Number.isInteger(policy.value) || policy.value < 1) this.fail(`${field}.value`, policy.value, 'must be a whole number >= 1', 'Use e.g. 4 pods or 100 percent.');
        const period = policy.period.toMilliseconds() / 1000;
        if (!Number.isInteger(period) || period < 1 || period > 1800) this.fail(`${field}.period`, `${period}s`, 'must be whole seconds from 1 second to 30 minutes', 'Use e.g. Duration.seconds(60).');
      });
    }
    this.#props = props;
  }

  protected renderBody(): Record<string, unknown> {
    const { target, maxReplicas, memoryUtilizationPercent, behavior } = this.#props;
    const others = this.#props.metrics ?? [];
    const cpu = this.#props.cpuUtilizationPercent ?? (memoryUtilizationPercent === undefined && others.length === 0 ? 80 : undefined);
    const metric = (name: string, averageUtilization: number) => ({ type: 'Resource', resource: { name, target: { type: 'Utilization', averageUtilization } } });
    const metrics = [
      ...(cpu !== undefined ? [metric('cpu', cpu)] : []),
      ...(memoryUtilizationPercent !== undefined ? [metric('memory', memoryUtilizationPercent)] : []),
      ...others.map((other) => other.toMetricSpec()),
    ];
    const rules = (given: ScalingRules | undefined) =>
      given === undefined
        ? undefined
        : {
            stabilizationWindowSeconds: given.stabilizationWindow === undefined ? undefined : given.stabilizationWindow.toMilliseconds() / 1000,
            selectPolicy: given.selectPolicy,
            policies: given.policies?.map((policy) => ({ type: policy.type, value: policy.value, periodSeconds: policy.period.toMilliseconds() / 1000 })),
          };
    return {
      spec: {
        scaleTargetRef: { apiVersion: target.apiVersion, kind: target.kind, name: target.name },
        minReplicas: this.minReplicas,
        maxReplicas,
        metrics,
        behavior: behavior && (behavior.scaleUp || behavior.scaleDown) ? { scaleUp: rules(behavior.scaleUp), scaleDown: rules(behavior.scaleDown) } : undefined,
      },
    };
  }
}
