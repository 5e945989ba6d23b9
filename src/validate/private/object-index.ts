/**
 * Lookups across the whole set of objects, built once per validation run. Nested maps rather than
 * composite string keys: with 40,000 objects, building and hashing a key string per lookup cost
 * more than the checks themselves.
 */
import { isClusterScoped } from '../../manifest/cluster-scoped';
import type { ObjectEntry } from './object-entry';
import { podTemplateOf, type PodTemplate } from './pod-templates';

type Nested<T> = Map<string, T>;

/** Returns the value under a key, creating it first when missing. */
export function getOrCreate<K, V>(map: Map<K, V>, key: K, create: () => NoInfer<V>): V {
  let value = map.get(key);
  if (value === undefined) {
    value = create();
    map.set(key, value);
  }
  return value;
}

/**
 * The namespace an object is found under: none for a cluster-scoped kind, even one that carries a
 * `metadata.namespace` by mistake. There is one such object in the whole cluster, so what names it finds it;
 * the stray namespace is reported once, on the object itself (reference/cluster-scoped-namespace), rather than
 * again on everything that refers to it.
 */
export function lookupNamespace(entry: ObjectEntry): string | undefined {
  return entry.namespace === undefined || isClusterScoped(entry.ref.kind, entry.ref.apiVersion) ? undefined : entry.namespace;
}

// Creators shared by every lookup below (an inline arrow would be a new closure per object and key).
const newMap = <K, V>(): Map<K, V> => new Map<K, V>();
const newList = <T>(): T[] => [];

/** Objects by kind, namespace and name, and pod templates by namespace and label. */
export class ObjectIndex {
  /** kind → namespace → name → first object. */
  readonly #byName: Nested<Nested<Nested<ObjectEntry>>> = new Map();
  /** kind → namespace → objects. */
  readonly #byKindIn: Nested<Nested<ObjectEntry[]>> = new Map();
  readonly #byKind: Nested<ObjectEntry[]> = new Map();
  /** namespace → pod templates. */
  readonly #templates: Nested<PodTemplate[]> = new Map();
  /** namespace → label key → label value → pod templates. */
  readonly #templatesByLabel: Nested<Nested<Nested<PodTemplate[]>>> = new Map();

  constructor(entries: readonly ObjectEntry[]) {
    for (const entry of entries) {
      const kind = entry.ref.kind;
      const namespace = lookupNamespace(entry) ?? '';
      const names = getOrCreate(getOrCreate(this.#byName, kind, newMap), namespace, newMap<string, ObjectEntry>);
      if (!names.has(entry.name ?? '')) names.set(entry.name ?? '', entry);
      getOrCreate(getOrCreate(this.#byKindIn, kind, newMap), namespace, newList<ObjectEntry>).push(entry);
      getOrCreate(this.#byKind, kind, newList<ObjectEntry>).push(entry);
      const template = podTemplateOf(entry);
      if (template === undefined) continue;
      getOrCreate(this.#templates, namespace, newList<PodTemplate>).push(template);
      const byKey = getOrCreate(this.#templatesByLabel, namespace, newMap<string, Nested<PodTemplate[]>>);
      for (const key in template.labels) {
        getOrCreate(getOrCreate(byKey, key, newMap), template.labels[key] ?? '', newList<PodTemplate>).push(template);
      }
    }
  }

  /** The first object of a kind with that namespace and name. */
  find(kind: string, namespace: string | undefined, name: string): ObjectEntry | undefined {
    return this.#byName.get(kind)?.get(namespace ?? '')?.get(name);
  }

  /** Every object of a kind, in input order. */
  ofKind(kind: string): readonly ObjectEntry[] {
    return this.#byKind.get(kind) ?? [];
  }

  /** Every object of a kind in a namespace (`undefined`: objects without a namespace). */
  ofKindIn(kind: string, namespace: string | undefined): readonly ObjectEntry[] {
    return this.#byKindIn.get(kind)?.get(namespace ?? '') ?? [];
  }

  /**
   * The pod templates in a namespace that could match a selector: those carrying its first
   * matchLabels pair, which keeps selector matching linear on large outputs.
   */
  candidateTemplates(namespace: string | undefined, matchLabels: Readonly<Record<string, string>>): readonly PodTemplate[] {
    for (const key in matchLabels) {
      return this.#templatesByLabel.get(namespace ?? '')?.get(key)?.get(matchLabels[key] ?? '') ?? [];
    }
    return this.templatesIn(namespace);
  }

  /** The pod templates of the workloads in a namespace (`undefined`: objects without a namespace). */
  templatesIn(namespace: string | undefined): readonly PodTemplate[] {
    return this.#templates.get(namespace ?? '') ?? [];
  }
}
