/** A namespace's budget: a ResourceQuota for its totals and a LimitRange for each container, pod and claim. */
import { Construct } from 'constructs';
import { LimitRange, LimitRangeProps } from './limit-range';
import { ResourceQuota, ResourceQuotaProps } from './resource-quota';

/** What an AppChart's `budget` holds. */
export interface NamespaceBudgetOptions {
  /**
   * The namespace's totals, written as a ResourceQuota named `quota`.
   * @default - no quota
   */
  readonly quota?: ResourceQuotaProps;
  /**
   * Defaults and bounds per container, pod and claim, written as a LimitRange named `limits`.
   * @default - no LimitRange
   */
  readonly limits?: LimitRangeProps;
}

/** The quota and limit range of a namespace, created by an AppChart with `budget`. */
export class NamespaceBudget extends Construct {
  /** The ResourceQuota, if one was asked for. */
  readonly quota: ResourceQuota | undefined;
  /** The LimitRange, if one was asked for. */
  readonly limits: LimitRange | undefined;

  constructor(scope: Construct, id: string, options: NamespaceBudgetOptions = {}) {
    super(scope, id);
    this.quota = options.quota === undefined ? undefined : new ResourceQuota(this, 'Quota', { name: 'quota', ...options.quota });
    this.limits = options.limits === undefined ? undefined : new LimitRange(this, 'Limits', { name: 'limits', ...options.limits });
  }
}
