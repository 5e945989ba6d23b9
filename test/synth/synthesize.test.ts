/** The synthesis pipeline: one render per object, apply order, layout, duplicates, cluster scope. */
import { ApiObject, App, Chart, JsonPatch, Size, Testing } from 'cdk8s';
import * as plus from 'cdk8s-plus-27';
import { AppChart, ConfigMap, Deployment, EnvValue, Environment, Secret, SecretValue, Service, StatefulSet } from '../../src';
import { synthesize, SynthesisError } from '../../src/synth';
import { findObject, Obj } from '../helpers/manifests';

const objects = (result: ReturnType<typeof synthesize>): Obj[] => result.manifests.map((m) => m.object as unknown as Obj);

function synthesisErrorOf(run: () => unknown): SynthesisError {
  try {
    run();
  } catch (error) {
    if (error instanceof SynthesisError) return error;
    throw error;
  }
  throw new Error('expected a SynthesisError');
}

function shopApp(): { app: App; chart: AppChart } {
  const app = Testing.app();
  const chart = new AppChart(new Environment(app, 'staging'), 'shop');
  const config = new ConfigMap(chart, 'Config', { data: { a: '1' } });
  const web = new Deployment(chart, 'Web', { containers: [{ image: 'nginx:1.27', ports: [{ number: 80 }], envFrom: [config] }] });
  new Service(chart, 'WebService', { selects: web });
  new StatefulSet(chart, 'Db', { containers: [{ image: 'postgres:16.4', ports: [{ number: 5432 }] }], volumeClaimTemplates: [{ name: 'data', size: Size.gibibytes(1) }] });
  return { app, chart };
}

describe('synthesize', () => {
  test('writes objects in apply order: Namespace, configuration, Services, workloads, budgets', () => {
    const app = Testing.app();
    const chart = new AppChart(new Environment(app, 'dev'), 'shop');
    // Created in the reverse of apply order on purpose.
    const web = new Deployment(chart, 'Web', { replicas: 2, containers: [{ image: 'nginx:1.27', ports: [{ number: 80 }] }] });
    new Service(chart, 'WebService', { selects: web });
    new ConfigMap(chart, 'Config', { data: { a: '1' } });
    const kinds = objects(synthesize(app)).map((o) => o.kind);
    expect(kinds).toEqual(['Namespace', 'ConfigMap', 'Service', 'Deployment', 'PodDisruptionBudget']);
  });

  test('puts each chart in <environment>/<chart>.k8s.yaml and its Secrets in an owner-only secrets file', () => {
    process.env.SYNTH_TEST_TOKEN = 'value';
    try {
      const app = Testing.app();
      const chart = new AppChart(new Environment(app, 'prod'), 'shop');
      new Secret(chart, 'Token', { data: { token: SecretValue.fromEnv('SYNTH_TEST_TOKEN') } });
      new AppChart(app, 'tools');
      const result = synthesize(app);
      expect(result.files.map((f) => [f.path, Boolean(f.private)])).toEqual([
        ['prod/shop.k8s.yaml', false],
        ['prod/shop.secrets.k8s.yaml', true],
        ['tools.k8s.yaml', false],
      ]);
    } finally {
      delete process.env.SYNTH_TEST_TOKEN;
    }
  });

  test('never writes metadata.namespace on cluster-scoped kinds, whoever created them', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'plain', { namespace: 'team-a' });
    new ApiObject(chart, 'Priority', { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'high' }, value: 1000 });
    new ApiObject(chart, 'Quota', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } });
    const result = synthesize(app, { validate: false });
    expect(findObject(objects(result), 'PriorityClass', 'high').metadata.namespace).toBeUndefined();
    expect(findObject(objects(result), 'Namespace', 'team-a').metadata.namespace).toBeUndefined();
  });

  test('keeps the chart\'s namespace on a custom kind named like a built-in cluster-scoped one', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'plain', { namespace: 'team-a' });
    new ApiObject(chart, 'Node', { apiVersion: 'management.cattle.io/v3', kind: 'Node', metadata: { name: 'm-1' } });
    new ApiObject(chart, 'Builtin', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n-1' } });
    const result = synthesize(app, { validate: false });
    expect(findObject(objects(result), 'Node', 'm-1').metadata.namespace).toBe('team-a');
    expect(findObject(objects(result), 'Node', 'n-1').metadata.namespace).toBeUndefined();
  });

  test('reports two objects of one kind with one name in one namespace, naming both construct paths', () => {
    const app = Testing.app();
    const chart = new AppChart(app, 'shop');
    new ConfigMap(chart, 'First', { name: 'settings' });
    new ConfigMap(chart, 'Second', { name: 'settings' });
    expect(() => synthesize(app)).toThrow(/ConfigMap 'shop\/Second': name: "settings" is already used by 'shop\/First'/);
  });

  test('collects every problem of the app before failing', () => {
    const app = Testing.app();
    const chart = new AppChart(app, 'shop');
    new Deployment(chart, 'NoContainers');
    new Secret(chart, 'Missing', { data: { a: SecretValue.fromEnv('SYNTH_TEST_UNSET_A') } });
    try {
      synthesize(app);
      throw new Error('expected a SynthesisError');
    } catch (error) {
      expect(error).toBeInstanceOf(SynthesisError);
      const problems = (error as SynthesisError).problems;
      expect(problems).toHaveLength(2);
      expect(problems.join('\n')).toMatch(/shop\/NoContainers.*containers: none were added/);
      expect(problems.join('\n')).toMatch(/SYNTH_TEST_UNSET_A is not set/);
    }
  });

  test('a missing Secret value is reported together with the validation errors of the same run', () => {
    const app = Testing.app();
    const chart = new AppChart(new Environment(app, 'prod'), 'shop');
    const secret = new Secret(chart, 'Db', { data: { password: SecretValue.fromEnv('SYNTH_TEST_UNSET_B') } });
    new Deployment(chart, 'Web', { containers: [{ image: 'nginx:1.27', ports: [{ number: 80 }], env: { PASSWORD: EnvValue.fromSecret(secret, 'password') } }] });
    new ApiObject(chart, 'Raw', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'raw' }, datta: { a: '1' } });
    const error = synthesisErrorOf(() => synthesize(app));
    // Once, although the Deployment's configuration hash read the Secret too; and no broken reference to it.
    expect(error.problems.filter((problem) => problem.includes('SYNTH_TEST_UNSET_B is not set'))).toHaveLength(1);
    expect(error.problems.some((problem) => /ERROR schema\/unknown-field: ConfigMap shop-prod\/raw/.test(problem))).toBe(true);
    expect(error.problems.some((problem) => problem.includes('reference/'))).toBe(false);
    expect(error.message).toMatch(new RegExp(`nothing was written\\. ${error.problems.length} errors`));
  });

  test('a SynthesisError puts errors first, warnings apart, and leaves warnings out when asked', () => {
    const app = Testing.app();
    const chart = new AppChart(new Environment(app, 'prod'), 'shop');
    new Deployment(chart, 'Web', { containers: [{ image: 'nginx:1.27', ports: [{ number: 80 }] }] });
    new ApiObject(chart, 'Raw', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'raw' }, datta: { a: '1' } });
    const error = synthesisErrorOf(() => synthesize(app));
    expect(error.warnings.length).toBeGreaterThan(0);
    expect(error.warnings.every((warning) => warning.startsWith('WARNING '))).toBe(true);
    expect(error.message).toContain(`${error.problems.length} error${error.problems.length === 1 ? '' : 's'}, ${error.warnings.length} warnings in`);
    expect(error.message.lastIndexOf('ERROR ')).toBeLessThan(error.message.indexOf('WARNING '));
    const quiet = error.format({ errorsOnly: true });
    expect(quiet).not.toContain('WARNING ');
    expect(quiet).toContain(`(${error.warnings.length} warnings not shown: errors only.)`);
    const short = error.format({ maxWarnings: 1, moreWarningsHint: 'see the log' });
    expect(short.split('\n').filter((line) => line.startsWith('WARNING '))).toHaveLength(1);
    expect(short).toContain(`... and ${error.warnings.length - 1} more warning${error.warnings.length === 2 ? '' : 's'}; see the log.`);
  });

  test('an object that cannot be rendered is reported, and the others are still validated', () => {
    const app = Testing.app();
    const chart = new AppChart(new Environment(app, 'prod'), 'shop');
    const broken = new ApiObject(chart, 'Broken', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'broken' } });
    broken.addJsonPatch(JsonPatch.replace('/no/such/path', 1));
    new ApiObject(chart, 'Raw', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'raw' }, datta: { a: '1' } });
    const error = synthesisErrorOf(() => synthesize(app));
    expect(error.problems.some((problem) => problem.startsWith("'shop/Broken'") || problem.includes('prod/shop/Broken'))).toBe(true);
    expect(error.problems.some((problem) => problem.includes('datta is not a field of ConfigMap'))).toBe(true);
  });

  test('an app without charts is an error, not an empty dist/', () => {
    expect(() => synthesize(Testing.app())).toThrow(/the app has no charts/);
  });

  test('cdk8s-plus-27 constructs in our charts synthesize and validate without false errors', () => {
    const app = Testing.app();
    const chart = new AppChart(app, 'mixed');
    const deployment = new plus.Deployment(chart, 'Plus', { containers: [{ image: 'nginx:1.27', portNumber: 80 }] });
    deployment.exposeViaService();
    const result = synthesize(app);
    expect(result.report?.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(objects(result).map((o) => o.kind)).toEqual(['Namespace', 'Service', 'Deployment']);
  });

  test("gives the same objects as cdk8s' Testing.synth of the same chart", () => {
    const { app, chart } = shopApp();
    const ours = objects(synthesize(app, { validate: false })).filter((o) => o.kind !== 'Namespace');
    const viaCdk8s = Testing.synth(chart) as Obj[];
    const key = (o: Obj) => `${o.kind}/${o.metadata.name}`;
    expect(ours.map(key).sort()).toEqual(viaCdk8s.filter((o) => o.kind !== 'Namespace').map(key).sort());
    for (const object of ours) expect(object).toEqual(viaCdk8s.find((other) => key(other) === key(object)));
  });
});

describe('charts whose namespace exists already', () => {
  test('validate, and mark their objects so that `shipshape validate` of the files agrees', () => {
    const app = Testing.app();
    const chart = new AppChart(app, 'team', { namespace: 'platform-apps', createNamespace: false });
    new ConfigMap(chart, 'Settings', { data: { a: 'b' } });
    const result = synthesize(app);
    const settings = findObject(objects(result), 'ConfigMap', 'settings');
    expect(settings.metadata.namespace).toBe('platform-apps');
    expect(settings.metadata.annotations?.['validate.shipshape.io/namespace-exists']).toBe('true');
    expect(objects(result).map((o) => o.kind)).toEqual(['ConfigMap']);
  });

  test('a chart that creates its namespace adds no such mark', () => {
    const app = Testing.app();
    new ConfigMap(new AppChart(app, 'team'), 'Settings', { data: { a: 'b' } });
    const settings = findObject(objects(synthesize(app)), 'ConfigMap', 'settings');
    expect(settings.metadata.annotations).toBeUndefined();
  });
});
