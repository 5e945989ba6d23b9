/** A kind of API resource that a role grants access to: `pods`, `deployments.apps`, a custom resource. */
import { groupsServing, KNOWN_GROUPS, knownResource, KnownResource } from '../private/api-resources';
import { isDns1123Label, isDns1123Subdomain } from '../../manifest/name-rules';

/** Options of `ApiResource.custom()`. */
export interface CustomApiResourceOptions {
  /** The API group, e.g. `cert-manager.io`; `''` is the core group. */
  readonly apiGroup: string;
  /** The plural resource name, e.g. `certificates`, optionally with a subresource: `certificates/status`. */
  readonly resource: string;
}

/** Why an ApiResource cannot be granted, found when it was made and reported by the role that uses it. */
type ResourceProblem = { readonly problem: string; readonly fix: string };

/**
 * A resource type of the Kubernetes API with its API group. Built-in ones are checked against the resources a
 * Kubernetes 1.36 API server serves (so `deployments` in the core group, a common mistake, is refused); to grant
 * access to one object rather than every object of a type, pass the construct itself to `role.allow()`.
 */
export class ApiResource {
  /** Every resource of every group: a wildcard, only for when that is really meant. */
  static readonly ALL = new ApiResource('*', '*', undefined);

  /** Pods. */
  static readonly PODS = ApiResource.of('pods');
  /** Container logs (`pods/log`). */
  static readonly POD_LOGS = ApiResource.of('pods/log');
  /** Running commands in containers (`pods/exec`). */
  static readonly POD_EXEC = ApiResource.of('pods/exec');
  /** Services. */
  static readonly SERVICES = ApiResource.of('services');
  /** ConfigMaps. */
  static readonly CONFIG_MAPS = ApiResource.of('configmaps');
  /** Secrets. */
  static readonly SECRETS = ApiResource.of('secrets');
  /** PersistentVolumeClaims. */
  static readonly PERSISTENT_VOLUME_CLAIMS = ApiResource.of('persistentvolumeclaims');
  /** ServiceAccounts. */
  static readonly SERVICE_ACCOUNTS = ApiResource.of('serviceaccounts');
  /** Events (core group). */
  static readonly EVENTS = ApiResource.of('events');
  /** Deployments. */
  static readonly DEPLOYMENTS = ApiResource.of('deployments.apps');
  /** StatefulSets. */
  static readonly STATEFUL_SETS = ApiResource.of('statefulsets.apps');
  /** DaemonSets. */
  static readonly DAEMON_SETS = ApiResource.of('daemonsets.apps');
  /** Jobs. */
  static readonly JOBS = ApiResource.of('jobs.batch');
  /** CronJobs. */
  static readonly CRON_JOBS = ApiResource.of('cronjobs.batch');
  /** Ingresses. */
  static readonly INGRESSES = ApiResource.of('ingresses.networking.k8s.io');
  /** NetworkPolicies. */
  static readonly NETWORK_POLICIES = ApiResource.of('networkpolicies.networking.k8s.io');
  /** Leases, used for leader election. */
  static readonly LEASES = ApiResource.of('leases.coordination.k8s.io');
  /** Namespaces (cluster-scoped: only a ClusterRole can grant them). */
  static readonly NAMESPACES = ApiResource.of('namespaces');
  /** Nodes (cluster-scoped: only a ClusterRole can grant them). */
  static readonly NODES = ApiResource.of('nodes');

  /**
   * A resource written as kubectl writes it (`kubectl create role --resource`): `resource[.group][/subresource]`,
   * e.g. `pods`, `deployments.apps`, `pods/log`, `certificates.cert-manager.io`.
   */
  static of(text: string): ApiResource {
    const slash = text.indexOf('/');
    const main = slash < 0 ? text : text.slice(0, slash);
    const subresource = slash < 0 ? undefined : text.slice(slash + 1);
    const dot = main.indexOf('.');
    const resource = dot < 0 ? main : main.slice(0, dot);
    const group = dot < 0 ? '' : main.slice(dot + 1);
    return ApiResource.#make(group, subresource === undefined ? resource : `${resource}/${subresource}`, text);
  }

  /** A resource of an API group, typically a custom resource: `{ apiGroup: 'cert-manager.io', resource: 'certificates' }`. */
  static custom(options: CustomApiResourceOptions): ApiResource {
    return ApiResource.#make(options.apiGroup, options.resource, JSON.stringify(options));
  }

  /** Every resource of one API group, e.g. every custom resource of an operator: a wildcard, explicitly. */
  static allIn(apiGroup: string): ApiResource {
    if (apiGroup !== '' && !isDns1123Subdomain(apiGroup)) {
      return new ApiResource(apiGroup, '*', undefined, { problem: 'is not a valid API group', fix: 'Use a group such as "apps" or "cert-manager.io" ("" for the core group).' });
    }
    return new ApiResource(apiGroup, '*', undefined);
  }

  static #make(group: string, fullResource: string, written: string): ApiResource {
    const [resource = '', subresource] = fullResource.split('/', 2);
    const syntax = ApiResource.#syntaxProblem(group, resource, subresource, fullResource, written);
    if (syntax !== undefined) return new ApiResource(group, fullResource, undefined, syntax);
    const known = knownResource(group, resource);
    if (known === undefined && (KNOWN_GROUPS.has(group) || group === '')) {
      const elsewhere = groupsServing(resource);
      const fix =
        elsewhere.length > 0
          ? `${resource} are in the ${elsewhere.map((g) => (g === '' ? 'core' : `"${g}"`)).join(' or ')} group: write ${elsewhere.map((g) => `"${g === '' ? resource : `${resource}.${g}`}${subresource ? `/${subresource}` : ''}"`).join(' or ')}.`
          : 'Use the plural resource name that `kubectl api-resources` lists (e.g. "deployments.apps"), or ApiResource.custom() for a resource the cluster adds.';
      return new ApiResource(group, fullResource, undefined, { problem: `is not a resource of the ${group === '' ? 'core' : `"${group}"`} API group`, fix });
    }
    return new ApiResource(group, fullResource, known);
  }

  static #syntaxProblem(group: string, resource: string, subresource: string | undefined, full: string, written: string): ResourceProblem | undefined {
    if (resource === '*' || group === '*') {
      return { problem: 'is a wildcard', fix: 'Grant every resource explicitly with ApiResource.ALL or ApiResource.allIn(group), or name the resources.' };
    }
    if (group !== '' && !isDns1123Subdomain(group)) return { problem: 'has an invalid API group', fix: 'Write the group as a DNS name, e.g. "apps" or "cert-manager.io".' };
    if (!isDns1123Label(resource) || (subresource !== undefined && !isDns1123Label(subresource)) || full.split('/').length > 2) {
      const looksLikeKind = /^[A-Z]/.test(written);
      return {
        problem: 'is not a plural resource name',
        fix: looksLikeKind
          ? 'Rules name resources, not kinds: write e.g. "deployments.apps" for Deployment, or pass the construct to grant one object.'
          : 'Write it as kubectl does: "pods", "deployments.apps", "pods/log".',
      };
    }
    return undefined;
  }

  /** Whether objects of this resource live in namespaces; undefined when not known (custom resources, wildcards). */
  readonly namespaced: boolean | undefined;
  /** The standard verbs the resource supports, when it is a known built-in resource (not a subresource). */
  readonly supportedVerbs: readonly string[] | undefined;
  /** What is wrong with it, if anything; `role.allow()` reports it with the role's path. */
  readonly problem: { readonly problem: string; readonly fix: string } | undefined;

  private constructor(
    /** The API group, `''` for the core group. */
    readonly apiGroup: string,
    /** The plural resource name, with a subresource when there is one (`pods/log`). */
    readonly resource: string,
    known: KnownResource | undefined,
    problem?: { readonly problem: string; readonly fix: string },
  ) {
    this.namespaced = known?.namespaced;
    this.supportedVerbs = known !== undefined && !resource.includes('/') ? known.verbs : undefined;
    this.problem = problem;
  }

  /** The resource as kubectl writes it, for messages: `deployments.apps`. */
  toString(): string {
    const [main = '', subresource] = this.resource.split('/', 2);
    return `${this.apiGroup === '' ? main : `${main}.${this.apiGroup}`}${subresource === undefined ? '' : `/${subresource}`}`;
  }
}
