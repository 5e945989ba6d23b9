/**
 * kubectl's reading of unquoted scalars (YAML 1.1) against shipshape's (YAML 1.2): the table (kubectl-scalar-table.ts) was
 * measured with kubectl 1.32 (`kubectl create --dry-run=client -o json` of a ConfigMap whose data holds each
 * value unquoted, against the test cluster); the cluster suite repeats the measurement live.
 */
import { CORE_SCHEMA, load } from 'js-yaml';
import { parseManifestsFromYaml } from '../../src/validate';
import { kubectlScalar } from '../../src/manifest/kubectl-scalars';
import { MEASURED } from './kubectl-scalar-table';

function configMap(values: readonly string[]): string {
  return `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: probe}\ndata:\n${values.map((value, index) => `  k${index}: ${value}\n`).join('')}`;
}

describe('kubectlScalar', () => {
  test.each(MEASURED)('reads %s as kubectl does (%j)', (text, sent) => {
    const scalar = kubectlScalar(text);
    const value = scalar.kind === 'bool' || scalar.kind === 'number' ? scalar.value : scalar.kind === 'null' ? null : text;
    expect(value).toEqual(sent);
  });

  test('knows that kubectl cannot send .inf, .nan or numbers beyond float64', () => {
    for (const text of ['.inf', '-.Inf', '.NaN', '1e400']) expect(kubectlScalar(text).kind).toBe('unsendable');
  });
});

describe('parseManifestsFromYaml and kubectl', () => {
  test('refuses exactly the unquoted values kubectl reads differently, one problem each, naming line and fix', () => {
    const plain = MEASURED.map(([text]) => text);
    const result = parseManifestsFromYaml(configMap(plain), 'probe.yaml');
    // What YAML 1.2 reads, one value at a time; the ones that differ from kubectl must be refused.
    const differing = MEASURED.filter(([text, sent]) => JSON.stringify((load(`k: ${text}`, { schema: CORE_SCHEMA }) as { k: unknown }).k) !== JSON.stringify(sent));
    expect(differing.map(([text]) => text)).toEqual(expect.arrayContaining(['yes', 'on', 'n', '0777', '017', '1_000', '0_7', '-.5']));
    const refused = new Set<string>();
    for (const [text] of MEASURED) {
      const single = parseManifestsFromYaml(configMap([text]), 'one.yaml');
      if (single.errors.length > 0) refused.add(text);
      else expect(single.manifests).toHaveLength(1);
    }
    expect([...refused].sort()).toEqual(differing.map(([text]) => text).sort());
    expect(result.manifests).toEqual([]);
    expect(result.errors[0]).toMatchObject({
      ruleId: 'yaml/kubectl-reads-differently',
      line: 5,
      message: 'kubectl reads the unquoted value "yes" on line 5 as the boolean true, but YAML 1.2 (and shipshape) reads it as a string',
    });
    expect(result.errors[0]?.fix).toMatch(/^Quote it \("yes"\) if you mean text, or write the boolean as true or false/);
    expect(result.errors.at(-1)?.message).toMatch(/^\.\.\. and \d+ more values kubectl reads differently/);
  });

  test('names an octal value with both readings', () => {
    const result = parseManifestsFromYaml('apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: a\n    image: a:1\n    ports: [{containerPort: 0777}]\n', 'pod.yaml');
    expect(result.errors.map((error) => error.message)).toEqual([
      'kubectl reads the unquoted value "0777" on line 8 as the number 511, but YAML 1.2 (and shipshape) reads it as the number 777',
    ]);
  });

  test('accepts quoted values, block scalars, explicit !!str, YAML 1.2 octals and keys kubectl reads alike', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: q}\ndata:\n  a: "yes"\n  b: \'on\'\n  c: !!str 0777\n  d: |\n    yes\n  e: 1:30\n  "yes": quoted key\nbinaryData: {}\n';
    const result = parseManifestsFromYaml(text, 'q.yaml');
    expect(result.errors).toEqual([]);
    expect(result.manifests[0]?.object.data).toEqual({ a: 'yes', b: 'on', c: '0777', d: 'yes\n', e: '1:30', yes: 'quoted key' });
    expect(parseManifestsFromYaml('apiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: {x: "1"}}\nspec: {priority: 0o17}\n', 'p.yaml').errors).toEqual([]);
  });

  test('refuses unquoted keys kubectl turns into "true"', () => {
    const result = parseManifestsFromYaml('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: k}\ndata:\n  on: "1"\n', 'k.yaml');
    expect(result.errors.map((error) => error.ruleId)).toEqual(['yaml/kubectl-reads-differently']);
  });

  test('never shows the values of a Secret', () => {
    const result = parseManifestsFromYaml('apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData:\n  pin: 0123\n', 's.yaml');
    expect(result.errors).toHaveLength(1);
    expect(JSON.stringify(result.errors)).not.toContain('0123');
    expect(JSON.stringify(result.errors)).not.toContain('83');
  });
});
