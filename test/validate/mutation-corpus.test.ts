import { ExactEngine, validateManifests, type ExactEngineVersion } from '../../src/validate';
import { KNOWN_DIFFERENCES } from './exact-differences';
import { describeWithEngine } from './exact/engine-available';
import { BASE_OBJECTS, generateMutants, type Mutant } from './mutation-corpus';

const mutants = generateMutants();

test('the corpus holds at least 2,000 single-fault mutants of every base kind, with unique ids', () => {
  expect(mutants.length).toBeGreaterThanOrEqual(2000);
  expect(new Set(mutants.map((mutant) => mutant.id)).size).toBe(mutants.length);
  const kinds = new Set(Object.values(BASE_OBJECTS).map((object) => object.kind));
  expect(kinds.size).toBeGreaterThanOrEqual(25);
  for (const base of Object.keys(BASE_OBJECTS)) expect(mutants.filter((mutant) => mutant.base === base).length).toBeGreaterThan(10);
  for (const operator of ['type-number', 'type-string', 'unknown-field', 'remove', 'number=-1', 'enum', 'bad-name-0', 'bad-label-0', 'removed-api', 'contradiction']) {
    expect(mutants.some((mutant) => mutant.id.split('|')[1] === operator)).toBe(true);
  }
});

/** Whether the fast validator refuses each object (server-checkable rules only, as the issue measured). */
function fastVerdicts(version: ExactEngineVersion, objects: readonly Mutant[]): boolean[] {
  const report = validateManifests(
    objects.map((mutant) => ({ object: mutant.object as never })),
    { kubernetesVersions: [version], references: false, policies: false },
  );
  return report.resources.map((resource) => resource.status === 'invalid' || resource.status === 'error');
}

describe.each(['1.36', '1.27'] as const)('Kubernetes %s', (version) => {
  describeWithEngine(version)('the fast validator against the exact engine', () => {
    let engine: ExactEngine;
    let fast: boolean[];
    let exact: boolean[];
    beforeAll(() => {
      engine = ExactEngine.open(version);
      fast = fastVerdicts(version, mutants);
      exact = engine.validateSync(mutants.map((mutant) => mutant.object)).map((verdict) => {
        if (verdict.status === 'not-checked') throw new Error(`the exact engine does not check ${verdict.message ?? ''}`);
        return verdict.status !== 'valid';
      });
    }, 600_000);
    afterAll(() => engine.close());

    test('both accept every base object', () => {
      const bases = Object.entries(BASE_OBJECTS).map(([base, object]) => ({ id: base, base, object }));
      expect(fastVerdicts(version, bases)).toEqual(bases.map(() => false));
      expect(engine.validateSync(bases.map((base) => base.object)).map((verdict) => `${verdict.status} ${JSON.stringify(verdict.errors ?? [])}`)).toEqual(bases.map(() => 'valid []'));
    });

    test('they agree on at least 99% of the verdicts', () => {
      const agreeing = mutants.filter((_, index) => fast[index] === exact[index]).length;
      expect(agreeing / mutants.length).toBeGreaterThanOrEqual(0.99);
    });

    test('every difference is listed in exact-differences.ts with its reason, and every listed one still differs', () => {
      const differing = mutants
        .map((mutant, index) => (fast[index] === exact[index] ? undefined : `${mutant.id} refused by ${fast[index] ? 'fast' : 'exact'}`))
        .filter((line): line is string => line !== undefined);
      const listed = KNOWN_DIFFERENCES.filter((difference) => difference.versions.includes(version)).map((difference) => `${difference.id} refused by ${difference.refusedBy}`);
      expect(differing.sort()).toEqual(listed.sort());
    });
  });
});

test('every known difference names a mutant of the corpus and gives a reason', () => {
  const ids = new Set(mutants.map((mutant) => mutant.id));
  for (const difference of KNOWN_DIFFERENCES) {
    expect(ids.has(difference.id)).toBe(true);
    expect(difference.reason.length).toBeGreaterThan(40);
  }
});
