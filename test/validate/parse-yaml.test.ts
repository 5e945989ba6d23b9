import { formatReportText, parseManifestsFromYaml, validateYaml } from '../../src/validate';

describe('parseManifestsFromYaml', () => {
  test('reads multi-document streams, skipping empty and comment-only documents', () => {
    const text = '# header\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n# nothing\n---\n--- {apiVersion: v1, kind: ConfigMap, metadata: {name: b}}\n...\n';
    const result = parseManifestsFromYaml(text, 'x.yaml');
    expect(result.errors).toEqual([]);
    expect(result.manifests.map((manifest) => [manifest.object.metadata.name, manifest.documentIndex, manifest.file])).toEqual([
      ['a', 0, 'x.yaml'],
      ['b', 3, 'x.yaml'],
    ]);
  });

  test('flattens kind: List and adds missing metadata', () => {
    const result = parseManifestsFromYaml('apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: Namespace, metadata: {name: a}}\n- {apiVersion: v1, kind: Namespace}\n', 'l.yaml');
    expect(result.manifests.map((manifest) => manifest.object.metadata)).toEqual([{ name: 'a' }, {}]);
  });

  test('rejects duplicate keys, naming the line', () => {
    const result = parseManifestsFromYaml('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n  name: c\n', 'd.yaml');
    expect(result.manifests).toHaveLength(1);
    expect(result.errors).toEqual([expect.objectContaining({ ruleId: 'yaml/duplicate-key', documentIndex: 1, line: 10, file: 'd.yaml' })]);
  });

  test('keeps timestamps as strings, as kubectl and the API server read them', () => {
    const result = parseManifestsFromYaml('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, creationTimestamp: 2024-01-01T00:00:00Z}\ndata: {when: 2024-01-01, "on": "yes"}\n', 't.yaml');
    expect(result.manifests[0]?.object.metadata.creationTimestamp).toBe('2024-01-01T00:00:00Z');
    expect(result.manifests[0]?.object.data).toEqual({ when: '2024-01-01', on: 'yes' });
  });

  test('refuses `enabled: yes` in ConfigMap data, which kubectl sends as a boolean the server refuses', () => {
    const result = parseManifestsFromYaml('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  enabled: yes\n', 'y.yaml');
    expect(result.manifests).toEqual([]);
    expect(result.errors).toEqual([expect.objectContaining({ ruleId: 'yaml/kubectl-reads-differently', line: 5, file: 'y.yaml', documentIndex: 0 })]);
    expect(result.errors[0]?.fix).toContain('Quote it ("yes")');
  });

  test('reports documents that are not objects or have no kind', () => {
    const result = parseManifestsFromYaml('- a\n- b\n---\nplain text\n---\napiVersion: v1\nmetadata: {}\n---\nkind: Pod\napiVersion: v1\nmetadata: 3\n', 'n.yaml');
    expect(result.errors.map((error) => error.ruleId)).toEqual(['yaml/not-an-object', 'yaml/not-an-object', 'yaml/missing-type', 'yaml/bad-metadata']);
  });

  test('refuses alias bombs quickly instead of hanging', () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let level = 1; level < 9; level++) levels.push(`${String.fromCharCode(97 + level)}: &${String.fromCharCode(97 + level)} [${Array(10).fill(`*${String.fromCharCode(96 + level)}`).join(',')}]`);
    const started = Date.now();
    const result = parseManifestsFromYaml(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bomb}\n${levels.join('\n')}\n`, 'bomb.yaml');
    expect(result.errors.map((error) => error.ruleId)).toEqual(['yaml/too-complex']);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  test('reports binary input and deep nesting as problems, not exceptions', () => {
    expect(parseManifestsFromYaml('\u0000\u0001ELF', 'b.yaml').errors[0]?.ruleId).toBe('yaml/binary');
    const deep = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: ${'['.repeat(20000)}`;
    expect(parseManifestsFromYaml(deep, 'deep.yaml').errors[0]?.ruleId).toBe('yaml/syntax');
  });
});

describe('parseManifestsFromYaml reads streams as kubectl does', () => {
  const configMap = (name: string) => JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { note: 'a } and a { in a string' } });
  const names = (text: string) => {
    const result = parseManifestsFromYaml(text, 's.json');
    return { names: result.manifests.map((manifest) => [manifest.object.metadata.name, manifest.documentIndex]), errors: result.errors.map((problem) => [problem.ruleId, problem.documentIndex, problem.line]) };
  };

  test('JSON objects one after another (as jq -c writes them) are one document each', () => {
    expect(names(`${configMap('a')}\n${configMap('b')}${configMap('c')}\n`)).toEqual({ names: [['a', 0], ['b', 1], ['c', 2]], errors: [] });
  });

  test('pretty-printed JSON objects one after another are read too', () => {
    const text = `${JSON.stringify(JSON.parse(configMap('a')), null, 2)}\n${JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b' }, data: [] }, null, 2)}\n`;
    expect(names(text).names).toEqual([['a', 0], ['b', 1]]);
  });

  test('one JSON object followed by YAML documents: the rest is read as YAML', () => {
    expect(names(`${configMap('a')}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n`)).toEqual({ names: [['a', 0], ['b', 1]], errors: [] });
  });

  test('after two JSON objects, anything that is not JSON is an unreadable document', () => {
    const result = names(`${configMap('a')}\n${configMap('b')}\nkind: ConfigMap\nmetadata: {name: c\n`);
    expect(result.names).toEqual([['a', 0], ['b', 1]]);
    expect(result.errors).toEqual([['yaml/syntax', 2, expect.any(Number)]]);
  });

  test("\\' in a double-quoted string is a quote, as kubectl reads it (the Kubernetes docs' fileKeyRef example uses it)", () => {
    const result = parseManifestsFromYaml('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  cmd: "echo \\"A=\\\'x\\\'\\""\n', 'q.yaml');
    expect(result.errors).toEqual([]);
    expect(result.manifests[0]?.object.data).toEqual({ cmd: `echo "A='x'"` });
  });

  test('\\/ in a double-quoted YAML string is a syntax error, as kubectl reads it (go-yaml does not know it), naming the line', () => {
    const result = parseManifestsFromYaml('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  plain: "a \\\\/ b"\n  # "\\/" in a comment\n  single: \'\\/\'\n  block: |\n    \\/\n  url: "https:\\/\\/example.com"\n', 's.yaml');
    expect(result.errors.map((problem) => [problem.ruleId, problem.line, problem.message])).toEqual([['yaml/syntax', 10, expect.stringMatching(/\\\/ in a double-quoted string is an escape kubectl's YAML reader does not know/)]]);
  });

  test('\\/ in JSON is an escaped slash, as kubectl reads JSON', () => {
    const result = parseManifestsFromYaml('{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}, "data": {"url": "https:\\/\\/example.com"}}\n', 's.json');
    expect(result.errors).toEqual([]);
    expect(result.manifests[0]?.object.data).toEqual({ url: 'https://example.com' });
  });

  test('other unknown escapes are still syntax errors', () => {
    const result = parseManifestsFromYaml('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  cmd: "a \\q"\n', 'q.yaml');
    expect(result.errors.map((problem) => [problem.ruleId, problem.line])).toEqual([['yaml/syntax', 5]]);
  });
});

describe('problems name the line their document starts on', () => {
  test('an object problem names the first line of its document that is not a comment, in text too', () => {
    const text = '# a header\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok}\n---\n# Source: chart/templates/bad.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: Not_Valid}\n';
    const report = validateYaml([{ file: 'chart.yaml', text }], { kubernetesVersions: ['1.36'], policies: false });
    expect(report.problems.map((problem) => [problem.ruleId, problem.documentIndex, problem.line])).toEqual([['api/name', 1, 8]]);
    expect(formatReportText(report)).toContain('file:      chart.yaml, document 2, line 8');
  });
});
