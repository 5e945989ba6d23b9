import { GrantAtom, PolicyRule, rulesFromAtoms } from '../../../src/constructs/private/policy-rules';

/** Every permission a set of rules grants, as `group/resource/verb/name` (`*` for every object). */
function expand(rules: readonly PolicyRule[]): string[] {
  const out = new Set<string>();
  for (const rule of rules) {
    for (const group of rule.apiGroups) for (const resource of rule.resources) for (const verb of rule.verbs) {
      for (const name of rule.resourceNames ?? ['*']) out.add(`${group}/${resource}/${verb}/${name}`);
    }
  }
  return [...out].sort();
}

/** What the atoms grant: a grant on every object makes named grants of the same verb redundant. */
function granted(atoms: readonly GrantAtom[]): string[] {
  const every = new Set(atoms.filter((atom) => atom.name === undefined).map((atom) => `${atom.group}/${atom.resource}/${atom.verb}`));
  return [...new Set(atoms
    .filter((atom) => atom.name === undefined || !every.has(`${atom.group}/${atom.resource}/${atom.verb}`))
    .map((atom) => `${atom.group}/${atom.resource}/${atom.verb}/${atom.name ?? '*'}`))].sort();
}

/** A small deterministic generator, so that a failure can be reproduced. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('rulesFromAtoms', () => {
  test('merges resources that share verbs and names, verbs that share resources and names, and nothing more', () => {
    const atoms: GrantAtom[] = [
      { group: '', resource: 'pods', verb: 'get' },
      { group: '', resource: 'services', verb: 'get' },
      { group: '', resource: 'secrets', verb: 'get', name: 'a' },
      { group: '', resource: 'configmaps', verb: 'get', name: 'b' },
      { group: 'apps', resource: 'deployments', verb: 'patch', name: 'web' },
      { group: 'apps', resource: 'deployments', verb: 'get', name: 'web' },
    ];
    expect(rulesFromAtoms(atoms)).toEqual([
      { apiGroups: [''], resources: ['configmaps'], resourceNames: ['b'], verbs: ['get'] },
      { apiGroups: [''], resources: ['pods', 'services'], verbs: ['get'] },
      { apiGroups: [''], resources: ['secrets'], resourceNames: ['a'], verbs: ['get'] },
      { apiGroups: ['apps'], resources: ['deployments'], resourceNames: ['web'], verbs: ['get', 'patch'] },
    ]);
  });

  test('never grants more or less than the atoms, over 300 random sets of grants, and the order of grants does not matter', () => {
    const next = random(42);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
    for (let run = 0; run < 300; run += 1) {
      const atoms: GrantAtom[] = [];
      const count = 1 + Math.floor(next() * 12);
      for (let i = 0; i < count; i += 1) {
        const name = next() < 0.5 ? undefined : pick(['a', 'b', 'c']);
        atoms.push({ group: pick(['', 'apps']), resource: pick(['pods', 'secrets', 'deployments']), verb: pick(['get', 'list', 'patch']), ...(name === undefined ? {} : { name }) });
      }
      const rules = rulesFromAtoms(atoms);
      expect(expand(rules)).toEqual(granted(atoms));
      expect(rulesFromAtoms([...atoms].reverse())).toEqual(rules);
    }
  });
});
