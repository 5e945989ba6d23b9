/**
 * RBAC rules from grants: every grant is taken apart into (group, resource, name, verb) atoms and put back
 * together into as few rules as grant exactly the same, in a stable order. Merging never widens a grant: two
 * rules are joined only when they differ in one dimension alone.
 */
import { compareText } from '../../manifest/compare-text';

/** One permission: a verb on a resource of a group, on every object or on one named object. */
export interface GrantAtom {
  readonly group: string;
  readonly resource: string;
  readonly verb: string;
  /** The object's name; undefined for every object. */
  readonly name?: string;
}

/** A rule as the API writes it. */
export interface PolicyRule {
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly verbs: readonly string[];
  readonly resourceNames?: readonly string[];
}

const SEP = '\u0000';
const EVERY = '';

/** The rules that grant exactly the atoms. */
export function rulesFromAtoms(atoms: readonly GrantAtom[]): PolicyRule[] {
  // (group, resource, verb) -> every object, or a set of names.
  const names = new Map<string, Set<string> | typeof EVERY>();
  for (const atom of atoms) {
    const key = [atom.group, atom.resource, atom.verb].join(SEP);
    const known = names.get(key);
    if (atom.name === undefined || known === EVERY) names.set(key, EVERY);
    else names.set(key, new Set([...(known ?? []), atom.name]));
  }
  // (group, resource, names) -> verbs
  const verbsOf = new Map<string, string[]>();
  for (const [key, set] of names) {
    const [group = '', resource = '', verb = ''] = key.split(SEP);
    const nameKey = set === EVERY ? EVERY : [...set].sort(compareText).join(SEP);
    const outer = [group, resource, nameKey].join('\u0001');
    verbsOf.set(outer, [...(verbsOf.get(outer) ?? []), verb]);
  }
  // (group, verbs, names) -> resources
  const resourcesOf = new Map<string, string[]>();
  for (const [outer, verbs] of verbsOf) {
    const [group = '', resource = '', nameKey = ''] = outer.split('\u0001');
    const key = [group, [...verbs].sort(compareText).join(SEP), nameKey].join('\u0001');
    resourcesOf.set(key, [...(resourcesOf.get(key) ?? []), resource]);
  }
  const rules = [...resourcesOf].map(([key, resources]) => {
    const [group = '', verbKey = '', nameKey = ''] = key.split('\u0001');
    const rule: PolicyRule = {
      apiGroups: [group],
      resources: [...resources].sort(compareText),
      verbs: verbKey.split(SEP),
      ...(nameKey === EVERY ? {} : { resourceNames: nameKey.split(SEP) }),
    };
    return rule;
  });
  const sortKey = (rule: PolicyRule): string =>
    [rule.apiGroups.join(','), rule.resources.join(','), rule.resourceNames?.join(',') ?? '', rule.verbs.join(',')].join(SEP);
  return rules.sort((a, b) => compareText(sortKey(a), sortKey(b)));
}
