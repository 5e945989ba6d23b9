/** A ResourceQuota: the most a namespace may hold, in compute, storage and objects. */
import { Size } from 'cdk8s';
import { Construct } from 'constructs';
import { AggregateValidationError, ValidationError } from '../../errors';
import { compareText } from '../../manifest/compare-text';
import { isDns1123Subdomain, suggestName } from '../../manifest/name-rules';
import { BUILT_IN_PRIORITY_CLASS_NAMES, BUILT_IN_PRIORITY_CLASSES, SYSTEM_PRIORITY_CLASS_PREFIX } from '../../manifest/priority-classes';
import { EXTERNAL_REFERENCES_ANNOTATION, externalReferences } from '../../validate/annotations';
import { Resource, ResourceProps } from '../app/resource';
import { NameRule, nameProblem } from '../private/names';
import { sizeToQuantity } from '../private/quantities';
import { Cpu } from '../workloads/resources';
import type { IPriorityClass } from '../workloads/priority-class';

/** Totals of what the namespace's pods and claims may request. */
export interface QuotaRequests {
  /**
   * CPU requested by all pods together (`requests.cpu`).
   * @default - not limited
   */
  readonly cpu?: Cpu;
  /**
   * Memory requested by all pods together (`requests.memory`).
   * @default - not limited
   */
  readonly memory?: Size;
  /**
   * Ephemeral storage requested by all pods together (`requests.ephemeral-storage`).
   * @default - not limited
   */
  readonly ephemeralStorage?: Size;
  /**
   * Storage requested by all PersistentVolumeClaims together (`requests.storage`).
   * @default - not limited
   */
  readonly storage?: Size;
}

/** Totals of the limits of the namespace's pods. */
export interface QuotaLimits {
  /**
   * Sum of CPU limits (`limits.cpu`).
   * @default - not limited
   */
  readonly cpu?: Cpu;
  /**
   * Sum of memory limits (`limits.memory`).
   * @default - not limited
   */
  readonly memory?: Size;
  /**
   * Sum of ephemeral storage limits (`limits.ephemeral-storage`).
   * @default - not limited
   */
  readonly ephemeralStorage?: Size;
}

/** How many objects of common kinds the namespace may hold. */
export interface QuotaObjectCounts {
  /**
   * Pods that are not finished.
   * @default - not limited
   */
  readonly pods?: number;
  /**
   * Services.
   * @default - not limited
   */
  readonly services?: number;
  /**
   * Services of type LoadBalancer (each one usually costs money).
   * @default - not limited
   */
  readonly loadBalancers?: number;
  /**
   * Services of type NodePort or LoadBalancer (node ports are a cluster-wide resource).
   * @default - not limited
   */
  readonly nodePorts?: number;
  /**
   * PersistentVolumeClaims.
   * @default - not limited
   */
  readonly persistentVolumeClaims?: number;
  /**
   * ConfigMaps.
   * @default - not limited
   */
  readonly configMaps?: number;
  /**
   * Secrets.
   * @default - not limited
   */
  readonly secrets?: number;
  /**
   * Objects of any other resource, by `resource.group` as kubectl writes it: `{ 'deployments.apps': 10, 'jobs.batch': 20 }`
   * (written `count/deployments.apps`).
   * @default - none
   */
  readonly other?: Readonly<Record<string, number>>;
}

/** Limits on the claims of one StorageClass. */
export interface StorageClassQuota {
  /**
   * Storage requested by the claims of this class together.
   * @default - not limited
   */
  readonly storage?: Size;
  /**
   * Number of claims of this class.
   * @default - not limited
   */
  readonly persistentVolumeClaims?: number;
}

/** Which pods a quota counts. */
export enum QuotaScope {
  /** Pods with an active deadline (typically Jobs). */
  TERMINATING = 'Terminating',
  /** Pods without an active deadline (typically long-running services). */
  NOT_TERMINATING = 'NotTerminating',
  /** Pods without any request or limit. */
  BEST_EFFORT = 'BestEffort',
  /** Pods with at least one request or limit. */
  NOT_BEST_EFFORT = 'NotBestEffort',
  /** Pods with cross-namespace affinity terms. */
  CROSS_NAMESPACE_POD_AFFINITY = 'CrossNamespacePodAffinity',
}

/** Props of a ResourceQuota. */
export interface ResourceQuotaProps extends ResourceProps {
  /**
   * Totals of requests.
   * @default - not limited
   */
  readonly requests?: QuotaRequests;
  /**
   * Totals of limits.
   * @default - not limited
   */
  readonly limits?: QuotaLimits;
  /**
   * Object counts.
   * @default - not limited
   */
  readonly objects?: QuotaObjectCounts;
  /**
   * Limits per StorageClass name.
   * @default - none
   */
  readonly storageClasses?: Readonly<Record<string, StorageClassQuota>>;
  /**
   * Count only the pods in these scopes (then only pod counts and compute can be limited).
   * @default - every pod
   */
  readonly scopes?: readonly QuotaScope[];
  /**
   * Count only the pods of these PriorityClasses: `PriorityClass` objects (of the app, the cluster or the system)
   * or names. Validation warns about a name that is neither a class of the app nor a built-in class: refer to a
   * class of the cluster with `PriorityClass.fromPriorityClassName()`, which tells validation it exists.
   * @default - pods of any priority
   */
  readonly priorityClasses?: ReadonlyArray<IPriorityClass | string>;
}

/** What pod scopes may limit (k8s.io/kubernetes pkg/apis/core/helper IsResourceQuotaScopeValidForResource). */
const POD_COMPUTE = new Set(['pods', 'cpu', 'memory', 'requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory']);

/**
 * A ResourceQuota: the API server refuses objects that would take the namespace over it. A quota on CPU or
 * memory makes every pod of the namespace declare that request or limit (shipshape's default resources do; a
 * LimitRange can give defaults to the others).
 */
export class ResourceQuota extends Resource {
  readonly #hard: Record<string, string> = {};
  readonly #scopes: readonly QuotaScope[];
  readonly #priorityClasses: readonly string[] | undefined;

  constructor(scope: Construct, id: string, props: ResourceQuotaProps = {}) {
    super(scope, id, { apiVersion: 'v1', kind: 'ResourceQuota', nameRule: NameRule.DNS_SUBDOMAIN, bodyKeys: ['spec'] }, props);
    const cpu = (key: string, value: Cpu | undefined): void => this.#set(key, value === undefined ? undefined : this.#nonNegative(key, value.millicores, value.toQuantity()));
    const size = (key: string, value: Size | undefined): void => this.#set(key, value === undefined ? undefined : sizeToQuantity(value));
    const count = (key: string, field: string, value: number | undefined): void => {
      if (value !== undefined && (!Number.isInteger(value) || value < 0)) this.fail(field, value, 'must be a whole number of 0 or more', 'Give the most objects allowed.');
      this.#set(key, value === undefined ? undefined : String(value));
    };
    cpu('requests.cpu', props.requests?.cpu);
    size('requests.memory', props.requests?.memory);
    size('requests.ephemeral-storage', props.requests?.ephemeralStorage);
    size('requests.storage', props.requests?.storage);
    cpu('limits.cpu', props.limits?.cpu);
    size('limits.memory', props.limits?.memory);
    size('limits.ephemeral-storage', props.limits?.ephemeralStorage);
    const objects = props.objects ?? {};
    count('pods', 'objects.pods', objects.pods);
    count('services', 'objects.services', objects.services);
    count('services.loadbalancers', 'objects.loadBalancers', objects.loadBalancers);
    count('services.nodeports', 'objects.nodePorts', objects.nodePorts);
    count('persistentvolumeclaims', 'objects.persistentVolumeClaims', objects.persistentVolumeClaims);
    count('configmaps', 'objects.configMaps', objects.configMaps);
    count('secrets', 'objects.secrets', objects.secrets);
    for (const [resource, value] of Object.entries(objects.other ?? {})) {
      const [name = '', ...rest] = resource.split('/');
      if (rest.length > 0 || !isDns1123Subdomain(name)) {
        this.fail(`objects.other[${JSON.stringify(resource)}]`, resource, 'is not a resource as kubectl writes it', 'Write "resource.group", e.g. "deployments.apps" or "jobs.batch" ("pods" for the core group).');
      }
      count(`count/${resource}`, `objects.other[${JSON.stringify(resource)}]`, value);
    }
    for (const [className, limits] of Object.entries(props.storageClasses ?? {})) {
      if (!isDns1123Subdomain(className)) this.fail('storageClasses', className, 'is not a StorageClass name', 'Use the name of a StorageClass, e.g. "fast".');
      size(`${className}.storageclass.storage.k8s.io/requests.storage`, limits.storage);
      count(`${className}.storageclass.storage.k8s.io/persistentvolumeclaims`, `storageClasses[${JSON.stringify(className)}].persistentVolumeClaims`, limits.persistentVolumeClaims);
    }
    if (Object.keys(this.#hard).length === 0) {
      this.fail('requests', undefined, 'the quota limits nothing', 'Give at least one of requests, limits, objects or storageClasses.');
    }
    this.#scopes = [...new Set(props.scopes ?? [])];
    this.#checkScopes();
    const priorityClasses = props.priorityClasses;
    if (priorityClasses !== undefined) {
      if (priorityClasses.length === 0) this.fail('priorityClasses', [], 'must not be empty', 'Name the PriorityClasses, or leave priorityClasses out.');
      this.#checkPriorityClassNames(priorityClasses.map(nameOf));
      this.#checkScopedResources('priorityClasses', 'PriorityClass');
      this.#markExternalPriorityClasses(priorityClasses, props.annotations?.[EXTERNAL_REFERENCES_ANNOTATION]);
    }
    this.#priorityClasses = priorityClasses === undefined ? undefined : [...new Set(priorityClasses.map(nameOf))];
  }

  /** The limits as written in `spec.hard`. */
  get hard(): Readonly<Record<string, string>> {
    return { ...this.#hard };
  }

  protected renderBody(): Record<string, unknown> {
    return {
      spec: {
        hard: { ...this.#hard },
        scopes: this.#scopes.length > 0 ? [...this.#scopes] : undefined,
        scopeSelector:
          this.#priorityClasses === undefined
            ? undefined
            : { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In', values: [...this.#priorityClasses] }] },
      },
    };
  }

  #set(key: string, value: string | undefined): void {
    if (value !== undefined) this.#hard[key] = value;
  }

  #nonNegative(key: string, amount: number, quantity: string): string {
    if (!(amount >= 0)) this.fail(key, quantity, 'must not be negative', 'Give the most the namespace may use.');
    return quantity;
  }

  /** Refuses every name that no PriorityClass can have, all in one error: a quota scoped to one would count no pod. */
  #checkPriorityClassNames(names: readonly string[]): void {
    const errors = names.flatMap((name, index) => {
      const fault = priorityClassNameFault(name);
      return fault === undefined ? [] : [new ValidationError({ path: this.node.path, construct: this.kind, field: `priorityClasses[${index}]`, value: name, ...fault })];
    });
    if (errors.length > 1) throw new AggregateValidationError(errors);
    if (errors[0] !== undefined) throw errors[0];
  }

  /** Tells validation which classes exist only in the cluster (built-in ones it knows itself), after what the user's own annotation says. */
  #markExternalPriorityClasses(priorityClasses: ReadonlyArray<IPriorityClass | string>, own: string | undefined): void {
    const external = new Set<string>();
    for (const priorityClass of priorityClasses) {
      if (typeof priorityClass !== 'string' && priorityClass.external && !BUILT_IN_PRIORITY_CLASSES.has(priorityClass.name)) external.add(priorityClass.name);
    }
    if (external.size === 0) return;
    const references = [...external].sort(compareText).map((name) => ({ kind: 'PriorityClass', name }));
    const marked = externalReferences(...references);
    this.apiObject.metadata.addAnnotation(EXTERNAL_REFERENCES_ANNOTATION, own === undefined || own.trim() === '' ? marked : `${own}, ${marked}`);
  }

  #checkScopes(): void {
    const has = (scope: QuotaScope): boolean => this.#scopes.includes(scope);
    if (has(QuotaScope.TERMINATING) && has(QuotaScope.NOT_TERMINATING)) {
      this.fail('scopes', this.#scopes, 'combines Terminating and NotTerminating, which no pod is both', 'Use one of them, or two quotas.');
    }
    if (has(QuotaScope.BEST_EFFORT) && has(QuotaScope.NOT_BEST_EFFORT)) {
      this.fail('scopes', this.#scopes, 'combines BestEffort and NotBestEffort, which no pod is both', 'Use one of them, or two quotas.');
    }
    for (const scope of this.#scopes) this.#checkScopedResources('scopes', scope);
  }

  #checkScopedResources(field: string, scope: string): void {
    const allowed = scope === String(QuotaScope.BEST_EFFORT) ? new Set(['pods']) : POD_COMPUTE;
    const refused = Object.keys(this.#hard).filter((key) => !allowed.has(key));
    if (refused.length > 0) {
      this.fail(field, scope, `only counts pods, so it cannot limit ${refused.join(', ')}`, `With scope ${scope} limit only ${[...allowed].join(', ')}; put the others in a quota without scopes.`);
    }
  }
}

function nameOf(priorityClass: IPriorityClass | string): string {
  return typeof priorityClass === 'string' ? priorityClass : priorityClass.name;
}

/**
 * Why no PriorityClass can have a name, with the fix; undefined when one can. The rules of the PriorityClass
 * construct: a DNS-1123 subdomain, and the "system-" prefix only for the built-in classes.
 */
function priorityClassNameFault(name: string): { problem: string; fix: string } | undefined {
  const problem = nameProblem(name, NameRule.DNS_SUBDOMAIN);
  if (problem !== undefined) {
    const suggestion = suggestName(name, NameRule.DNS_SUBDOMAIN);
    return { problem: `is not a PriorityClass name: it ${problem}`, fix: `Use the name of a PriorityClass, e.g. "${suggestion ?? 'high'}".` };
  }
  if (name.startsWith(SYSTEM_PRIORITY_CLASS_PREFIX) && !BUILT_IN_PRIORITY_CLASSES.has(name)) {
    const builtIn = BUILT_IN_PRIORITY_CLASS_NAMES.join(' and ');
    return {
      problem: `starts with "${SYSTEM_PRIORITY_CLASS_PREFIX}", which is reserved for the cluster's own classes (${builtIn}): no class of that name can exist, so the quota would count no pod`,
      fix: `Use ${BUILT_IN_PRIORITY_CLASS_NAMES.join(' or ')} (PriorityClass.SYSTEM_CLUSTER_CRITICAL, PriorityClass.SYSTEM_NODE_CRITICAL), or a class whose name does not start with "${SYSTEM_PRIORITY_CLASS_PREFIX}".`,
    };
  }
  return undefined;
}
