/** Users, groups and ServiceAccounts outside the app, as subjects of role bindings. */
import { ISubject, Subject } from './service-account';
import { serviceAccountNameFaults } from '../private/service-account-names';

/**
 * A subject that is not a construct of the app: a user or group of the cluster's authentication, or an
 * existing ServiceAccount. Pass it to `role.bind()`; bindings check what it says when it is added.
 */
export class Identity implements ISubject {
  /** A user, as the cluster's authentication names it (`jane@example.com`, `system:kube-scheduler`). */
  static user(name: string): Identity {
    return new Identity({ kind: 'User', name, apiGroup: 'rbac.authorization.k8s.io' }, `User ${name}`, name.trim() === '' ? 'must not be empty' : undefined);
  }

  /** A group, e.g. `platform-team` or `system:serviceaccounts:monitoring` (every ServiceAccount of a namespace). */
  static group(name: string): Identity {
    return new Identity({ kind: 'Group', name, apiGroup: 'rbac.authorization.k8s.io' }, `Group ${name}`, name.trim() === '' ? 'must not be empty' : undefined);
  }

  /** A ServiceAccount that exists in the cluster, outside this app: `Identity.serviceAccount('monitoring', 'prometheus')`. */
  static serviceAccount(namespace: string, name: string): Identity {
    const faults = serviceAccountNameFaults(name, namespace).map((fault) =>
      fault.field === 'namespace' ? `has namespace ${JSON.stringify(namespace)}, which is not a ${fault.rule}` : `is not a ${fault.rule} (a ServiceAccount name)`,
    );
    return new Identity({ kind: 'ServiceAccount', name, namespace }, `ServiceAccount ${namespace}/${name}`, faults.length > 0 ? faults.join('; ') : undefined);
  }

  /** The description, for messages: `User jane@example.com`. */
  readonly path: string;
  /** Always true: users, groups and these ServiceAccounts exist outside the app. */
  readonly external = true;
  /** What is wrong with it, if anything; the binding it is added to reports it with its own path. */
  readonly problem: string | undefined;
  readonly #subject: Subject;

  private constructor(subject: Subject, path: string, problem: string | undefined) {
    this.#subject = subject;
    this.path = path;
    this.problem = problem;
  }

  /** The subject as a binding writes it. */
  toSubject(): Subject {
    return { ...this.#subject };
  }
}
