/** Lookups across the whole set of objects, built once per validation run. */
import type { ObjectEntry } from './object-entry';
import { podTemplateOf, type PodTemplate } from './pod-templates';

/** Objects by kind, namespace and name, and pod templates by namespace. */
export class ObjectIndex {
  readonly #byName = new Map<string, ObjectEntry>();
  readonly #templates = new Map<string, PodTemplate[]>();
  readonly #byKind = new Map<string, ObjectEntry[]>();
  readonly #byKindIn = new Map<string, ObjectEntry[]>();
  readonly #templatesByLabel = new Map<string, PodTemplate[]>();

  constructor(entries: readonly ObjectEntry[]) {
    for (const entry of entries) {
      const key = nameKey(entry.ref.kind, entry.namespace, entry.name ?? '');
      if (!this.#byName.has(key)) this.#byName.set(key, entry);
      const ofKind = this.#byKind.get(entry.ref.kind);
      if (ofKind === undefined) this.#byKind.set(entry.ref.kind, [entry]);
      else ofKind.push(entry);
      push(this.#byKindIn, `${entry.ref.kind}\u0000${entry.namespace ?? ''}`, entry);
      const template = podTemplateOf(entry);
      if (template !== undefined) {
        const namespaceKey = entry.namespace ?? '';
        const list = this.#templates.get(namespaceKey);
        if (list === undefined) this.#templates.set(namespaceKey, [template]);
        else list.push(template);
        for (const [key, value] of Object.entries(template.labels)) push(this.#templatesByLabel, labelKey(namespaceKey, key, value), template);
      }
    }
  }

  /** The first object of a kind with that namespace and name. */
  find(kind: string, namespace: string | undefined, name: string): ObjectEntry | undefined {
    return this.#byName.get(nameKey(kind, namespace, name));
  }

  /** Every object of a kind, in input order. */
  ofKind(kind: string): readonly ObjectEntry[] {
    return this.#byKind.get(kind) ?? [];
  }

  /** Every object of a kind in a namespace (`undefined`: objects without a namespace). */
  ofKindIn(kind: string, namespace: string | undefined): readonly ObjectEntry[] {
    return this.#byKindIn.get(`${kind}\u0000${namespace ?? ''}`) ?? [];
  }

  /**
   * The pod templates in a namespace that could match a selector: those carrying its first
   * matchLabels pair, which keeps selector matching linear on large outputs.
   */
  candidateTemplates(namespace: string | undefined, matchLabels: Readonly<Record<string, string>>): readonly PodTemplate[] {
    for (const key in matchLabels) {
      return this.#templatesByLabel.get(labelKey(namespace ?? '', key, matchLabels[key] ?? '')) ?? [];
    }
    return this.templatesIn(namespace);
  }

  /** The pod templates of the workloads in a namespace (`undefined`: objects without a namespace). */
  templatesIn(namespace: string | undefined): readonly PodTemplate[] {
    return this.#templates.get(namespace ?? '') ?? [];
  }
}

function nameKey(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}\u0000${namespace ?? ''}\u0000${name}`;
}

function labelKey(namespace: string, key: string, value: string): string {
  return `${namespace}\u0000${key}\u0000${value}`;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
