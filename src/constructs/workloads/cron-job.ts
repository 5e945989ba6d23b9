/** A CronJob: a Job on a schedule (backups, reports, clean-ups), and manual runs made from its template. */
import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { cronScheduleProblem } from '../../manifest/cron-schedule';
import { EXTERNAL_REFERENCES_ANNOTATION } from '../../validate/annotations';
import { Resource, ResourceProps } from '../app/resource';
import { checkJobSpec, renderJobSpec } from '../private/job-spec';
import { NameRule } from '../private/names';
import { ContainerPort } from './container';
import { JobSpecOptions } from './job';
import { IPodSelector, Workload, WorkloadProps } from './workload';

/** What the controller does when a run is due while the previous one still runs. */
export enum ConcurrencyPolicy {
  /** Start the new run beside the old one. */
  ALLOW = 'Allow',
  /** Skip the new run. */
  FORBID = 'Forbid',
  /** Stop the old run and start the new one. */
  REPLACE = 'Replace',
}

/** Props of a CronJob. */
export interface CronJobProps extends WorkloadProps, JobSpecOptions {
  /**
   * When to run, in cron syntax (`minute hour day-of-month month day-of-week`, e.g. `"0 2 * * *"`) or a
   * descriptor (`@daily`, `@hourly`...). Checked at construction as the API server checks it.
   */
  readonly schedule: string;
  /**
   * The IANA time zone of the schedule, e.g. `"Europe/Berlin"`.
   * @default - the time zone of the kube-controller-manager (usually UTC)
   */
  readonly timeZone?: string;
  /**
   * What happens when a run is due while the previous one still runs.
   * @default ConcurrencyPolicy.FORBID - runs never overlap (Kubernetes' own default is Allow)
   */
  readonly concurrencyPolicy?: ConcurrencyPolicy;
  /**
   * A run that could not start within this time of its schedule is skipped (counted as missed). At least 10
   * seconds: the controller checks schedules every 10 seconds.
   * @default - no deadline: a late run still starts
   */
  readonly startingDeadline?: Duration;
  /**
   * Finished successful Jobs to keep, for their logs.
   * @default 3
   */
  readonly successfulJobsHistoryLimit?: number;
  /**
   * Failed Jobs to keep, for their logs.
   * @default 1
   */
  readonly failedJobsHistoryLimit?: number;
  /**
   * Stop scheduling new runs (running ones continue).
   * @default false
   */
  readonly suspend?: boolean;
}

/** What a manual run needs from its CronJob, kept out of the public API. */
interface RunSource {
  readonly namespace: string | undefined;
  readonly selectorLabels: Readonly<Record<string, string>>;
  render(): { spec: Record<string, unknown>; external: string | undefined };
}

const runSources = new WeakMap<CronJob, RunSource>();

/** A CronJob (batch/v1). Its Jobs' pods carry its selector labels, so Services and policies can select them. */
export class CronJob extends Workload {
  /** The schedule. */
  readonly schedule: string;
  readonly #props: CronJobProps;

  constructor(scope: Construct, id: string, props: CronJobProps) {
    // Kubernetes appends an 11-character suffix to the name of each Job it creates: 52 characters at most.
    super(scope, id, { apiVersion: 'batch/v1', kind: 'CronJob', nameRule: NameRule.DNS_SUBDOMAIN, maxNameLength: 52, bodyKeys: ['spec'] }, props);
    const fail = (field: string, value: unknown, problem: string, fix: string): never => this.fail(field, value, problem, fix);
    const scheduleProblem = cronScheduleProblem(props.schedule);
    if (scheduleProblem !== undefined) {
      fail('schedule', props.schedule, scheduleProblem, 'Write five fields, e.g. "0 2 * * *" for 02:00 every day, or a descriptor such as "@daily"; set the zone with timeZone.');
    }
    if (props.timeZone !== undefined) checkTimeZone(props.timeZone, fail);
    if (props.startingDeadline !== undefined && props.startingDeadline.toMilliseconds() < 10_000) {
      fail('startingDeadline', `${props.startingDeadline.toMilliseconds() / 1000}s`, 'is under 10 seconds, so runs may never start (the controller checks every 10 seconds)', 'Use at least Duration.seconds(10), e.g. Duration.minutes(5), or leave it out.');
    }
    for (const field of ['successfulJobsHistoryLimit', 'failedJobsHistoryLimit'] as const) {
      const value = props[field];
      if (value !== undefined && (!Number.isInteger(value) || value < 0)) fail(field, value, 'must be a whole number >= 0', 'Use e.g. 3, or 0 to keep none.');
    }
    checkJobSpec(props, fail);
    this.schedule = props.schedule;
    this.#props = props;
    runSources.set(this, {
      namespace: this.namespace,
      selectorLabels: this.selectorLabels,
      render: () => {
        const spec = this.#jobSpec();
        const external = (this.apiObject.metadata.toJson() as { annotations?: Record<string, string> }).annotations?.[EXTERNAL_REFERENCES_ANNOTATION];
        return { spec, external };
      },
    });
  }

  /**
   * A Job made now from this CronJob's template, for a run outside the schedule (what
   * `kubectl create job --from=cronjob/<name>` does, but kept in the app's output).
   */
  createJob(scope: Construct, id: string, props: ResourceProps = {}): ManualJob {
    return new ManualJob(scope, id, { ...props, cronJob: this });
  }

  protected renderBody(): Record<string, unknown> {
    const props = this.#props;
    return {
      spec: {
        schedule: props.schedule,
        timeZone: props.timeZone,
        concurrencyPolicy: props.concurrencyPolicy ?? ConcurrencyPolicy.FORBID,
        startingDeadlineSeconds: props.startingDeadline === undefined ? undefined : Math.floor(props.startingDeadline.toMilliseconds() / 1000),
        successfulJobsHistoryLimit: props.successfulJobsHistoryLimit ?? 3,
        failedJobsHistoryLimit: props.failedJobsHistoryLimit ?? 1,
        suspend: props.suspend ? true : undefined,
        jobTemplate: { metadata: { labels: this.podLabels() }, spec: this.#jobSpec() },
      },
    };
  }

  #jobSpec(): Record<string, unknown> {
    return renderJobSpec(this.#props, this.renderPodTemplate());
  }
}

/** Props of a ManualJob. */
export interface ManualJobProps extends ResourceProps {
  /** The CronJob whose template the Job runs. */
  readonly cronJob: CronJob;
}

/**
 * A Job (batch/v1) that runs a CronJob's template once, annotated `cronjob.kubernetes.io/instantiate: manual`
 * as kubectl does. Its pods are the CronJob's pods: anything that selects the CronJob selects them too.
 */
export class ManualJob extends Resource implements IPodSelector {
  /** The CronJob it runs. */
  readonly cronJob: CronJob;
  readonly #source: RunSource;

  constructor(scope: Construct, id: string, props: ManualJobProps) {
    super(scope, id, { apiVersion: 'batch/v1', kind: 'Job', nameRule: NameRule.DNS_SUBDOMAIN, maxNameLength: 63, bodyKeys: ['spec'] }, props);
    const source = runSources.get(props.cronJob);
    if (source === undefined) this.fail('cronJob', props.cronJob.node.path, 'is not a CronJob', 'Pass a CronJob construct.');
    if (source.namespace !== this.namespace) {
      this.fail('cronJob', props.cronJob.node.path, `lives in namespace "${source.namespace}", but this Job in "${this.namespace}"`, 'Create the Job in the CronJob\'s chart, e.g. cronJob.createJob(cronJob, "ManualRun").');
    }
    this.cronJob = props.cronJob;
    this.#source = source;
    this.apiObject.metadata.addAnnotation('cronjob.kubernetes.io/instantiate', 'manual');
  }

  /** The construct path. */
  get path(): string {
    return this.node.path;
  }

  /** `Job <name>`, for messages. */
  get displayName(): string {
    return `Job ${this.name}`;
  }

  /** The CronJob's selector labels, which its pods carry. */
  get selectorLabels(): Readonly<Record<string, string>> {
    return this.#source.selectorLabels;
  }

  /** The ports the CronJob's containers declare. */
  get exposedPorts(): readonly ContainerPort[] {
    return this.cronJob.exposedPorts;
  }

  protected renderBody(): Record<string, unknown> {
    const { spec, external } = this.#source.render();
    if (external !== undefined) this.apiObject.metadata.addAnnotation(EXTERNAL_REFERENCES_ANNOTATION, external);
    return { spec };
  }
}

function checkTimeZone(timeZone: string, fail: (field: string, value: unknown, problem: string, fix: string) => never): void {
  const fix = 'Use an IANA time zone name such as "Etc/UTC" or "Europe/Berlin".';
  if (timeZone.trim() === '' || timeZone.toLowerCase() === 'local') fail('timeZone', timeZone, 'must be an explicit IANA time zone', fix);
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone }).resolvedOptions().timeZone;
  } catch {
    fail('timeZone', timeZone, 'is not a known time zone', fix);
  }
  // The API server looks zones up by exact name (Go's time.LoadLocation), where ICU ignores case.
  if (resolved !== timeZone && resolved.toLowerCase() === timeZone.toLowerCase()) {
    fail('timeZone', timeZone, 'is not spelled as the time zone database spells it', `Use "${resolved}".`);
  }
}
