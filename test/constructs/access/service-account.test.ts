import { Testing } from 'cdk8s';
import { App, AppChart, ClusterRole, Deployment, Environment, Role, Secret, SecretType, ServiceAccount, validateManifests } from '../../../src';
import { synthesize } from '../../../src/synth';
import { expectValidationError } from '../../helpers/errors';
import { findObject, findObjects } from '../../helpers/find';

function chart() {
  const app = new App();
  return { app, chart: new AppChart(new Environment(app, 'dev'), 'shop') };
}

describe('ServiceAccount', () => {
  test('a minimal ServiceAccount mounts no token and lives in the chart namespace', () => {
    const { app, chart: c } = chart();
    const account = new ServiceAccount(c, 'Backup');
    const sa = findObject(synthesize(app).manifests, 'ServiceAccount', 'backup');
    expect(sa.metadata?.name).toBe('backup');
    expect(sa.metadata?.namespace).toBe('shop-dev');
    expect(sa.automountServiceAccountToken).toBe(false);
    expect(account.toSubject()).toEqual({ kind: 'ServiceAccount', name: 'backup', namespace: 'shop-dev' });
  });

  test('automountToken: true writes it', () => {
    const c = Testing.chart();
    new ServiceAccount(c, 'Api', { name: 'api', automountToken: true });
    const [sa] = Testing.synth(c);
    expect(sa.automountServiceAccountToken).toBe(true);
  });

  test('fails on an invalid name', () => {
    const c = Testing.chart();
    expect(() => new ServiceAccount(c, 'Bad', { name: 'Bad_Name' })).toThrow(/DNS-1123 subdomain/);
  });

  test('imagePullSecrets name docker-config Secrets, and existing ones are marked for validation', () => {
    const { app, chart: c } = chart();
    const pull = Secret.fromSecretName(c, 'registry-pull', { type: SecretType.DOCKER_CONFIG_JSON });
    new ServiceAccount(c, 'Builder', { imagePullSecrets: [pull] });
    const sa = findObject(synthesize(app).manifests, 'ServiceAccount', 'builder');
    expect(sa.imagePullSecrets).toEqual([{ name: 'registry-pull' }]);
    expect(sa.metadata?.annotations).toEqual({ 'validate.shipshape.io/external': 'Secret/registry-pull' });
  });

  test('fails when an image pull secret is not a docker-config Secret', () => {
    const { chart: c } = chart();
    const tls = Secret.fromSecretName(c, 'tls', { type: SecretType.TLS });
    expect(() => new ServiceAccount(c, 'Builder', { imagePullSecrets: [tls] })).toThrow(
      /ServiceAccount 'dev\/shop\/Builder': imagePullSecrets\[0\]: is not a docker-config Secret, so the kubelet cannot pull images with it, got "tls \(kubernetes.io\/tls\)"/,
    );
  });
});

describe('ServiceAccount.fromServiceAccountName', () => {
  const referenceErrors = (app: App) =>
    validateManifests(synthesize(app).manifests, { policies: false })
      .problems.filter((problem) => problem.ruleId.startsWith('reference/'))
      .map((problem) => `${problem.ruleId} ${problem.fieldPath}`);

  test('a minimal existing account is in the chart namespace, writes nothing and marks the workload that runs as it', () => {
    const { app, chart: c } = chart();
    const account = ServiceAccount.fromServiceAccountName(c, 'Agent', 'platform-agent');
    new Deployment(c, 'Web', { containers: [{ image: 'nginx:1.27' }], serviceAccount: account });
    const manifests = synthesize(app).manifests;
    expect(findObjects(manifests, 'ServiceAccount')).toEqual([]);
    const web = findObject(manifests, 'Deployment', 'web');
    expect(web.spec.template.spec.serviceAccountName).toBe('platform-agent');
    expect(web.spec.template.spec.automountServiceAccountToken).toBe(false);
    expect(web.metadata.annotations).toMatchObject({ 'validate.shipshape.io/external': 'ServiceAccount/platform-agent' });
    expect(account).toMatchObject({ name: 'platform-agent', namespace: 'shop-dev', external: true, automountToken: undefined, path: 'dev/shop/Agent (existing ServiceAccount platform-agent)' });
    expect(account.toSubject()).toEqual({ kind: 'ServiceAccount', name: 'platform-agent', namespace: 'shop-dev' });
  });

  test('an existing account of another namespace is a binding subject in that namespace, and the pod may ask for its token', () => {
    const { app, chart: c } = chart();
    const account = ServiceAccount.fromServiceAccountName(c, 'Prometheus', 'prometheus', { namespace: 'monitoring' });
    new Role(c, 'Scrape').allowRead('pods').bind(account);
    const manifests = synthesize(app).manifests;
    const binding = findObjects(manifests, 'RoleBinding')[0];
    expect(binding?.subjects).toEqual([{ kind: 'ServiceAccount', name: 'prometheus', namespace: 'monitoring' }]);
    expect(binding?.metadata.annotations).toEqual({ 'validate.shipshape.io/external': 'ServiceAccount/prometheus' });

    const own = chart();
    const agent = ServiceAccount.fromServiceAccountName(own.chart, 'Agent', 'agent');
    new Deployment(own.chart, 'Web', { containers: [{ image: 'nginx:1.27' }], serviceAccount: agent, automountServiceAccountToken: true });
    expect(findObject(synthesize(own.app).manifests, 'Deployment', 'web').spec.template.spec.automountServiceAccountToken).toBe(true);
  });

  test('validation accepts workloads and bindings that use an existing account, and still reports an account named only by string', () => {
    const { app, chart: c } = chart();
    const account = ServiceAccount.fromServiceAccountName(c, 'Agent', 'platform-agent');
    new Deployment(c, 'Web', { containers: [{ image: 'nginx:1.27' }], serviceAccount: account });
    new Role(c, 'Reader').allowRead('configmaps').bind(account);
    expect(referenceErrors(app)).toEqual([]);

    const unmarked = chart();
    new Deployment(unmarked.chart, 'Web', { containers: [{ image: 'nginx:1.27' }], serviceAccountName: 'platform-agent' });
    expect(() => synthesize(unmarked.app)).toThrow(/ERROR reference\/missing-service-account: Deployment shop-dev\/web[\s\S]*field: +spec\.template\.spec\.serviceAccountName = "platform-agent"/);
  });

  test('fails on a name that is not a DNS-1123 subdomain', () => {
    const { chart: c } = chart();
    expectValidationError(() => ServiceAccount.fromServiceAccountName(c, 'Agent', 'Platform_Agent'), {
      path: 'dev/shop/Agent',
      field: 'name',
      value: '"Platform_Agent"',
      problem: /must be a DNS-1123 subdomain/,
      fix: /Use a name such as "platform-agent"/,
    });
  });

  test('fails on a namespace that is not a DNS-1123 label', () => {
    const { chart: c } = chart();
    expect(() => ServiceAccount.fromServiceAccountName(c, 'Agent', 'agent', { namespace: 'platform.system' })).toThrow(
      /ServiceAccount 'dev\/shop\/Agent': namespace: must be a DNS-1123 label.*got "platform\.system"/,
    );
  });

  test('fails when a workload runs as an existing account of another namespace', () => {
    const { chart: c } = chart();
    const account = ServiceAccount.fromServiceAccountName(c, 'Agent', 'agent', { namespace: 'platform' });
    expectValidationError(() => new Deployment(c, 'Web', { containers: [{ image: 'nginx:1.27' }], serviceAccount: account }), {
      path: 'dev/shop/Web',
      field: 'serviceAccount',
      value: '"dev/shop/Agent (existing ServiceAccount agent)"',
      problem: /lives in namespace "platform", but the pods run in "shop-dev"/,
      fix: /Refer to the account of namespace "shop-dev", or run the workload in "platform"/,
    });
  });

  test('fails when a ClusterRoleBinding names an existing account that has no namespace', () => {
    const c = Testing.chart();
    const account = ServiceAccount.fromServiceAccountName(c, 'Agent', 'agent');
    expect(() => new ClusterRole(c, 'Reader').allowRead('nodes').bind(account)).toThrow(
      /subjects\[0\]: is a ServiceAccount without a namespace, which a ClusterRoleBinding must name/,
    );
  });
});
