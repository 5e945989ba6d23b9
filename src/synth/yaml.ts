/** YAML output: js-yaml, keys sorted at every depth, no line folding, so the same objects give the same bytes. */
import { DEFAULT_SCHEMA, dump, DumpOptions, Type } from 'js-yaml';
import { compareText, sortTextInPlace } from '../manifest/compare-text';
import { KubeObject } from '../manifest/kube-object';
import { kubectlScalar } from '../manifest/kubectl-scalars';
import { BlockYamlWriter } from './private/block-yaml';

/** Top-level keys in the order people expect to read them; the rest follow sorted. */
const HEAD_KEYS = ['apiVersion', 'kind', 'metadata'];

function sortKeys(a: string, b: string): number {
  const ai = HEAD_KEYS.indexOf(a);
  const bi = HEAD_KEYS.indexOf(b);
  if (ai >= 0 || bi >= 0) return (ai < 0 ? HEAD_KEYS.length : ai) - (bi < 0 ? HEAD_KEYS.length : bi);
  return compareText(a, b);
}

/**
 * The order `sortKeys` gives, computed faster: keys of an object are distinct, so any sort by the same total
 * order gives the same sequence, and the default sort compares UTF-16 code units as `<` does.
 */
function orderKeys(keys: string[]): string[] {
  let heads: string[] | undefined;
  let rest = keys;
  for (const key of keys) {
    if (key === 'apiVersion' || key === 'kind' || key === 'metadata') {
      heads = HEAD_KEYS.filter((head) => keys.includes(head));
      rest = keys.filter((other) => other !== 'apiVersion' && other !== 'kind' && other !== 'metadata');
      break;
    }
  }
  sortTextInPlace(rest);
  return heads === undefined ? rest : [...heads, ...rest];
}

/**
 * Strings kubectl (YAML 1.1) would read as another type or number (`yes`, `0777`, `1_000`): js-yaml quotes
 * any string that an implicit type of the schema resolves, so this type makes it quote these too.
 */
const KUBECTL_LOOKALIKE = new Type('tag:shipshape.io,2026:kubectl-lookalike', {
  kind: 'scalar',
  resolve: (data: unknown) => typeof data === 'string' && kubectlScalar(data).kind !== 'string',
  construct: (data: unknown) => data,
  predicate: () => false,
});
const OUTPUT_SCHEMA = DEFAULT_SCHEMA.extend({ implicit: [KUBECTL_LOOKALIKE] });

/** The js-yaml options every output file is written with (the fast writer produces exactly their bytes). */
const DUMP_OPTIONS: DumpOptions = { sortKeys, lineWidth: -1, noRefs: true, noCompatMode: true, schema: OUTPUT_SCHEMA };
const writer = new BlockYamlWriter(DUMP_OPTIONS, orderKeys);

/** One YAML document, without the `---` separator. */
export function toYamlDocument(object: KubeObject): string {
  return writer.write(object) ?? dump(object, DUMP_OPTIONS);
}

/** A multi-document YAML file. */
export function toYamlFile(objects: readonly KubeObject[]): string {
  return objects.map(toYamlDocument).join('---\n');
}

/** A value as js-yaml alone writes it with the output options: the reference the fast writer must match. */
export function dumpWithJsYaml(value: unknown): string {
  return dump(value, DUMP_OPTIONS);
}
