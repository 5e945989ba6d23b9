/** What a HorizontalPodAutoscaler scales on beyond CPU and memory: pod, object and external metrics. */

/** A Kubernetes quantity: a number, or a string such as `"500m"` or `"10k"`. */
export type Quantity = number | string;

const QUANTITY = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+|[KMGTPE]i|[mkMGTPE])?$/;

/** The target value of a metric; create it with a static factory. */
export class MetricTarget {
  /** The metric as a whole should be this value (object and external metrics). */
  static value(value: Quantity): MetricTarget {
    return new MetricTarget('Value', { value });
  }

  /** The metric divided by the number of pods should be this value. */
  static averageValue(value: Quantity): MetricTarget {
    return new MetricTarget('AverageValue', { averageValue: value });
  }

  /** Average use in percent of the pods' requests (resource metrics only). */
  static averageUtilization(percent: number): MetricTarget {
    return new MetricTarget('Utilization', { averageUtilization: percent });
  }

  private constructor(
    /** `Value`, `AverageValue` or `Utilization`. */
    readonly type: 'Value' | 'AverageValue' | 'Utilization',
    private readonly fields: Record<string, Quantity>,
  ) {}

  /** Why the target is invalid, or undefined. */
  get problem(): string | undefined {
    const value = Object.values(this.fields)[0];
    if (this.type === 'Utilization') return typeof value === 'number' && Number.isInteger(value) && value >= 1 ? undefined : 'must be a whole percentage >= 1';
    if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? undefined : 'must be more than 0';
    return QUANTITY.test(value ?? '') && !/^[+-]?0*(\.0*)?([eE].*|[KMGTPE]i|[mkMGTPE])?$/.test(value ?? '') && !(value ?? '').startsWith('-')
      ? undefined
      : 'must be a positive quantity such as 100, "500m" or "10k"';
  }

  /** The Kubernetes `MetricTarget`. */
  toTarget(): Record<string, unknown> {
    return { type: this.type, ...this.fields };
  }
}

/** An object that a metric describes, e.g. the Ingress whose request rate counts. */
export interface IMetricObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
}

/** Options of metrics that a metrics adapter serves with labels. */
export interface MetricSelectorOptions {
  /**
   * Only series with these labels.
   * @default - every series of the metric
   */
  readonly selector?: Readonly<Record<string, string>>;
}

/** One metric of an autoscaler; create it with a static factory. */
export class Metric {
  /** A per-pod custom metric (e.g. `requests_per_second` from a Prometheus adapter), averaged over the pods. */
  static pods(name: string, target: MetricTarget, options: MetricSelectorOptions = {}): Metric {
    return new Metric('Pods', name, target, ['AverageValue'], (rendered) => ({ pods: { metric: metricId(name, options), target: rendered } }));
  }

  /** A metric of one Kubernetes object (e.g. the request rate of an Ingress). */
  static object(name: string, describedObject: IMetricObject, target: MetricTarget, options: MetricSelectorOptions = {}): Metric {
    const described = { apiVersion: describedObject.apiVersion, kind: describedObject.kind, name: describedObject.name };
    return new Metric('Object', name, target, ['Value', 'AverageValue'], (rendered) => ({ object: { describedObject: described, metric: metricId(name, options), target: rendered } }));
  }

  /** A metric from outside the cluster (e.g. the depth of a cloud queue). */
  static external(name: string, target: MetricTarget, options: MetricSelectorOptions = {}): Metric {
    return new Metric('External', name, target, ['Value', 'AverageValue'], (rendered) => ({ external: { metric: metricId(name, options), target: rendered } }));
  }

  /** CPU or memory of one container of the pods (not the sum over the pod's containers). */
  static containerResource(resource: 'cpu' | 'memory', containerName: string, target: MetricTarget): Metric {
    return new Metric('ContainerResource', resource, target, ['Utilization', 'AverageValue'], (rendered) => ({
      containerResource: { name: resource, container: containerName, target: rendered },
    }));
  }

  private constructor(
    /** The metric source type. */
    readonly type: string,
    /** The metric name. */
    readonly name: string,
    /** Its target. */
    readonly target: MetricTarget,
    /** The target types this source accepts. */
    readonly allowedTargets: ReadonlyArray<MetricTarget['type']>,
    private readonly render: (target: Record<string, unknown>) => Record<string, unknown>,
  ) {}

  /** The Kubernetes `MetricSpec`. */
  toMetricSpec(): Record<string, unknown> {
    return { type: this.type, ...this.render(this.target.toTarget()) };
  }
}

function metricId(name: string, options: MetricSelectorOptions): Record<string, unknown> {
  return { name, selector: options.selector ? { matchLabels: { ...options.selector } } : undefined };
}
