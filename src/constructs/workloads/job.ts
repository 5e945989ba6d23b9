/** A Job: pods that run to completion (migrations, restores, batch work), retried on failure. */
import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { checkJobSpec, renderJobSpec } from '../private/job-spec';
import { NameRule } from '../private/names';
import { RestartPolicy } from './pod';
import { Workload, WorkloadProps } from './workload';

/** How a Job (or each Job of a CronJob) runs its pods. */
export interface JobSpecOptions {
  /**
   * Pods that must succeed for the Job to be complete.
   * @default - 1 (Kubernetes' default)
   */
  readonly completions?: number;
  /**
   * Pods that may run at once.
   * @default - 1 (Kubernetes' default)
   */
  readonly parallelism?: number;
  /**
   * Retries before the Job counts as failed.
   * @default - 6 (Kubernetes' default)
   */
  readonly backoffLimit?: number;
  /**
   * The longest the Job may run, retries included; then its pods are stopped and it fails.
   * @default - no limit
   */
  readonly activeDeadline?: Duration;
  /**
   * Delete the finished Job (and its pods) this long after it ends. Leave it unset for Jobs applied from Git:
   * once deleted, the next apply would create, and run, the Job again.
   * @default - kept until deleted
   */
  readonly ttlAfterFinished?: Duration;
  /**
   * What the kubelet does when a container fails: `Never` starts a new pod per retry (the failed one stays for
   * its logs), `OnFailure` restarts the container in place. `Always` is refused: Job pods must finish.
   * @default RestartPolicy.NEVER
   */
  readonly restartPolicy?: RestartPolicy;
  /**
   * Give each pod a completion index (`JOB_COMPLETION_INDEX`), for work split into `completions` parts.
   * @default false
   */
  readonly indexed?: boolean;
}

/** Props of a Job. */
export interface JobProps extends WorkloadProps, JobSpecOptions {}

/**
 * A Job (batch/v1). Its pod template cannot change once created: to run a changed Job, delete the old one
 * (`shipshape apply` replaces it when pruning sees it removed) or give it a new name.
 */
export class Job extends Workload {
  readonly #props: JobProps;

  constructor(scope: Construct, id: string, props: JobProps = {}) {
    // The controller writes the Job name into a label of every pod: keep it short enough for a label value.
    super(scope, id, { apiVersion: 'batch/v1', kind: 'Job', nameRule: NameRule.DNS_SUBDOMAIN, maxNameLength: 63, bodyKeys: ['spec'] }, props);
    checkJobSpec(props, (field, value, problem, fix) => this.fail(field, value, problem, fix));
    this.#props = props;
  }

  protected renderBody(): Record<string, unknown> {
    return { spec: renderJobSpec(this.#props, this.renderPodTemplate()) };
  }
}
