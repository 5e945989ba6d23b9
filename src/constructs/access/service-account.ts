/** A ServiceAccount: the identity pods run as, and the subject that roles are bound to. */
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { compareText } from '../../manifest/compare-text';
import { EXTERNAL_REFERENCES_ANNOTATION, externalReferences } from '../../validate/annotations';
import { ISecret } from '../config/secret';
import { checkName } from '../private/names';
import { renderPullSecrets } from '../private/pull-secret';
import { SERVICE_ACCOUNT_NAME_RULE, serviceAccountNameFaults } from '../private/service-account-names';
import { Resource, ResourceProps } from '../app/resource';

/** The subject of a RoleBinding or ClusterRoleBinding, as the API writes it. */
export interface Subject {
  /** `ServiceAccount`, `User` or `Group`. */
  readonly kind: string;
  /** The subject's name. */
  readonly name: string;
  /**
   * The ServiceAccount's namespace.
   * @default - none (users and groups are not namespaced)
   */
  readonly namespace?: string;
  /**
   * `rbac.authorization.k8s.io` for users and groups.
   * @default - none (the core group, for ServiceAccounts)
   */
  readonly apiGroup?: string;
}

/** Something a role can be bound to: a ServiceAccount construct, or a user or group. */
export interface ISubject {
  /** The construct path (or a description), for messages. */
  readonly path: string;
  /**
   * True when the subject exists outside the app's output (a user, a group, a ServiceAccount of the platform).
   * @default false
   */
  readonly external?: boolean;
  /** The subject as a binding writes it. */
  toSubject(): Subject;
}

/**
 * A ServiceAccount that pods can run as and roles can be bound to: a `ServiceAccount` of the app, or one
 * that exists in the cluster (`ServiceAccount.fromServiceAccountName()`).
 */
export interface IServiceAccount extends ISubject {
  /** The account's name. */
  readonly name: string;
  /** Its namespace; undefined when its chart has none. */
  readonly namespace: string | undefined;
  /** Whether pods using it get its API token by default; undefined when that is not known (an existing account). */
  readonly automountToken: boolean | undefined;
  /** True when the account exists in the cluster and is not written by this app. */
  readonly external: boolean;
}

/** Options of `ServiceAccount.fromServiceAccountName()`. */
export interface ExistingServiceAccountOptions {
  /**
   * The account's namespace. Pods can only run as an account of their own namespace; a binding may name one
   * of any namespace.
   * @default - the namespace of the chart that `scope` belongs to
   */
  readonly namespace?: string;
}

/** Props of a ServiceAccount. */
export interface ServiceAccountProps extends ResourceProps {
  /**
   * Whether pods using this account get its API token mounted. Workloads can still decide per pod.
   * @default false - nothing mounts an API token unless asked: most applications never call the API server
   */
  readonly automountToken?: boolean;
  /**
   * Docker-config Secrets that every pod using this account pulls images with.
   * @default - none
   */
  readonly imagePullSecrets?: readonly ISecret[];
}

/** A ServiceAccount. Pass it to a workload as `serviceAccount` and to `role.bind()`; it grants nothing by itself. */
export class ServiceAccount extends Resource implements IServiceAccount {
  /**
   * Refers to a ServiceAccount that exists in the cluster (made by the platform, an operator or by hand):
   * usable as a workload's `serviceAccount` and as a binding subject. Nothing is written for it; the objects
   * that use it tell validation that it exists outside the output.
   */
  static fromServiceAccountName(scope: Construct, id: string, name: string, options: ExistingServiceAccountOptions = {}): IServiceAccount {
    return new ExistingServiceAccount(scope, id, name, options);
  }

  /** Whether the account's token is mounted into pods by default. */
  readonly automountToken: boolean;
  /** Always false: this ServiceAccount is written by the app. */
  readonly external = false;
  readonly #imagePullSecrets: Array<{ name: string }> | undefined;

  constructor(scope: Construct, id: string, props: ServiceAccountProps = {}) {
    super(
      scope,
      id,
      { apiVersion: 'v1', kind: 'ServiceAccount', nameRule: SERVICE_ACCOUNT_NAME_RULE, bodyKeys: ['automountServiceAccountToken', 'imagePullSecrets'] },
      props,
    );
    this.automountToken = props.automountToken ?? false;
    this.#imagePullSecrets = renderPullSecrets(props.imagePullSecrets, { path: this.node.path, construct: 'ServiceAccount', field: 'imagePullSecrets' });
    // Tells validation which pull secrets exist only in the cluster.
    const external = (props.imagePullSecrets ?? []).filter((secret) => secret.external).map((secret) => secret.name).sort(compareText);
    if (external.length > 0) {
      this.apiObject.metadata.addAnnotation(EXTERNAL_REFERENCES_ANNOTATION, externalReferences(...external.map((name) => ({ kind: 'Secret', name }))));
    }
  }

  /** The construct path, for messages. */
  get path(): string {
    return this.node.path;
  }

  /** This account as a binding subject. */
  toSubject(): Subject {
    return serviceAccountSubject(this);
  }

  protected renderBody(): Record<string, unknown> {
    return { automountServiceAccountToken: this.automountToken, imagePullSecrets: this.#imagePullSecrets?.map((secret) => ({ ...secret })) };
  }
}

/** A ServiceAccount of the cluster: a construct only for its path, writing no object. */
class ExistingServiceAccount extends Construct implements IServiceAccount {
  readonly name: string;
  readonly namespace: string | undefined;
  readonly automountToken = undefined;
  readonly external = true;

  constructor(scope: Construct, id: string, name: string, options: ExistingServiceAccountOptions) {
    super(scope, id);
    // The rules of Identity.serviceAccount() too; checkName words the first fault and suggests a name.
    const [fault] = serviceAccountNameFaults(name, options.namespace);
    if (fault !== undefined) checkName(fault.value, fault.rule, { path: this.node.path, construct: 'ServiceAccount', field: fault.field });
    this.name = name;
    this.namespace = options.namespace ?? Chart.of(this).namespace;
  }

  /** The construct path and the account, for messages. */
  get path(): string {
    return `${this.node.path} (existing ServiceAccount ${this.name})`;
  }

  /** This account as a binding subject. */
  toSubject(): Subject {
    return serviceAccountSubject(this);
  }
}

/** A ServiceAccount as a binding subject: its name, and its namespace when it has one. */
function serviceAccountSubject(account: IServiceAccount): Subject {
  return { kind: 'ServiceAccount', name: account.name, ...(account.namespace === undefined ? {} : { namespace: account.namespace }) };
}
