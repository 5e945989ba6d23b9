/** Finds the pods that workloads create: their labels, spec, containers and replica counts. */
import { asArray, asRecord, asStringMap, type JsonRecord } from './json';
import type { ObjectEntry } from './object-entry';

/** The pod template of a workload (or a bare Pod's own spec). */
export interface PodTemplate {
  readonly entry: ObjectEntry;
  /** The pod spec, and where it is in the object (`spec.template.spec`). */
  readonly spec: JsonRecord;
  readonly specPath: string;
  /** The pod's metadata (a Pod's own, or the template's), and where it is in the object (`spec.template.metadata`). */
  readonly metadata: JsonRecord | undefined;
  readonly metadataPath: string;
  /** The labels the pods get. */
  readonly labels: Readonly<Record<string, string>>;
  /** How many pods it asks for; `undefined` when the count is not fixed (DaemonSet, Job). */
  readonly replicas: number | undefined;
}

/** A container of a pod spec, with its field path. */
export interface ContainerRef {
  readonly container: JsonRecord;
  readonly path: string;
  /** `initContainers`, `containers` or `ephemeralContainers`. */
  readonly list: 'initContainers' | 'containers' | 'ephemeralContainers';
}

const TEMPLATE_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job']);

/** Templates are looked up by every layer; computing each once saves allocations on large outputs. */
const templates = new WeakMap<ObjectEntry, PodTemplate | null>();

/** The pod template of a workload, a Pod or a CronJob; `undefined` for other kinds. */
export function podTemplateOf(entry: ObjectEntry): PodTemplate | undefined {
  let template = templates.get(entry);
  if (template === undefined) {
    template = findPodTemplate(entry) ?? null;
    templates.set(entry, template);
  }
  return template ?? undefined;
}

function findPodTemplate(entry: ObjectEntry): PodTemplate | undefined {
  const object = entry.object;
  const spec = asRecord(object.spec);
  if (spec === undefined) return undefined;
  if (entry.ref.kind === 'Pod') return { entry, spec, specPath: 'spec', metadata: asRecord(object.metadata), metadataPath: 'metadata', labels: entry.labels, replicas: 1 };
  let template: JsonRecord | undefined;
  let templatePath: string;
  if (entry.ref.kind === 'CronJob') {
    template = asRecord(asRecord(asRecord(spec.jobTemplate)?.spec)?.template);
    templatePath = 'spec.jobTemplate.spec.template';
  } else if (TEMPLATE_KINDS.has(entry.ref.kind)) {
    template = asRecord(spec.template);
    templatePath = 'spec.template';
  } else return undefined;
  const podSpec = asRecord(template?.spec);
  if (template === undefined || podSpec === undefined) return undefined;
  const fixedReplicas = ['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController'].includes(entry.ref.kind);
  const replicas = typeof spec.replicas === 'number' ? spec.replicas : 1;
  const metadata = asRecord(template.metadata);
  return {
    entry,
    spec: podSpec,
    specPath: `${templatePath}.spec`,
    metadata,
    metadataPath: `${templatePath}.metadata`,
    labels: asStringMap(metadata?.labels),
    replicas: fixedReplicas ? replicas : undefined,
  };
}

/** Every layer walks the containers of each template, some several times: the list is made once per template. */
const containerLists = new WeakMap<PodTemplate, readonly ContainerRef[]>();

/** Every container of a pod spec, init containers first. */
export function containersOf(template: PodTemplate): readonly ContainerRef[] {
  let result = containerLists.get(template);
  if (result === undefined) {
    result = listContainers(template);
    containerLists.set(template, result);
  }
  return result;
}

function listContainers(template: PodTemplate): ContainerRef[] {
  const result: ContainerRef[] = [];
  for (const list of ['initContainers', 'containers', 'ephemeralContainers'] as const) {
    asArray(template.spec[list]).forEach((item, index) => {
      const container = asRecord(item);
      if (container !== undefined) result.push({ container, path: `${template.specPath}.${list}[${index}]`, list });
    });
  }
  return result;
}
