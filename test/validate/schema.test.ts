import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import type { KubeObject } from '../../src/manifest/kube-object';
import { validateManifests, type ValidateOptions } from '../../src/validate';

const schemaProblems = (object: Record<string, unknown>, options: ValidateOptions = {}) =>
  validateManifests([{ object: object as KubeObject }], { policies: false, references: false, ...options }).problems;

const pod = (spec: Record<string, unknown>) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec });

describe('schema validation', () => {
  test('rejects unknown fields at any depth, naming the field path', () => {
    const problems = schemaProblems(pod({ containers: [{ name: 'c', image: 'nginx:1.27.0', resources: { limits: { memory: '1Gi' }, limts: {} } }], hostname: 'h', hostnme: 'x' }));
    expect(problems.map((problem) => [problem.ruleId, problem.fieldPath])).toEqual([
      ['schema/unknown-field', 'spec.containers[0].resources.limts'],
      ['schema/unknown-field', 'spec.hostnme'],
    ]);
  });

  test('accepts any key in maps and free-form fields (labels, annotations, CRD defaults)', () => {
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.example.com', labels: { 'example.com/any': 'x' }, annotations: { 'any/thing': 'y' } },
      spec: {
        group: 'example.com',
        names: { kind: 'Widget', plural: 'widgets' },
        scope: 'Namespaced',
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, default: { free: { form: [1] } }, properties: { spec: { type: 'object' } } } } }],
      },
    };
    expect(schemaProblems(crd)).toEqual([]);
  });

  test('reports a wrong int-or-string once, saying which types are allowed', () => {
    const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { ports: [{ port: 80, targetPort: { name: 'http' } }] } };
    const problems = schemaProblems(service);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ ruleId: 'schema/type', fieldPath: 'spec.ports[0].targetPort' });
    expect(problems[0]?.message).toMatch(/integer or string|string or integer/);
  });

  test('knows fields that only the newer version has (sidecar restartPolicy on init containers)', () => {
    const sidecar = pod({ initContainers: [{ name: 'proxy', image: 'envoy:1.30.0', restartPolicy: 'Always' }], containers: [{ name: 'c', image: 'nginx:1.27.0' }] });
    expect(schemaProblems(sidecar, { kubernetesVersions: ['1.36'] })).toEqual([]);
    // The API-server rule api/native-sidecar-version explains the same finding (test/validate/api-server-rules.test.ts).
    const problems = schemaProblems(sidecar).filter((problem) => problem.ruleId.startsWith('schema/'));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ ruleId: 'schema/unknown-field', fieldPath: 'spec.initContainers[0].restartPolicy', kubernetesVersions: ['1.27'] });
  });

  test('rejects API versions the target version does not serve, and kinds only the newer one has', () => {
    const deviceClass = { apiVersion: 'resource.k8s.io/v1', kind: 'DeviceClass', metadata: { name: 'gpu' }, spec: {} };
    expect(schemaProblems(deviceClass, { kubernetesVersions: ['1.36'] })).toEqual([]);
    expect(schemaProblems(deviceClass)).toEqual([expect.objectContaining({ ruleId: 'schema/api-not-served', kubernetesVersions: ['1.27'] })]);
    const oldIngress = { apiVersion: 'networking.k8s.io/v1beta1', kind: 'Ingress', metadata: { name: 'i' }, spec: {} };
    expect(schemaProblems(oldIngress)).toEqual([expect.objectContaining({ ruleId: 'schema/api-not-served', fix: expect.stringContaining('networking.k8s.io/v1') })]);
  });

  test('loads schemas lazily: requiring the module loads none, one ConfigMap loads only its own', () => {
    const dir = mkdtempSync(join(tmpdir(), 'validate-lazy-'));
    buildSync({ entryPoints: [join(__dirname, '../../src/validate/index.ts')], bundle: true, platform: 'node', packages: 'external', outfile: join(dir, 'validate.js'), logLevel: 'silent' });
    const script = `
      const loaded = () => Object.keys(require.cache).filter((file) => file.includes('kubernetes-models-1-27'));
      const validate = require(${JSON.stringify(join(dir, 'validate.js'))});
      const before = loaded().length;
      validate.validateManifests([{ object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 'b' } } }], { kubernetesVersions: ['1.27'] });
      const after = loaded();
      console.log(JSON.stringify({ before, after: after.length, deployment: after.some((file) => file.includes('Deployment')) }));
    `;
    writeFileSync(join(dir, 'check.js'), script);
    const result = JSON.parse(execFileSync(process.execPath, [join(dir, 'check.js')], { cwd: join(__dirname, '../..'), encoding: 'utf8', env: { ...process.env, NODE_PATH: join(__dirname, '../../node_modules') } }));
    expect(result.before).toBe(0);
    expect(result.after).toBeGreaterThan(0);
    expect(result.after).toBeLessThan(10);
    expect(result.deployment).toBe(false);
  });
});

describe('schema validation of fields set to null', () => {
  // Templates leave values empty (`imagePullPolicy:`, `resources:`, `type:`): YAML reads them as null, and the API
  // server reads a null field as a field not set, whether kubectl creates, applies or server-side applies the object.
  const deployment = (container: Record<string, unknown>, spec: Record<string, unknown> = {}) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: null, annotations: null },
    spec: {
      replicas: null,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { nodeSelector: null, tolerations: null, containers: [{ name: 'web', image: 'nginx:1.27.0', ...container }] } },
      ...spec,
    },
  });

  test('a field set to null is a field not set, in enums, quantities, maps and objects alike', () => {
    const problems = schemaProblems(deployment({ imagePullPolicy: null, args: null, env: null, ports: [{ containerPort: 80, protocol: null }], resources: { limits: null, requests: { cpu: null } } }));
    expect(problems).toEqual([]);
  });

  test('a null item of a list of strings or numbers is read as the empty value, as the API server reads it', () => {
    expect(schemaProblems(deployment({ command: ['sh', null], args: [null] }))).toEqual([]);
  });

  test('a null item of a list of objects is still refused', () => {
    const problems = schemaProblems(deployment({}, { template: { metadata: { labels: { app: 'web' } }, spec: { containers: [null] } } }));
    expect(problems.map((problem) => [problem.ruleId, problem.fieldPath])).toContainEqual(['schema/type', 'spec.template.spec.containers[0]']);
  });

  test('a required field set to null is still missing, and a null unknown field still unknown', () => {
    const problems = schemaProblems(deployment({ name: null, imagePullPolcy: null }));
    expect(problems.map((problem) => [problem.ruleId, problem.fieldPath])).toEqual([
      ['schema/required', 'spec.template.spec.containers[0].name'],
      ['schema/unknown-field', 'spec.template.spec.containers[0].imagePullPolcy'],
    ]);
  });
});

describe('schema validation of kinds whose spec is optional on the server', () => {
  test.each([
    ['storage.k8s.io/v1', 'CSIDriver', 'csi.example.com'],
    ['storage.k8s.io/v1', 'CSINode', 'node-1'],
    ['resource.k8s.io/v1', 'DeviceClass', 'gpu'],
    ['resource.k8s.io/v1', 'ResourceClaim', 'claim'],
    ['resource.k8s.io/v1', 'ResourceClaimTemplate', 'template'],
  ])('a %s %s without spec is accepted, as the API server accepts it', (apiVersion, kind, name) => {
    expect(schemaProblems({ apiVersion, kind, metadata: { name } }, { kubernetesVersions: ['1.36'] })).toEqual([]);
  });

  test('a VolumeAttachment without spec is still refused: its attacher is required', () => {
    const problems = schemaProblems({ apiVersion: 'storage.k8s.io/v1', kind: 'VolumeAttachment', metadata: { name: 'va' } }, { kubernetesVersions: ['1.36'] });
    expect(problems.map((problem) => [problem.ruleId, problem.fieldPath])).toEqual([['schema/required', 'spec']]);
  });
});

describe('schema validation of misspelt fields', () => {
  test('an unknown field close to a known one suggests it (nodeSelectors, as node-problem-detector once wrote it)', () => {
    const problems = schemaProblems(pod({ containers: [{ name: 'c', image: 'nginx:1.27.0' }], nodeSelectors: { disk: 'ssd' }, Hostname: 'h' }));
    expect(problems.map((problem) => [problem.fieldPath, problem.fix])).toEqual([
      ['spec.nodeSelectors', expect.stringMatching(/^Did you mean nodeSelector\? Remove nodeSelectors/)],
      ['spec.Hostname', expect.stringMatching(/^Did you mean hostname\?/)],
    ]);
  });

  test('an unknown field far from every known one suggests nothing', () => {
    const [problem] = schemaProblems(pod({ containers: [{ name: 'c', image: 'nginx:1.27.0' }], somethingElse: true }));
    expect(problem?.fix).toMatch(/^Remove somethingElse or correct its spelling/);
  });
});
