import { parseApplyLine, toStream } from '../../src/deploy/private/kubectl-output';

describe('parseApplyLine', () => {
  test('reads applied, dry-run and pruned lines', () => {
    expect(parseApplyLine('deployment.apps/web serverside-applied')).toEqual({ resource: 'deployment.apps', name: 'web', action: 'applied' });
    expect(parseApplyLine('namespace/shop serverside-applied (server dry run)')).toEqual({ resource: 'namespace', name: 'shop', action: 'applied' });
    expect(parseApplyLine('configmap/old pruned')).toEqual({ resource: 'configmap', name: 'old', action: 'pruned' });
  });

  test('ignores warnings and blank lines', () => {
    expect(parseApplyLine('Warning: something')).toBeUndefined();
    expect(parseApplyLine('')).toBeUndefined();
  });
});

describe('toStream', () => {
  test('writes one JSON document per line', () => {
    const text = toStream([
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b' } },
    ]);
    expect(text.trimEnd().split('\n').map((line) => JSON.parse(line).metadata.name)).toEqual(['a', 'b']);
  });
});
