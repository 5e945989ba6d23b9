/**
 * Every report format escapes what it prints: a name with a newline cannot add a fake `ok` line to TAP, and
 * no raw control or escape byte from the input reaches a terminal, whatever the format.
 */
import { parseManifestsFromYaml, formatReportJson, formatReportJunit, formatReportTap, formatReportText, validateManifests } from '../../src/validate';
import type { KubeObject } from '../../src/manifest/kube-object';

/** Control and formatting characters a terminal would act on (newline and tab allowed between lines only). */
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

const HOSTILE_NAME = 'web\nok 2 - injected\u001b[2J\u009b31m\u202etxt.exe';

function hostileReport(): ReturnType<typeof validateManifests> {
  const object: KubeObject = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: HOSTILE_NAME, namespace: 'shop\u0007', labels: { 'bad\u001b]0;title\u0007': 'x' } },
    data: { 'key\u0085': 'value\u001b[0m' },
  };
  return validateManifests([{ object, file: 'dist/evil\u001b[31m.yaml', documentIndex: 0 }], { existingNamespaces: ['shop\u0007'] });
}

describe('report formats escape what comes from input', () => {
  test('TAP: a name with a newline adds no test point, and the plan matches the points', () => {
    const tap = formatReportTap(hostileReport());
    const points = tap.split('\n').filter((line) => /^(not )?ok \d+/.test(line));
    expect(points).toHaveLength(1);
    expect(points[0]).toMatch(/^not ok 1 - dist\/evil\\u001b\[31m\.yaml, document 1 - ConfigMap shop\\u0007\/web\\nok 2 - injected\\u001b\[2J\\u009b31m\\u202etxt\.exe$/);
    expect(tap).toContain('1..1\n');
    for (const line of tap.split('\n')) expect(line).not.toMatch(RAW_CONTROL);
  });

  test.each([
    ['text', formatReportText],
    ['json', (report: ReturnType<typeof validateManifests>) => formatReportJson(report, 1)],
    ['junit', formatReportJunit],
    ['tap', formatReportTap],
  ] as const)('%s: no raw control byte, and the hostile name is still recognisable', (_format, format) => {
    const output = format(hostileReport());
    expect(output).not.toMatch(RAW_CONTROL);
    expect(output).toMatch(/web\\+nok 2 - injected/);
  });

  test('text: one block per problem, each starting on its own line with its severity', () => {
    const text = formatReportText(hostileReport());
    expect(text.split('\n').filter((line) => /^ok 2/.test(line))).toEqual([]);
    expect(text).toContain('ConfigMap shop\\u0007/web\\nok 2 - injected\\u001b[2J\\u009b31m\\u202etxt.exe');
  });

  test('YAML syntax errors that quote the input are escaped too', () => {
    const parsed = parseManifestsFromYaml('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: "a\u001b[2J\n', 'x.yaml');
    const report = validateManifests([]);
    const merged = { ...report, problems: parsed.errors, resources: parsed.errors.map((problem) => ({ object: problem.object, status: 'error' as const, problems: [problem] })), resourceCount: parsed.errors.length };
    for (const output of [formatReportText(merged), formatReportTap(merged), formatReportJunit(merged), formatReportJson(merged)]) expect(output).not.toMatch(RAW_CONTROL);
  });
});
