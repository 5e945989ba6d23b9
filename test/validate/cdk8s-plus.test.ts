import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { formatReportText, hasErrors, validateManifests } from '../../src/validate';
import type { KubeObject } from '../../src/manifest/kube-object';

/** A realistic app as a cdk8s-plus-27 user writes it. */
function synthShop(): KubeObject[] {
  const chart = Testing.chart();
  new kplus.Namespace(chart, 'ns', { metadata: { name: 'shop' } });
  const config = new kplus.ConfigMap(chart, 'config', { metadata: { namespace: 'shop' }, data: { 'LOG_LEVEL': 'info', 'app.yaml': 'a: 1' } });
  const secret = new kplus.Secret(chart, 'db', { metadata: { namespace: 'shop' }, stringData: { password: 'hunter2' } });
  const web = new kplus.Deployment(chart, 'web', {
    metadata: { namespace: 'shop' },
    replicas: 2,
    containers: [
      {
        image: 'nginx:1.25.3',
        portNumber: 8080,
        envVariables: {
          LOG_LEVEL: kplus.EnvValue.fromConfigMap(config, 'LOG_LEVEL'),
          DB_PASSWORD: kplus.EnvValue.fromSecretValue({ secret, key: 'password' }),
        },
        readiness: kplus.Probe.fromHttpGet('/healthz'),
        liveness: kplus.Probe.fromHttpGet('/healthz'),
        volumeMounts: [{ path: '/etc/app', volume: kplus.Volume.fromConfigMap(chart, 'config-volume', config) }],
      },
    ],
  });
  const service = web.exposeViaService({ ports: [{ port: 80, targetPort: 8080 }] });
  new kplus.Ingress(chart, 'ingress', {
    metadata: { namespace: 'shop' },
    rules: [{ host: 'shop.example.com', path: '/', backend: kplus.IngressBackend.fromService(service) }],
  });
  new kplus.StatefulSet(chart, 'db-set', {
    metadata: { namespace: 'shop' },
    containers: [{ image: 'postgres:16.1', portNumber: 5432, envFrom: [kplus.Env.fromSecret(secret)] }],
  });
  return Testing.synth(chart) as KubeObject[];
}

describe('cdk8s-plus-27 output', () => {
  test('a realistic cdk8s-plus-27 chart raises no error for either Kubernetes version', () => {
    const objects = synthShop();
    const report = validateManifests(objects.map((object) => ({ object })));
    const errors = report.problems.filter((problem) => problem.severity === 'error');
    expect(formatReportText({ ...report, problems: errors })).toBe(`0 errors, 0 warnings in ${objects.length} resources.\n`);
    expect(hasErrors(report)).toBe(false);
  });

  test('cdk8s-plus-27 defaults raise only the documented availability and probe warnings', () => {
    const report = validateManifests(synthShop().map((object) => ({ object })));
    // cdk8s-plus-27 sets resources and a restrictive securityContext by default, but adds no
    // PodDisruptionBudget, no topology spread, and no probes unless asked (the StatefulSet here has none).
    expect([...new Set(report.problems.map((problem) => `${problem.object.kind} ${problem.ruleId}`))].sort()).toEqual([
      'Deployment policy/deployment-pdb',
      'Deployment policy/deployment-spread',
      'StatefulSet policy/liveness-probe',
      'StatefulSet policy/readiness-probe',
      'StatefulSet policy/statefulset-pdb',
    ]);
  });
});
