/** YAML output: js-yaml, keys sorted at every depth, no line folding, so the same objects give the same bytes. */
import { dump } from 'js-yaml';
import { KubeObject } from '../manifest/kube-object';

/** Top-level keys in the order people expect to read them; the rest follow sorted. */
const HEAD_KEYS = ['apiVersion', 'kind', 'metadata'];

function sortKeys(a: string, b: string): number {
  const ai = HEAD_KEYS.indexOf(a);
  const bi = HEAD_KEYS.indexOf(b);
  if (ai >= 0 || bi >= 0) return (ai < 0 ? HEAD_KEYS.length : ai) - (bi < 0 ? HEAD_KEYS.length : bi);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** One YAML document, without the `---` separator. */
export function toYamlDocument(object: KubeObject): string {
  return dump(object, { sortKeys, lineWidth: -1, noRefs: true, noCompatMode: true });
}

/** A multi-document YAML file. */
export function toYamlFile(objects: readonly KubeObject[]): string {
  return objects.map(toYamlDocument).join('---\n');
}
