/** A ServiceAccount: the identity pods run as, and the subject that roles are bound to. */
import { Construct } from 'constructs';
import { compareText } from '../../manifest/compare-text';
import { EXTERNAL_REFERENCES_ANNOTATION, externalReferences } from '../../validate/annotations';
import { ISecret } from '../config/secret';
import { NameRule } from '../private/names';
import { renderPullSecrets } from '../private/pull-secret';
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
  /** The subject as a binding writes it. */
  toSubject(): Subject;
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
export class ServiceAccount extends Resource implements ISubject {
  /** Whether the account's token is mounted into pods by default. */
  readonly automountToken: boolean;
  readonly #imagePullSecrets: Array<{ name: string }> | undefined;

  constructor(scope: Construct, id: string, props: ServiceAccountProps = {}) {
    super(
      scope,
      id,
      { apiVersion: 'v1', kind: 'ServiceAccount', nameRule: NameRule.DNS_SUBDOMAIN, bodyKeys: ['automountServiceAccountToken', 'imagePullSecrets'] },
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
    return { kind: 'ServiceAccount', name: this.name, ...(this.namespace === undefined ? {} : { namespace: this.namespace }) };
  }

  protected renderBody(): Record<string, unknown> {
    return { automountServiceAccountToken: this.automountToken, imagePullSecrets: this.#imagePullSecrets?.map((secret) => ({ ...secret })) };
  }
}
