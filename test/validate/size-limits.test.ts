/** The API server's size limits, checked offline (the cluster suite checks the same edges against the server). */
import type { KubeObject } from '../../src/manifest/kube-object';
import { validateManifests } from '../../src/validate';
import { MAX_ANNOTATION_BYTES, MAX_CONFIG_DATA_BYTES } from '../../src/validate/size-limits';

function errors(object: KubeObject): string[] {
  return validateManifests([{ object }], { policies: false, references: false })
    .problems.filter((problem) => problem.severity === 'error')
    .map((problem) => `${problem.ruleId}: ${problem.message}`);
}

const MiB = 1024 * 1024;

describe('size limits', () => {
  test('a ConfigMap may hold 1 MiB in data and binaryData together, not one byte more', () => {
    const configMap = (text: number, binary: number): KubeObject => ({
      apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'big' },
      data: { text: 'x'.repeat(text) }, binaryData: { bin: Buffer.alloc(binary, 7).toString('base64') },
    });
    expect(errors(configMap(MiB - 1000, 1000))).toEqual([]);
    expect(errors(configMap(MiB - 1000, 1001))).toEqual([
      "api/configmap-too-large: data and binaryData hold 1048577 bytes, more than the API server's limit of 1 MiB (1048576 bytes)",
    ]);
  });

  test('counts bytes, not characters: 600,000 two-byte characters are too many', () => {
    expect(errors({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'utf8' }, data: { a: 'é'.repeat(600_000) } })).toHaveLength(1);
  });

  test('a Secret may hold 1 MiB of decoded data, stringData replacing data keys of the same name', () => {
    const secret = (bytes: number, extra: Record<string, unknown> = {}): KubeObject => ({
      apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { a: Buffer.alloc(bytes, 1).toString('base64') }, ...extra,
    });
    expect(errors(secret(MAX_CONFIG_DATA_BYTES))).toEqual([]);
    expect(errors(secret(MAX_CONFIG_DATA_BYTES + 1))).toEqual([
      "api/secret-too-large: the Secret holds 1048577 bytes, more than the API server's limit of 1 MiB (1048576 bytes)",
    ]);
    expect(errors(secret(MAX_CONFIG_DATA_BYTES + 1, { stringData: { a: 'small' } }))).toEqual([]);
    // The message never shows the value.
    expect(JSON.stringify(validateManifests([{ object: secret(MAX_CONFIG_DATA_BYTES + 1) }]).problems)).not.toContain('AQEB');
  });

  test('annotations may take 256 KiB, keys and values together', () => {
    const annotated = (bytes: number): KubeObject => ({
      apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', annotations: { 'example.com/note': 'x'.repeat(bytes - 'example.com/note'.length) } },
    });
    expect(errors(annotated(MAX_ANNOTATION_BYTES))).toEqual([]);
    expect(errors(annotated(MAX_ANNOTATION_BYTES + 1))).toEqual([
      "api/annotations-too-large: the annotations take 262145 bytes, more than the API server's limit of 256 KiB (262144 bytes) (keys and values together)",
    ]);
  });
});
