/**
 * Real-world manifests (cluster add-ons, e2e and kubectl test data of Kubernetes, Gateway API CRDs with custom
 * resources; fixtures/README.md) keep their pinned verdicts. The cluster suite checks that kube-apiserver 1.36 agrees.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, fixtureFiles, realWorldVerdicts, serverShouldRefuse, type DocumentVerdict } from './real-world';
import { KNOWN_DISAGREEMENTS, PINNED_VERDICTS } from './verdicts';

describe('real-world manifests', () => {
  let verdicts: DocumentVerdict[] = [];
  beforeAll(() => {
    verdicts = realWorldVerdicts();
  });
  const keyOf = (verdict: { file: string; document: number; object: string }) => `${verdict.file}#${verdict.document} ${verdict.object}`;

  test('every document keeps its pinned verdict, and every pinned document is still there', () => {
    const actual = Object.fromEntries(verdicts.map((verdict) => [keyOf(verdict), verdict.errors]));
    expect(actual).toEqual(PINNED_VERDICTS);
  });

  test('the corpus is large and varied: over 140 documents of over 25 kinds, valid ones and ones the server refuses', () => {
    expect(verdicts.length).toBeGreaterThan(140);
    expect(new Set(verdicts.map((verdict) => verdict.object.split(' ')[0])).size).toBeGreaterThan(25);
    expect(verdicts.filter(serverShouldRefuse).length).toBeGreaterThan(10);
    expect(verdicts.filter((verdict) => verdict.errors.length === 0).length).toBeGreaterThan(50);
  });

  test('every known disagreement names a pinned document', () => {
    for (const key of Object.keys(KNOWN_DISAGREEMENTS)) expect(Object.keys(PINNED_VERDICTS)).toContain(key);
  });

  test('every fixture says where it comes from in its first lines (the JSON one in the README)', () => {
    const readme = readFileSync(join(FIXTURES, 'README.md'), 'utf8');
    for (const file of fixtureFiles()) {
      if (file.endsWith('.json')) expect(readme).toContain(file);
      else expect(readFileSync(join(FIXTURES, file), 'utf8').split('\n').slice(0, 3).join('\n')).toMatch(/^# (From|Gateway API|Written for|The chart `helm create).*Apache-2\.0/m);
    }
  });
});
