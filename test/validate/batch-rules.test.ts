import type { KubeObject } from '../../src/manifest/kube-object';
import { validateManifests } from '../../src/validate';

const podSpec = (restartPolicy?: string): Record<string, unknown> => ({
  ...(restartPolicy === undefined ? {} : { restartPolicy }),
  containers: [{ name: 'main', image: 'busybox:1.36', command: ['true'] }],
});
const job = (restartPolicy?: string): KubeObject => ({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'migrate' }, spec: { template: { spec: podSpec(restartPolicy) } } });
const cronJob = (spec: Record<string, unknown>, restartPolicy = 'OnFailure'): KubeObject => ({
  apiVersion: 'batch/v1',
  kind: 'CronJob',
  metadata: { name: 'backup' },
  spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template: { spec: podSpec(restartPolicy) } } }, ...spec },
});
const errors = (object: KubeObject) =>
  validateManifests([{ object }], { policies: false, references: false }).problems.filter((problem) => problem.severity === 'error');

describe('Job and CronJob rules', () => {
  test('a Job with restartPolicy OnFailure or Never passes', () => {
    expect(errors(job('OnFailure'))).toEqual([]);
    expect(errors(job('Never'))).toEqual([]);
  });

  test('fails when a Job restarts Always or leaves restartPolicy unset', () => {
    expect(errors(job('Always'))).toEqual([expect.objectContaining({ ruleId: 'api/job-restart-policy', fieldPath: 'spec.template.spec.restartPolicy', value: 'Always' })]);
    expect(errors(job())).toEqual([expect.objectContaining({ ruleId: 'api/job-restart-policy', message: expect.stringContaining('unset (which means Always)') })]);
  });

  test("fails when a CronJob's job template restarts Always", () => {
    expect(errors(cronJob({}, 'Always'))).toEqual([expect.objectContaining({ ruleId: 'api/job-restart-policy', fieldPath: 'spec.jobTemplate.spec.template.spec.restartPolicy' })]);
  });

  test('a CronJob with a valid schedule and time zone passes', () => {
    expect(errors(cronJob({ schedule: '30 2 * * MON-FRI', timeZone: 'Europe/Berlin' }))).toEqual([]);
  });

  test('fails when the schedule does not parse, naming the field and the fix', () => {
    expect(errors(cronJob({ schedule: '0 3 * * * *' }))).toEqual([
      expect.objectContaining({ ruleId: 'api/cron-schedule', fieldPath: 'spec.schedule', value: '0 3 * * * *', message: expect.stringContaining('expected exactly 5 fields, found 6'), fix: expect.stringContaining('five fields') }),
    ]);
  });

  test('fails when the schedule carries a time zone, pointing at spec.timeZone', () => {
    expect(errors(cronJob({ schedule: 'CRON_TZ=Europe/Berlin 0 3 * * *' }))).toEqual([expect.objectContaining({ ruleId: 'api/cron-schedule', message: expect.stringContaining('spec.timeZone') })]);
  });

  test('a schedule that parses but never fires is a policy warning', () => {
    const neverRuns = cronJob({ schedule: '0 0 30 2 *' });
    const report = validateManifests([{ object: neverRuns }], { references: false });
    expect(report.problems.filter((problem) => problem.ruleId === 'policy/cron-never-runs')).toEqual([
      expect.objectContaining({ severity: 'warning', fieldPath: 'spec.schedule', value: '0 0 30 2 *' }),
    ]);
    expect(validateManifests([{ object: neverRuns }], { references: false, policies: false }).problems).toEqual([]);
  });

  test('fails when the time zone is unknown', () => {
    expect(errors(cronJob({ timeZone: 'Europe/Atlantis' }))).toEqual([expect.objectContaining({ ruleId: 'api/cron-time-zone', fieldPath: 'spec.timeZone', value: 'Europe/Atlantis' })]);
  });
});
