import type { KubeObject } from '../../src/manifest/kube-object';
import { POLICY_CHECKS, validateManifests } from '../../src/validate';

const pod = (container: Record<string, unknown>, spec: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p' },
  spec: { containers: [{ name: 'c', image: 'nginx:1.27.0', ...container }], ...spec },
});
const policyIds = (object: KubeObject) => validateManifests([{ object }], { references: false }).problems.map((problem) => problem.ruleId).filter((id) => id.startsWith('policy/'));

const hardened = {
  resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { memory: '128Mi' } },
  readinessProbe: { tcpSocket: { port: 80 } },
  livenessProbe: { tcpSocket: { port: 80 } },
  securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true },
};

describe('policy checks', () => {
  test('every check has an id, a severity, a one-line rationale, a fix and an origin', () => {
    for (const check of Object.values(POLICY_CHECKS)) {
      expect(check.id).toMatch(/^policy\/[a-z-]+$/);
      expect(['error', 'warning']).toContain(check.severity);
      expect(check.rationale).not.toContain('\n');
      expect(check.fix.length).toBeGreaterThan(10);
      expect(check.origin.length).toBeGreaterThan(3);
    }
  });

  test('a hardened container passes every policy', () => {
    expect(policyIds(pod(hardened))).toEqual([]);
  });

  test('a bare container gets the resource, probe and security warnings', () => {
    expect(policyIds(pod({})).sort()).toEqual([
      'policy/liveness-probe',
      'policy/memory-limit',
      'policy/privilege-escalation-unset',
      'policy/read-only-root-filesystem',
      'policy/readiness-probe',
      'policy/resource-requests',
      'policy/run-as-non-root',
    ]);
  });

  test('a non-zero runAsUser on the pod counts as non-root; UID 0 on the container wins over it', () => {
    const context = { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true };
    expect(policyIds(pod({ ...hardened, securityContext: context }, { securityContext: { runAsUser: 1000 } }))).toEqual([]);
    expect(policyIds(pod({ ...hardened, securityContext: { ...context, runAsUser: 0 } }, { securityContext: { runAsUser: 1000 } }))).toEqual(['policy/run-as-root']);
  });

  test('images pinned by digest or tag pass, registry ports are not tags', () => {
    expect(policyIds(pod({ ...hardened, image: 'nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef' }))).toEqual([]);
    expect(policyIds(pod({ ...hardened, image: 'registry:5000/team/app:2.1' }))).toEqual([]);
    expect(policyIds(pod({ ...hardened, image: 'registry:5000/team/app' }))).toEqual(['policy/image-tag']);
  });

  test('host namespaces and SYS_ADMIN are errors', () => {
    const object = pod({ ...hardened, securityContext: { ...hardened.securityContext, capabilities: { add: ['SYS_ADMIN'] } } }, { hostNetwork: true, hostPID: true, hostIPC: true });
    const report = validateManifests([{ object }], { references: false });
    expect(report.problems.filter((problem) => problem.severity === 'error').map((problem) => problem.ruleId).sort()).toEqual([
      'policy/host-ipc',
      'policy/host-network',
      'policy/host-pid',
      'policy/privilege-escalation',
    ]);
  });

  test('Jobs need no probes', () => {
    const job: KubeObject = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox:1.36', ...hardened, readinessProbe: undefined, livenessProbe: undefined }] } } } };
    expect(policyIds(JSON.parse(JSON.stringify(job)) as KubeObject)).toEqual([]);
  });

  test('env literals with secret-looking names are errors, references and empty values are not', () => {
    const env = [
      { name: 'API_TOKEN', value: 'abc' },
      { name: 'PASSWORD_FILE', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } },
      { name: 'DB_PASSWORD', value: '' },
      { name: 'LOG_LEVEL', value: 'debug' },
    ];
    const report = validateManifests([{ object: pod({ ...hardened, env }) }], { references: false });
    expect(report.problems.map((problem) => [problem.ruleId, problem.fieldPath, problem.value])).toEqual([['policy/secret-in-env', 'spec.containers[0].env[0].value', '<redacted>']]);
  });
});
