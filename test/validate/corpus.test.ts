import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatReportText, validateYaml, type KubernetesVersion, type Problem } from '../../src/validate';

const CORPUS = join(__dirname, 'corpus');
const VERSIONS: readonly KubernetesVersion[] = ['1.27', '1.36'];

/** A broken manifest and the problem its header says it must produce. */
interface BrokenCase {
  readonly file: string;
  readonly text: string;
  readonly breaks: string;
  readonly ruleId: string;
  readonly fieldPath: string | undefined;
  readonly versions: readonly string[];
  readonly severity: 'error' | 'warning';
}

function readBrokenCases(): BrokenCase[] {
  const folder = join(CORPUS, 'broken');
  return readdirSync(folder)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => {
      const text = readFileSync(join(folder, name), 'utf8');
      const header = (key: string): string | undefined => new RegExp(`^# ${key}: (.*)$`, 'm').exec(text)?.[1]?.trim();
      const [ruleId, fieldPath] = (header('expect') ?? '').split(' ');
      return {
        file: `broken/${name}`,
        text,
        breaks: header('breaks') ?? '?',
        ruleId: ruleId ?? '',
        fieldPath,
        versions: header('versions')?.split(',').map((version) => version.trim()) ?? [...VERSIONS],
        severity: header('severity') === 'warning' ? 'warning' : 'error',
      };
    });
}

const cases = readBrokenCases();
const errorsOf = (problems: readonly Problem[]): Problem[] => problems.filter((problem) => problem.severity === 'error');

test('the corpus holds at least 40 broken manifests, each naming the problem it must produce', () => {
  expect(cases.length).toBeGreaterThanOrEqual(40);
  for (const brokenCase of cases) expect(brokenCase.ruleId).toMatch(/^[a-z-]+\/[a-z0-9-]+$/);
});

describe.each(VERSIONS)('Kubernetes %s', (version) => {
  test.each(readdirSync(join(CORPUS, 'valid')).filter((name) => name.endsWith('.yaml')))('valid manifest %s raises no error', (name) => {
    const text = readFileSync(join(CORPUS, 'valid', name), 'utf8');
    const report = validateYaml([{ file: `valid/${name}`, text }], { kubernetesVersions: [version] });
    expect(report.resourceCount).toBeGreaterThanOrEqual(12);
    expect(formatReportText({ ...report, problems: errorsOf(report.problems) })).toMatch(/^0 errors/);
  });

  test.each(cases.map((brokenCase) => [brokenCase.file, brokenCase] as const))('%s', (_file, brokenCase) => {
    const report = validateYaml([{ file: brokenCase.file, text: brokenCase.text }], { kubernetesVersions: [version] });
    const errors = errorsOf(report.problems);
    if (!brokenCase.versions.includes(version)) {
      expect(errors).toEqual([]);
      return;
    }
    if (brokenCase.severity === 'error') expect([...new Set(errors.map((problem) => problem.ruleId))]).toEqual([brokenCase.ruleId]);
    else expect(errors).toEqual([]);
    const expected = report.problems.find((problem) => problem.ruleId === brokenCase.ruleId);
    expect(expected).toBeDefined();
    if (brokenCase.fieldPath !== undefined) expect(expected?.fieldPath).toBe(brokenCase.fieldPath);
    expect(expected?.file).toBe(brokenCase.file);
    expect(expected?.fix.length).toBeGreaterThan(10);
  });
});
