import type { KubeObject } from '../../src/manifest/kube-object';
import { formatReportJson, formatReportText, formatSummaryLine, validateManifests, validateYaml } from '../../src/validate';

describe('formatReportText', () => {
  test('names construct path, file, object, field, value and fix for each problem', () => {
    const object: KubeObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' }, spec: { replicas: -1 } };
    const report = validateManifests([{ object, constructPath: 'prod/shop/web', file: 'dist/prod/shop.k8s.yaml', documentIndex: 2 }], {
      existingNamespaces: ['shop'],
    });
    const text = formatReportText(report);
    expect(text).toContain('ERROR schema/required: Deployment shop/web\n  construct: prod/shop/web\n  file:      dist/prod/shop.k8s.yaml, document 3\n  field:     spec.selector\n');
    expect(text).toMatch(/\d+ errors, 0 warnings in 1 resource\.\n$/);
    expect(formatSummaryLine(report, 1)).toBe('1 resource found in 1 file - Valid: 0, Invalid: 1, Errors: 0, Skipped: 0');
  });

  test('never shows Secret data, even when the schema rejects it', () => {
    const secret: KubeObject = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { token: 'plain-text-token!' }, stringData: { other: 42 } };
    const report = validateManifests([{ object: secret }]);
    expect(report.problems.map((problem) => problem.fieldPath)).toEqual(['data.token', 'stringData.other']);
    for (const output of [formatReportText(report), formatReportJson(report)]) {
      expect(output).not.toContain('plain-text-token');
      expect(output).not.toContain('42');
      expect(output).toContain('<redacted>');
    }
  });
});

describe('formatReportText with a long fix repeated', () => {
  test('a long fix is printed in full once per rule, then referred to; short fixes stay on every problem', () => {
    const resource = (name: string) => `apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: ${name}}\n`;
    const report = validateYaml([{ file: 'w.yaml', text: [resource('a'), resource('b'), resource('c')].join('---\n') }], { kubernetesVersions: ['1.36'] });
    const fixes = formatReportText(report).split('\n').filter((line) => line.startsWith('  fix:'));
    expect(fixes).toHaveLength(3);
    expect(fixes[0]).toMatch(/CustomResourceDefinition in one of three ways/);
    expect(fixes.slice(1)).toEqual(['  fix:       as for the schema/missing error above', '  fix:       as for the schema/missing error above']);
  });
});
