/**
 * What the Pod Security checks look at: a pod spec with its annotations, the fields that break a
 * check, and helpers that read security contexts the way k8s.io/pod-security-admission's visitor does.
 */
import { asRecord, asString, type JsonRecord } from './json';
import { containersOf, type PodTemplate } from './pod-templates';

/** The Pod Security levels, from least to most strict. */
export type PodSecurityLevelName = 'privileged' | 'baseline' | 'restricted';

/** One field that breaks a check. */
export interface Violation {
  readonly fieldPath: string;
  /** The offending value; `undefined` when the field is missing but required. */
  readonly value?: unknown;
  /** What is wrong, naming the container or volume, e.g. `container "web" must not set securityContext.privileged=true`. */
  readonly text: string;
}

/** A pod spec with what the checks read from it. */
export interface PodUnderCheck {
  readonly template: PodTemplate;
  /** The pod's (or template's) annotations and where they are. */
  readonly annotations: Readonly<Record<string, string>>;
  readonly annotationsPath: string;
}

/** A check: the fields of a pod that break it (none: the pod passes). */
export type CheckFn = (pod: PodUnderCheck) => Violation[];

/** A security context as a record (absent or malformed: empty). */
export function contextOf(record: JsonRecord | undefined): JsonRecord {
  return asRecord(record?.securityContext) ?? {};
}

/** The pod-level security context. */
export function podContext(pod: PodUnderCheck): JsonRecord {
  return contextOf(pod.template.spec);
}

/** Where the pod-level security context is. */
export function podContextPath(pod: PodUnderCheck): string {
  return `${pod.template.specPath}.securityContext`;
}

/** A container as the checks read it. */
export interface PodContainer {
  readonly name: string;
  readonly path: string;
  readonly container: JsonRecord;
  readonly context: JsonRecord;
}

/** Most checks walk the containers: each pod's list is made once for all of them. */
const podContainers = new WeakMap<PodUnderCheck, readonly PodContainer[]>();

/** Every container, init and ephemeral included, as `visitContainers` walks them. */
export function containers(pod: PodUnderCheck): readonly PodContainer[] {
  let result = podContainers.get(pod);
  if (result === undefined) {
    result = containersOf(pod.template).map(({ container, path }) => ({ name: asString(container.name) ?? '', path, container, context: contextOf(container) }));
    podContainers.set(pod, result);
  }
  return result;
}

/** Whether the pod declares Windows as its OS. */
export function isWindows(pod: PodUnderCheck): boolean {
  return asRecord(pod.template.spec.os)?.name === 'windows';
}

/** `relaxPolicyForUserNamespacePod`: pods in a user namespace (`hostUsers: false`). */
export function inUserNamespace(pod: PodUnderCheck): boolean {
  return pod.template.spec.hostUsers === false;
}

/** A name quoted as the admission quotes it. */
export const quote = (text: string): string => JSON.stringify(text);

/** A field value as text for a message: strings as they are, anything else as JSON. */
export function show(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
}

