/** What a RoleBinding or ClusterRoleBinding refers to: a Role or ClusterRole, written here or existing. */

/** A role that bindings can refer to: a `Role`, a `ClusterRole`, or one that exists in the cluster. */
export interface IRole {
  /** `Role` or `ClusterRole`. */
  readonly kind: 'Role' | 'ClusterRole';
  /** The role's name. */
  readonly name: string;
  /** The namespace of a Role; undefined for ClusterRoles and for existing Roles (which live where the binding is). */
  readonly namespace: string | undefined;
  /** The construct path (or a description), for messages. */
  readonly path: string;
  /** True when the role exists in the cluster and is not written by this app. */
  readonly external: boolean;
}
