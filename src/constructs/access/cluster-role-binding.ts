/** A ClusterRoleBinding: gives a ClusterRole to subjects in every namespace. */
import { Construct } from 'constructs';
import { BindingBase } from './role-binding';
import { IRole } from './role-reference';
import { ISubject, Subject } from './service-account';
import { ResourceProps } from '../app/resource';

/** Props of a ClusterRoleBinding. */
export interface ClusterRoleBindingProps extends ResourceProps {
  /** The ClusterRole given. */
  readonly role: IRole;
  /**
   * Who gets it; add more with `addSubject()`.
   * @default - none; at least one must be added before synthesis
   */
  readonly subjects?: readonly ISubject[];
}

/** A ClusterRoleBinding (rbac.authorization.k8s.io/v1): cluster-scoped, so it has no namespace. */
export class ClusterRoleBinding extends BindingBase {
  constructor(scope: Construct, id: string, props: ClusterRoleBindingProps) {
    super(scope, id, 'ClusterRoleBinding', props.role, props);
    if (props.role.kind !== 'ClusterRole') {
      this.fail('role', props.role.path, 'is a Role, and a ClusterRoleBinding can only refer to a ClusterRole', 'Bind a Role with a RoleBinding (role.bind()), or grant a ClusterRole.');
    }
    this.addSubject(...(props.subjects ?? []));
  }

  protected override checkSubject(field: string, subject: ISubject, written: Subject): void {
    if (written.kind === 'ServiceAccount' && written.namespace === undefined) {
      this.fail(field, subject.path, 'is a ServiceAccount without a namespace, which a ClusterRoleBinding must name', 'Create the ServiceAccount in a chart with a namespace, or use Identity.serviceAccount(namespace, name).');
    }
  }
}
