/** Finds objects in synthesized output by kind and name, never by position. */
import { loadAll } from 'js-yaml';

/** A parsed Kubernetes object. */
export type Obj = { apiVersion: string; kind: string; metadata: { name?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> }; [key: string]: any };

/** Parses a multi-document YAML file. */
export function parseYaml(text: string): Obj[] {
  return (loadAll(text) as Obj[]).filter((doc) => doc !== null && doc !== undefined);
}

/** The one object of a kind and name; fails loudly when absent or ambiguous. */
export function findObject(objects: readonly Obj[], kind: string, name: string, namespace?: string): Obj {
  const found = objects.filter((o) => o.kind === kind && o.metadata.name === name && (namespace === undefined || o.metadata.namespace === namespace));
  if (found.length !== 1) {
    const known = objects.map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`).join(', ');
    throw new Error(`expected exactly one ${kind} ${name}, found ${found.length} among: ${known}`);
  }
  return found[0]!;
}

/** Every object of a kind. */
export function objectsOfKind(objects: readonly Obj[], kind: string): Obj[] {
  return objects.filter((o) => o.kind === kind);
}
