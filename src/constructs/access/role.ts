/** A Role: permissions on the API within one namespace, granted to subjects by RoleBindings. */
import { Construct } from 'constructs';
import { ISubject } from './service-account';
import { RoleBase, RoleBaseProps } from './role-base';
import { IRole } from './role-reference';
import { RoleBinding } from './role-binding';

/** Props of a Role: name, labels, annotations and grants. */
export type RoleProps = RoleBaseProps;

/**
 * A Role (rbac.authorization.k8s.io/v1) in the chart's namespace. It grants nothing until asked:
 * `role.allowRead(secret)` lets its subjects read exactly that Secret, `role.bind(account)` gives it to them.
 */
export class Role extends RoleBase {
  /** A Role that exists in the cluster, in the namespace of the binding that refers to it. */
  static fromName(name: string): IRole {
    return { kind: 'Role', name, namespace: undefined, path: `Role ${name} (existing)`, external: true };
  }

  #binding: RoleBinding | undefined;

  constructor(scope: Construct, id: string, props: RoleProps = {}) {
    super(scope, id, 'Role', props);
    this.node.addValidation({
      validate: () => (this.hasAtoms ? [] : [`Role '${this.node.path}': rules: nothing was granted. Call allow(), allowRead() or allowWrite(), or remove the Role.`]),
    });
  }

  /** Gives the role to subjects (ServiceAccounts, `Identity.user()`, `Identity.group()`) through one RoleBinding named `<role>-binding`, created on first use. */
  bind(...subjects: readonly ISubject[]): RoleBinding {
    this.#binding ??= new RoleBinding(this, 'Binding', { role: this, name: `${this.name}-binding` });
    this.#binding.addSubject(...subjects);
    return this.#binding;
  }

  protected checkScope(field: string, target: string, namespaced: boolean | undefined, namespace: string | undefined): void {
    if (namespaced === false) {
      this.fail(field, target, 'is cluster-scoped, and a Role only grants access inside its namespace', 'Use a ClusterRole and a ClusterRoleBinding for cluster-scoped resources.');
    }
    if (namespace !== undefined && this.namespace !== undefined && namespace !== this.namespace) {
      this.fail(field, target, `lives in namespace ${namespace}, but this Role only grants access in ${this.namespace}`, `Create the Role in a chart of namespace ${namespace}.`);
    }
  }

  protected renderBody(): Record<string, unknown> {
    return { rules: this.rules.map((rule) => ({ ...rule })) };
  }
}
