import { Testing } from 'cdk8s';
import { App, AppChart, Environment, Secret, SecretType, ServiceAccount } from '../../../src';
import { synthesize } from '../../../src/synth';
import { findObject } from '../../helpers/find';

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
