import { App, Duration, Testing } from 'cdk8s';
import { Annotations, AppChart, ConfigMap, EnvValue, Job, JobProps, RestartPolicy, synthesize } from '../../../src';
import { expectValidationError } from '../../helpers/errors';
import { findObject, findObjects } from '../../helpers/find';

const CONTAINER = { image: 'migrate/migrate:v4.17.0', args: ['up'] };

function synthJob(props: JobProps = {}) {
  const app = new App();
  const chart = new AppChart(app, 'shop');
  const job = new Job(chart, 'Migrate', { containers: [CONTAINER], ...props });
  const output = synthesize(app).manifests;
  return { job, output, object: findObject(output, 'Job', job.name) };
}

describe('Job', () => {
  test('a minimal Job runs its pods once with restartPolicy Never, the chart labels and the hardened defaults, and is valid', () => {
    const { object, output } = synthJob();
    expect(object.apiVersion).toBe('batch/v1');
    expect(object.spec).not.toHaveProperty('selector');
    expect(object.spec).not.toHaveProperty('ttlSecondsAfterFinished');
    expect(object.spec).not.toHaveProperty('backoffLimit');
    const template = object.spec.template;
    expect(template.metadata.labels).toEqual({ 'app.kubernetes.io/managed-by': 'shipshape', 'app.kubernetes.io/part-of': 'shop', 'app.kubernetes.io/name': 'migrate' });
    expect(template.spec.restartPolicy).toBe('Never');
    expect(template.spec.automountServiceAccountToken).toBe(false);
    expect(template.spec.securityContext).toEqual({ seccompProfile: { type: 'RuntimeDefault' } });
    expect(template.spec.containers[0].securityContext).toEqual({ allowPrivilegeEscalation: false });
    expect(template.spec.containers[0].resources.limits).toEqual({ cpu: '500m', memory: '256Mi' });
    expect(template.spec).not.toHaveProperty('topologySpreadConstraints');
    // No disruption budget or autoscaler: nothing but the Job and its Namespace.
    expect(output.map((manifest) => manifest.object.kind).sort()).toEqual(['Job', 'Namespace']);
  });

  test('a Job renders every run-to-completion prop', () => {
    const { object } = synthJob({
      name: 'schema-migration',
      completions: 4,
      parallelism: 2,
      backoffLimit: 0,
      activeDeadline: Duration.minutes(30),
      ttlAfterFinished: Duration.hours(1),
      restartPolicy: RestartPolicy.ON_FAILURE,
      indexed: true,
    });
    expect(object.metadata.name).toBe('schema-migration');
    expect(object.spec).toMatchObject({
      completions: 4,
      parallelism: 2,
      backoffLimit: 0,
      activeDeadlineSeconds: 1800,
      ttlSecondsAfterFinished: 3600,
      completionMode: 'Indexed',
    });
    expect(object.spec.template.spec.restartPolicy).toBe('OnFailure');
  });

  test('a Job shares the container model and the configuration hash', () => {
    const app = new App();
    const chart = new AppChart(app, 'shop');
    const config = new ConfigMap(chart, 'Config', { data: { url: 'postgres://db/shop' } });
    new Job(chart, 'Migrate', { containers: [{ ...CONTAINER, env: { DATABASE_URL: EnvValue.fromConfigMap(config, 'url') } }] });
    const job = findObject(synthesize(app).manifests, 'Job', 'migrate');
    expect(job.spec.template.metadata.annotations[Annotations.CONFIG_HASH]).toMatch(/^[0-9a-f]{16}$/);
    expect(job.spec.template.spec.containers[0].env).toEqual([{ name: 'DATABASE_URL', valueFrom: { configMapKeyRef: { name: 'config', key: 'url' } } }]);
  });

  test('a Job in a plain cdk8s chart renders too', () => {
    const chart = Testing.chart();
    new Job(chart, 'Once', { containers: [CONTAINER] });
    expect(findObjects(Testing.synth(chart), 'Job')).toHaveLength(1);
  });

  test('fails when the restart policy is Always', () => {
    expectValidationError(() => synthJob({ restartPolicy: RestartPolicy.ALWAYS }), {
      problem: /is not allowed for a Job: its pods must finish/,
      path: 'shop/Migrate',
      field: 'restartPolicy',
      value: '"Always"',
      fix: /RestartPolicy\.NEVER/,
    });
  });

  test('fails when completions is below 1', () => {
    expectValidationError(() => synthJob({ completions: 0 }), { problem: /must be a whole number >= 1/, path: 'shop/Migrate', field: 'completions', value: '0', fix: /Use e\.g\. 1/ });
  });

  test('fails when parallelism is negative or fractional', () => {
    expect(() => synthJob({ parallelism: -1 })).toThrow(/parallelism: must be a whole number >= 0, got -1/);
    expect(() => synthJob({ parallelism: 1.5 })).toThrow(/parallelism: must be a whole number >= 0, got 1\.5/);
  });

  test('fails when the backoff limit is negative', () => {
    expectValidationError(() => synthJob({ backoffLimit: -2 }), { problem: /must be a whole number >= 0/, path: 'shop/Migrate', field: 'backoffLimit', value: '-2', fix: /Use 0 to never retry/ });
  });

  test('fails when the active deadline is under a second', () => {
    expectValidationError(() => synthJob({ activeDeadline: Duration.millis(200) }), {
      problem: /must be at least 1 second/,
      path: 'shop/Migrate',
      field: 'activeDeadline',
      value: '"0.2s"',
      fix: /Duration\.hours\(1\)/,
    });
  });

  test('fails at synthesis when no container was added', () => {
    const app = new App();
    new Job(new AppChart(app, 'shop'), 'Empty');
    expect(() => synthesize(app)).toThrow(/Job 'shop\/Empty': containers: none were added/);
  });
});
