/** A HorizontalPodAutoscaler: scales a workload's replicas with its CPU and memory use. */
import { Construct } from 'constructs';
import { NameRule } from '../private/names';
import { Resource, ResourceProps } from '../app/resource';

/** What an autoscaler scales. */
export interface IScalable {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
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
   * @default 80 (unless only a memory target is given)
   */
  readonly cpuUtilizationPercent?: number;
  /**
   * Target average memory use, in percent of the memory request.
   * @default - no memory target
   */
  readonly memoryUtilizationPercent?: number;
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
    this.#props = props;
  }

  protected renderBody(): Record<string, unknown> {
    const { target, maxReplicas, memoryUtilizationPercent } = this.#props;
    const cpu = this.#props.cpuUtilizationPercent ?? (memoryUtilizationPercent === undefined ? 80 : undefined);
    const metric = (name: string, averageUtilization: number) => ({ type: 'Resource', resource: { name, target: { type: 'Utilization', averageUtilization } } });
    const metrics = [
      ...(cpu !== undefined ? [metric('cpu', cpu)] : []),
      ...(memoryUtilizationPercent !== undefined ? [metric('memory', memoryUtilizationPercent)] : []),
    ];
    return {
      spec: {
        scaleTargetRef: { apiVersion: target.apiVersion, kind: target.kind, name: target.name },
        minReplicas: this.minReplicas,
        maxReplicas,
        metrics,
      },
    };
  }
}
