import { App, Duration } from 'cdk8s';
import {
  AppChart,
  ConcurrencyPolicy,
  CronJob,
  CronJobProps,
  EnvValue,
  Environment,
  RestartPolicy,
  Secret,
  synthesize,
} from '../../../src';
import { expectValidationError } from '../../helpers/errors';
import { findObject } from '../../helpers/find';

const CONTAINER = { image: 'mongo:7.0.14', command: ['mongodump', '--archive=/backup/dump.gz'] };

function synthCronJob(props: Partial<CronJobProps> = {}) {
  const app = new App();
  const chart = new AppChart(app, 'shop');
  const cronJob = new CronJob(chart, 'Backup', { schedule: '0 2 * * *', containers: [CONTAINER], ...props });
  const output = synthesize(app).manifests;
  return { app, chart, cronJob, output, object: findObject(output, 'CronJob', cronJob.name) };
}

describe('CronJob', () => {
  test('a minimal CronJob never overlaps runs, keeps 3 successful and 1 failed Job, and is valid', () => {
    const { object, cronJob } = synthCronJob();
    expect(object.apiVersion).toBe('batch/v1');
    expect(cronJob.schedule).toBe('0 2 * * *');
    const { jobTemplate, ...spec } = object.spec;
    expect(spec).toEqual({ schedule: '0 2 * * *', concurrencyPolicy: 'Forbid', successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1 });
    expect(jobTemplate.metadata.labels).toMatchObject({ 'app.kubernetes.io/name': 'backup', 'app.kubernetes.io/part-of': 'shop' });
    expect(jobTemplate.spec.template.metadata.labels).toMatchObject({ 'app.kubernetes.io/name': 'backup' });
    expect(jobTemplate.spec.template.spec.restartPolicy).toBe('Never');
    expect(jobTemplate.spec.template.spec.containers[0].image).toBe('mongo:7.0.14');
    expect(cronJob.selectorLabels).toEqual({ 'app.kubernetes.io/name': 'backup' });
  });

  test('a CronJob renders every prop, its Job options included', () => {
    const { object } = synthCronJob({
      name: 'nightly-backup',
      schedule: '@daily',
      timeZone: 'Europe/Berlin',
      concurrencyPolicy: ConcurrencyPolicy.REPLACE,
      startingDeadline: Duration.minutes(5),
      successfulJobsHistoryLimit: 7,
      failedJobsHistoryLimit: 0,
      suspend: true,
      backoffLimit: 1,
      activeDeadline: Duration.hours(2),
      ttlAfterFinished: Duration.days(1),
      restartPolicy: RestartPolicy.ON_FAILURE,
      completions: 1,
      parallelism: 1,
    });
    expect(object.metadata.name).toBe('nightly-backup');
    const { jobTemplate, ...spec } = object.spec;
    expect(spec).toEqual({
      schedule: '@daily',
      timeZone: 'Europe/Berlin',
      concurrencyPolicy: 'Replace',
      startingDeadlineSeconds: 300,
      successfulJobsHistoryLimit: 7,
      failedJobsHistoryLimit: 0,
      suspend: true,
    });
    expect(jobTemplate.spec).toMatchObject({ backoffLimit: 1, activeDeadlineSeconds: 7200, ttlSecondsAfterFinished: 86400, completions: 1, parallelism: 1 });
    expect(jobTemplate.spec.template.spec.restartPolicy).toBe('OnFailure');
  });

  test('createJob makes a manual run of exactly the CronJob template, selected like the CronJob', () => {
    const app = new App();
    const chart = new AppChart(new Environment(app, 'prod'), 'shop');
    const credentials = Secret.fromSecretName(chart, 'mongo-root', { keys: ['password'] });
    const cronJob = new CronJob(chart, 'Backup', { schedule: '0 2 * * *', containers: [{ ...CONTAINER, env: { PASSWORD: EnvValue.fromSecret(credentials, 'password') } }] });
    const run = cronJob.createJob(chart, 'BackupNow');
    // Containers added later still reach both.
    cronJob.addContainer({ name: 'notify', image: 'curlimages/curl:8.10.1' });
    const output = synthesize(app).manifests;
    const cron = findObject(output, 'CronJob', 'backup');
    const job = findObject(output, 'Job', 'backup-now');
    expect(job.metadata.annotations).toEqual({ 'cronjob.kubernetes.io/instantiate': 'manual', 'validate.shipshape.io/external': 'Secret/mongo-root' });
    expect(job.spec).toEqual(cron.spec.jobTemplate.spec);
    expect(job.spec.template.spec.containers.map((container: { name: string }) => container.name)).toEqual(['main', 'notify']);
    expect(run.selectorLabels).toEqual(cronJob.selectorLabels);
    expect(run.displayName).toBe('Job backup-now');
    expect(run.path).toBe('prod/shop/BackupNow');
    expect(run.cronJob).toBe(cronJob);
    expect(run.exposedPorts).toEqual([]);
  });

  test('fails when the schedule does not parse', () => {
    expectValidationError(() => synthCronJob({ schedule: '0 25 * * *' }), {
      problem: /hour field "25": 25 is above the maximum 23/,
      path: 'shop/Backup',
      field: 'schedule',
      value: '"0 25 * * *"',
      fix: /"0 2 \* \* \*" for 02:00 every day/,
    });
  });

  test('fails when the schedule carries its own time zone', () => {
    expect(() => synthCronJob({ schedule: 'CRON_TZ=Europe/Berlin 0 2 * * *' })).toThrow(/schedule: a time zone in the schedule \(TZ= or CRON_TZ=\) is refused: .*set spec.timeZone instead/);
  });

  test('fails on an unknown time zone', () => {
    expectValidationError(() => synthCronJob({ timeZone: 'Mars/Olympus' }), { problem: /is not a known time zone/, path: 'shop/Backup', field: 'timeZone', value: '"Mars/Olympus"', fix: /IANA time zone/ });
  });

  test('fails on the Local time zone and on a time zone spelled in the wrong case', () => {
    expect(() => synthCronJob({ timeZone: 'Local' })).toThrow(/timeZone: must be an explicit IANA time zone, got "Local"/);
    expect(() => synthCronJob({ timeZone: 'europe/berlin' })).toThrow(/timeZone: is not spelled as the time zone database spells it, got "europe\/berlin"\. Use "Europe\/Berlin"\./);
  });

  test('fails when the starting deadline is under 10 seconds', () => {
    expectValidationError(() => synthCronJob({ startingDeadline: Duration.seconds(5) }), {
      problem: /under 10 seconds, so runs may never start/,
      path: 'shop/Backup',
      field: 'startingDeadline',
      value: '"5s"',
      fix: /Duration\.minutes\(5\)/,
    });
  });

  test('fails when a history limit is negative', () => {
    expect(() => synthCronJob({ successfulJobsHistoryLimit: -1 })).toThrow(/successfulJobsHistoryLimit: must be a whole number >= 0, got -1/);
    expect(() => synthCronJob({ failedJobsHistoryLimit: 0.5 })).toThrow(/failedJobsHistoryLimit: must be a whole number >= 0, got 0\.5/);
  });

  test('fails when the Job template asks for restartPolicy Always', () => {
    expect(() => synthCronJob({ restartPolicy: RestartPolicy.ALWAYS })).toThrow(/CronJob 'shop\/Backup': restartPolicy: is not allowed for a Job/);
  });

  test('fails when a name is longer than the 52 characters a CronJob may have', () => {
    expect(() => synthCronJob({ name: 'a'.repeat(53) })).toThrow(/name: must be at most 52 characters/);
  });

  test('fails when a manual run is created in another namespace', () => {
    const app = new App();
    const cronJob = new CronJob(new AppChart(app, 'shop'), 'Backup', { schedule: '@daily', containers: [CONTAINER] });
    expectValidationError(() => cronJob.createJob(new AppChart(app, 'other'), 'Run'), {
      problem: /lives in namespace "shop", but this Job in "other"/,
      path: 'other/Run',
      field: 'cronJob',
      value: '"shop/Backup"',
      fix: /Create the Job in the CronJob's chart/,
    });
  });
});
