/** A RoleBinding: gives a Role (or a ClusterRole, limited to this namespace) to subjects. */
import { Construct } from 'constructs';
import { EXTERNAL_REFERENCES_ANNOTATION, externalReferences } from '../../validate/annotations';
import { Identity } from './identity';
import { IRole } from './role-reference';
import { ISubject, Subject } from './service-account';
import { Resource, ResourceProps } from '../app/resource';
import { NameRule } from '../private/names';

/** Props of a RoleBinding. */
export interface RoleBindingProps extends ResourceProps {
  /** The role given: a Role of the same namespace, or a ClusterRole (which then applies in this namespace only). */
  readonly role: IRole;
  /**
   * Who gets it; add more with `addSubject()`.
   * @default - none; at least one must be added before synthesis
   */
  readonly subjects?: readonly ISubject[];
}

/** What RoleBinding and ClusterRoleBinding share: subjects, checked when added. */
export abstract class BindingBase extends Resource {
  /** The role given. */
  readonly role: IRole;
  readonly #subjects: Subject[] = [];
  /** ServiceAccounts (`namespace/name`) that exist outside the output: validation is told through an annotation. */
  readonly #externalAccounts = new Set<string>();

  protected constructor(scope: Construct, id: string, kind: 'RoleBinding' | 'ClusterRoleBinding', role: IRole, props: ResourceProps) {
    super(scope, id, { apiVersion: 'rbac.authorization.k8s.io/v1', kind, nameRule: NameRule.PATH_SEGMENT, bodyKeys: ['roleRef', 'subjects'], clusterScoped: kind === 'ClusterRoleBinding' }, props);
    this.role = role;
    this.node.addValidation({
      validate: () => (this.#subjects.length > 0 ? [] : [`${kind} '${this.node.path}': subjects: none were added. Pass subjects in the props or call addSubject().`]),
    });
  }

  /** The subjects, as a copy. */
  get subjects(): readonly Subject[] {
    return this.#subjects.map((subject) => ({ ...subject }));
  }

  /** Adds subjects: ServiceAccount constructs, or `Identity.user()`, `Identity.group()`, `Identity.serviceAccount()`. */
  addSubject(...subjects: readonly ISubject[]): this {
    for (const subject of subjects) {
      const field = `subjects[${this.#subjects.length}]`;
      if (subject instanceof Identity && subject.problem !== undefined) {
        this.fail(field, subject.path, subject.problem, 'Fix the name given to Identity.');
      }
      const written = subject.toSubject();
      this.checkSubject(field, subject, written);
      if (written.kind === 'ServiceAccount' && subject.external === true) this.#externalAccounts.add(accountKey(written));
      if (this.#subjects.some((known) => JSON.stringify(known) === JSON.stringify(written))) {
        this.fail(field, subject.path, 'is already a subject of this binding', 'Add each subject once.');
      }
      this.#subjects.push(written);
    }
    return this;
  }

  /** Kind-specific checks of a subject. */
  protected checkSubject(_field: string, _subject: ISubject, _written: Subject): void {}

  protected renderBody(): Record<string, unknown> {
    const external: Array<{ kind: string; name: string }> = [];
    if (this.role.external) external.push({ kind: this.role.kind, name: this.role.name });
    for (const subject of this.#subjects) if (subject.kind === 'ServiceAccount' && this.#isExternalAccount(subject)) external.push({ kind: 'ServiceAccount', name: subject.name });
    if (external.length > 0) this.apiObject.metadata.addAnnotation(EXTERNAL_REFERENCES_ANNOTATION, externalReferences(...external));
    return {
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: this.role.kind, name: this.role.name },
      subjects: this.subjects,
    };
  }

  #isExternalAccount(subject: Subject): boolean {
    return this.#externalAccounts.has(accountKey(subject));
  }
}

function accountKey(subject: Subject): string {
  return `${subject.namespace ?? ''}/${subject.name}`;
}

/** A RoleBinding (rbac.authorization.k8s.io/v1) in the chart's namespace. */
export class RoleBinding extends BindingBase {
  constructor(scope: Construct, id: string, props: RoleBindingProps) {
    super(scope, id, 'RoleBinding', props.role, props);
    if (props.role.kind === 'Role' && props.role.namespace !== undefined && this.namespace !== undefined && props.role.namespace !== this.namespace) {
      this.fail(
        'role',
        props.role.path,
        `is a Role of namespace ${props.role.namespace}, and a RoleBinding in ${this.namespace} can only refer to Roles of its own namespace`,
        `Create the RoleBinding in namespace ${props.role.namespace} (role.bind() does), or grant a ClusterRole.`,
      );
    }
    this.addSubject(...(props.subjects ?? []));
  }
}
