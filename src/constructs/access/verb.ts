/** The verbs of RBAC rules: what a role lets its subjects do with a resource. */

/** The verbs Kubernetes' built-in resources understand, standard and special. */
export type KnownVerb =
  | 'get'
  | 'list'
  | 'watch'
  | 'create'
  | 'update'
  | 'patch'
  | 'delete'
  | 'deletecollection'
  | 'bind'
  | 'escalate'
  | 'impersonate'
  | 'use'
  | 'approve'
  | 'sign';

/** The verbs every built-in resource answers to; discovery lists which of them each resource supports. */
export const STANDARD_VERBS: readonly KnownVerb[] = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'];

/** Every known verb: the standard ones and those of special resources (roles, impersonation, certificate signers). */
export const KNOWN_VERBS: readonly KnownVerb[] = [...STANDARD_VERBS, 'bind', 'escalate', 'impersonate', 'use', 'approve', 'sign'];

/**
 * A verb that is not one of the known ones: every verb (`Verb.ALL`, a wildcard) or a custom verb of an
 * extension API (`Verb.custom('frobnicate')`). Known verbs are written as plain strings: `['get', 'list']`.
 */
export class Verb {
  /** Every verb, including any added later: a wildcard, only for when that is really meant. */
  static readonly ALL = new Verb('*');

  /** A verb of an extension API server or custom authorizer that the known verbs do not cover. */
  static custom(name: string): Verb {
    return new Verb(name);
  }

  /** `get`, `list` and `watch`: reading one object, all of them, and following changes. */
  static readonly READ: readonly KnownVerb[] = ['get', 'list', 'watch'];

  /** `create`, `update`, `patch` and `delete` (not `deletecollection`, which deletes every object at once). */
  static readonly WRITE: readonly KnownVerb[] = ['create', 'update', 'patch', 'delete'];

  private constructor(
    /** The verb as a rule writes it. */
    readonly name: string,
  ) {}
}

/** A verb as `role.allow()` takes it: a known verb's name, or a `Verb` for wildcards and custom verbs. */
export type VerbLike = KnownVerb | Verb;
