import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExactEngine, ExactEngineError, exactEngineDirectory } from '../../../src/validate';
import { describeWithEngine } from './engine-available';

const deployment = (spec: Record<string, unknown> = {}): Record<string, unknown> => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop' },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27.0' }] } },
    ...spec,
  },
});

test('opening an engine that is not built says what is missing and how to build it', () => {
  const empty = mkdtempSync(join(tmpdir(), 'no-engine-'));
  try {
    expect(() => ExactEngine.open('1.36', { directory: empty })).toThrow(ExactEngineError);
    expect(() => ExactEngine.open('1.36', { directory: empty })).toThrow(/exact engine for Kubernetes 1\.36 is not built: .*kubernetes-1\.36\.wasm\.br is missing.*build\.sh.*Go 1\.26/);
  } finally {
    rmSync(empty, { recursive: true });
  }
});

test('the engines are looked for in lib/exact-engine of the package unless SHIPSHAPE_EXACT_ENGINE_DIR says otherwise', () => {
  expect(exactEngineDirectory()).toBe(join(__dirname, '..', '..', '..', 'lib', 'exact-engine'));
});

describeWithEngine('1.36')('the npm package', () => {
  test('includes the compressed engines and Go\'s wasm_exec.js, and no native build', () => {
    const root = join(__dirname, '..', '..', '..');
    const packed = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' })) as Array<{ files: Array<{ path: string }> }>;
    const files = packed[0]?.files.map((file) => file.path) ?? [];
    expect(files).toEqual(expect.arrayContaining(['lib/exact-engine/kubernetes-1.36.wasm.br', 'lib/exact-engine/kubernetes-1.36.json', 'lib/exact-engine/wasm_exec.js']));
    expect(files.filter((file) => file.startsWith('lib/exact-engine/') && (file.endsWith('-native') || file.endsWith('.wasm')))).toEqual([]);
  });
});

describeWithEngine('1.36')('the exact engine for Kubernetes 1.36', () => {
  let engine: ExactEngine;
  beforeAll(() => {
    engine = ExactEngine.open('1.36');
    engine.waitUntilReady();
  });
  afterAll(() => engine.close());

  test('accepts a valid Deployment and refuses one with negative replicas, naming the field and value', () => {
    const [valid, negative] = engine.validateSync([deployment(), deployment({ replicas: -1 })]);
    expect(valid).toEqual({ status: 'valid' });
    expect(negative?.status).toBe('invalid');
    expect(negative?.errors).toEqual([{ type: 'FieldValueInvalid', field: 'spec.replicas', badValue: -1, detail: 'must be greater than or equal to 0' }]);
  });

  test('reports an unknown field deep in a pod template as a strict decoding error', () => {
    const object = deployment();
    (object.spec as any).template.spec.containers[0].imagePullPolice = 'Always';
    const [verdict] = engine.validateSync([object]);
    expect(verdict?.status).toBe('bad-request');
    expect(verdict?.errors).toEqual([expect.objectContaining({ type: 'FieldValueUnknown', field: 'spec.template.spec.containers[0].imagePullPolice' })]);
  });

  test('reports a wrong type with the field path from the decoder', () => {
    const [verdict] = engine.validateSync([deployment({ replicas: 'two' })]);
    expect(verdict?.status).toBe('bad-request');
    expect(verdict?.errors?.[0]).toEqual(expect.objectContaining({ type: 'FieldValueTypeInvalid', field: 'spec.replicas' }));
  });

  test('refuses an API version that 1.36 no longer serves and leaves custom resources unchecked', () => {
    const [removed, custom] = engine.validateSync([
      { ...deployment(), apiVersion: 'extensions/v1beta1' },
      { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } },
    ]);
    expect(removed?.status).toBe('not-served');
    expect(removed?.errors?.[0]?.detail).toMatch(/extensions\/v1beta1 Deployment is not served by Kubernetes 1\.36/);
    expect(custom?.status).toBe('not-checked');
  });

  test('refuses a Job whose pod template leaves restartPolicy unset, listing the values the server allows', () => {
    const [verdict] = engine.validateSync([
      { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'once' }, spec: { template: { spec: { containers: [{ name: 'run', image: 'busybox:1.36' }] } } } },
    ]);
    expect(verdict?.status).toBe('invalid');
    expect(verdict?.errors).toEqual([{ type: 'FieldValueRequired', field: 'spec.template.spec.restartPolicy', badValue: '', detail: 'valid values: "OnFailure", "Never"' }]);
  });

  test('accepts RBAC names with colons, which are path segments on the server', () => {
    const [verdict] = engine.validateSync([
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'system:aggregated-metrics-reader' }, rules: [] },
    ]);
    expect(verdict?.status).toBe('valid');
  });

  test('accepts a privileged container, as a cluster started with --allow-privileged=true (every installer\'s choice) does', () => {
    const object = deployment();
    (object.spec as any).template.spec.containers[0].securityContext = { privileged: true };
    expect(engine.validateSync([object])).toEqual([{ status: 'valid' }]);
  });

  test('passes on the server warnings of a valid object', () => {
    const object = deployment();
    (object.spec as any).template.spec.containers[0].resources = { requests: { memory: '100m' } };
    const [verdict] = engine.validateSync([object]);
    expect(verdict?.status).toBe('valid');
    expect(verdict?.warnings?.join('\n')).toMatch(/fractional byte value "100m" is invalid/);
  });

  test('answers a batch of 1,200 objects in order, one verdict each', () => {
    const objects = Array.from({ length: 1200 }, (_, index) => deployment({ replicas: index % 3 === 0 ? -1 : 1 }));
    const verdicts = engine.validateSync(objects);
    expect(verdicts).toHaveLength(1200);
    verdicts.forEach((verdict, index) => expect(verdict.status).toBe(index % 3 === 0 ? 'invalid' : 'valid'));
  });
});
