/** What Role and ClusterRole share: grants that become RBAC rules, least privilege unless asked otherwise. */
import { Construct } from 'constructs';
import { ApiResource } from './api-resource';
import { IRole } from './role-reference';
import { KNOWN_VERBS, STANDARD_VERBS, Verb, VerbLike } from './verb';
import { Resource, ResourceProps } from '../app/resource';
import { guessResource, knownKind, KNOWN_RESOURCES } from '../private/api-resources';
import { NameRule } from '../private/names';
import { GrantAtom, PolicyRule, rulesFromAtoms } from '../private/policy-rules';

/** One object a grant can name: any shipshape construct, or an existing Secret or ConfigMap. */
export interface IGrantable {
  /** The object's kind, e.g. `Secret`. */
  readonly kind: string;
  /** The object's name. */
  readonly name: string;
  /**
   * The object's apiVersion, which gives its API group.
   * @default - looked up from the kind among the built-in resources
   */
  readonly apiVersion?: string;
  /**
   * The object's namespace.
   * @default - the namespace of the role (existing objects are looked up there)
   */
  readonly namespace?: string;
}

/** What a grant applies to: a resource type (`'deployments.apps'`, `ApiResource.SECRETS`) or one object. */
export type GrantTarget = string | ApiResource | IGrantable;

/** One grant of a role's props: verbs on resources. */
export interface RoleGrant {
  /** The verbs: known verbs by name (`'get'`), or `Verb.ALL` / `Verb.custom()`. */
  readonly verbs: readonly VerbLike[];
  /** Resource types or objects. */
  readonly resources: readonly GrantTarget[];
}

/** Props of a Role or ClusterRole. */
export interface RoleBaseProps extends ResourceProps {
  /**
   * Grants; add more with `allow()`, `allowRead()` and `allowWrite()`.
   * @default - none: a role grants nothing unless asked
   */
  readonly grants?: readonly RoleGrant[];
}

/** Verbs that a rule cannot limit to named objects: the object has no name yet, or they act on every object. */
const UNNAMEABLE_VERBS: ReadonlySet<string> = new Set(['create', 'deletecollection']);

/** A Role or ClusterRole: grants in, RBAC rules out. */
export abstract class RoleBase extends Resource implements IRole {
  declare readonly kind: 'Role' | 'ClusterRole';
  readonly #atoms: GrantAtom[] = [];
  #grants = 0;

  protected constructor(scope: Construct, id: string, kind: 'Role' | 'ClusterRole', props: RoleBaseProps) {
    super(scope, id, { apiVersion: 'rbac.authorization.k8s.io/v1', kind, nameRule: NameRule.PATH_SEGMENT, bodyKeys: ['rules'], clusterScoped: kind === 'ClusterRole' }, props);
    for (const grant of props.grants ?? []) this.allow(grant.verbs, ...grant.resources);
  }

  /** The construct path, for messages. */
  get path(): string {
    return this.node.path;
  }

  /** False: this role is written by the app. */
  get external(): boolean {
    return false;
  }

  /** The rules as they will be written, merged and sorted. */
  get rules(): readonly PolicyRule[] {
    return rulesFromAtoms(this.#atoms);
  }

  /**
   * Grants verbs on resource types or on single objects: `role.allow(['get'], secret)` allows reading exactly
   * that Secret (through `resourceNames`), `role.allow(['list'], 'pods')` listing every pod.
   */
  allow(verbs: readonly VerbLike[], ...resources: readonly GrantTarget[]): this {
    const field = `allow(#${++this.#grants})`;
    if (verbs.length === 0) this.fail(`${field}.verbs`, [], 'must list at least one verb', "Name the verbs to allow, e.g. ['get', 'list', 'watch'].");
    if (resources.length === 0) this.fail(`${field}.resources`, [], 'must list at least one resource', "Pass resource types ('pods', ApiResource.SECRETS) or objects (a Secret construct).");
    const names = verbs.map((verb, index) => this.#verbName(verb, `${field}.verbs[${index}]`));
    resources.forEach((target, index) => this.#grant(names, target, `${field}.resources[${index}]`));
    return this;
  }

  /** Grants `get`, `list` and `watch`: reading, listing and following changes. */
  allowRead(...resources: readonly GrantTarget[]): this {
    return this.allow(Verb.READ, ...resources);
  }

  /**
   * Grants `create`, `update`, `patch` and `delete` on resource types; on single objects `update`, `patch` and
   * `delete`, since a rule cannot limit `create` to a name. It does not grant reading: add `allowRead()`.
   */
  allowWrite(...resources: readonly GrantTarget[]): this {
    for (const target of resources) {
      const named = typeof target === 'object' && !(target instanceof ApiResource);
      this.allow(named ? Verb.WRITE.filter((verb) => !UNNAMEABLE_VERBS.has(verb)) : Verb.WRITE, target);
    }
    return this;
  }

  /** Grants both `allowRead()` and `allowWrite()`. */
  allowReadWrite(...resources: readonly GrantTarget[]): this {
    return this.allowRead(...resources).allowWrite(...resources);
  }

  /** Whether a grant of a cluster-scoped resource is allowed (a ClusterRole) or refused (a Role). */
  protected abstract checkScope(field: string, target: string, namespaced: boolean | undefined, namespace: string | undefined): void;

  /** Whether the role has rules to write (subclasses may have other content, such as non-resource URLs). */
  protected get hasAtoms(): boolean {
    return this.#atoms.length > 0;
  }

  #verbName(verb: VerbLike, field: string): string {
    if (verb instanceof Verb) {
      if (verb !== Verb.ALL && !/^[a-z][a-zA-Z0-9-]*$/.test(verb.name)) {
        this.fail(field, verb.name, 'is not a verb', 'A custom verb is a lower-case word, e.g. Verb.custom("frobnicate").');
      }
      return verb.name;
    }
    if ((KNOWN_VERBS as readonly string[]).includes(verb)) return verb;
    if ((verb as string) === '*') this.fail(field, verb, 'is a wildcard', 'Allow every verb explicitly with Verb.ALL, or list the verbs you need.');
    return this.fail(
      field,
      verb,
      'is not a known verb',
      `Use one of ${KNOWN_VERBS.join(', ')}; for a verb of an extension API write Verb.custom(${JSON.stringify(String(verb).toLowerCase())}).`,
    );
  }

  #grant(verbs: readonly string[], target: GrantTarget, field: string): void {
    if (typeof target === 'string') {
      this.#grantResource(verbs, ApiResource.of(target), field);
    } else if (target instanceof ApiResource) {
      this.#grantResource(verbs, target, field);
    } else if (typeof target === 'object' && target !== null && typeof target.kind === 'string' && typeof target.name === 'string') {
      this.#grantObject(verbs, target, field);
    } else {
      this.fail(field, target, 'is not a resource', "Pass a resource type ('pods', ApiResource.SECRETS) or an object (a Secret construct).");
    }
  }

  #grantResource(verbs: readonly string[], resource: ApiResource, field: string): void {
    if (resource.problem !== undefined) this.fail(field, resource.toString(), resource.problem.problem, resource.problem.fix);
    this.checkScope(field, resource.toString(), resource.namespaced, undefined);
    const supported = resource.supportedVerbs;
    if (supported !== undefined) {
      const unsupported = verbs.filter((verb) => (STANDARD_VERBS as readonly string[]).includes(verb) && !supported.includes(verb));
      if (unsupported.length > 0) {
        this.fail(field, resource.toString(), `does not support ${unsupported.join(', ')}`, `It supports ${supported.join(', ')}; grant only those.`);
      }
    }
    for (const verb of verbs) this.#atoms.push({ group: resource.apiGroup, resource: resource.resource, verb });
  }

  #grantObject(verbs: readonly string[], target: IGrantable, field: string): void {
    const description = `${target.kind} ${target.name}`;
    const group = target.apiVersion !== undefined ? (target.apiVersion.includes('/') ? target.apiVersion.slice(0, target.apiVersion.indexOf('/')) : '') : groupOfKind(target.kind);
    const known = knownKind(group, target.kind);
    const resource = known?.resource ?? guessResource(target.kind);
    const unnameable = verbs.filter((verb) => UNNAMEABLE_VERBS.has(verb));
    if (unnameable.length > 0) {
      this.fail(
        field,
        description,
        `cannot be granted ${unnameable.join(' and ')} by name (Kubernetes cannot limit those verbs to one object)`,
        `Grant ${unnameable.join('/')} on the resource type instead, e.g. allow(['create'], '${group === '' ? resource : `${resource}.${group}`}').`,
      );
    }
    this.checkScope(field, description, known?.namespaced, target.namespace);
    if (known !== undefined) {
      const unsupported = verbs.filter((verb) => (STANDARD_VERBS as readonly string[]).includes(verb) && !known.verbs.includes(verb));
      if (unsupported.length > 0) this.fail(field, description, `does not support ${unsupported.join(', ')}`, `It supports ${known.verbs.join(', ')}; grant only those.`);
    }
    for (const verb of verbs) this.#atoms.push({ group, resource, verb, name: target.name });
  }
}

/** The API group of a built-in kind that appears in exactly one group; the core group otherwise. */
function groupOfKind(kind: string): string {
  const groups = KNOWN_RESOURCES.filter((known) => known.kind === kind).map((known) => known.group);
  return groups.includes('') || groups.length !== 1 ? '' : (groups[0] ?? '');
}

