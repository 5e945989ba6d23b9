/** A Namespace: a separate space for one team's or one environment's objects. */
import { Construct } from 'constructs';
import { NameRule } from '../private/names';
import { Resource, ResourceProps } from './resource';

/** Pod Security Standards levels, enforced per namespace by the API server's admission. */
export enum PodSecurityLevel {
  /** No restrictions. */
  PRIVILEGED = 'privileged',
  /** Blocks known privilege escalations (host namespaces, privileged containers) but allows root. */
  BASELINE = 'baseline',
  /** Hardened: non-root, no capabilities, seccomp. Many public images do not meet it. */
  RESTRICTED = 'restricted',
}

/** Props of a Namespace. */
export interface NamespaceProps extends ResourceProps {
  /**
   * Pod Security Standard the API server enforces on pods in this namespace; `false` sets no label.
   * Violations of the next stricter level are reported as warnings.
   * @default PodSecurityLevel.BASELINE
   */
  readonly podSecurity?: PodSecurityLevel | false;
}

/**
 * A Namespace. It is cluster-scoped, so it never carries `metadata.namespace`, and synthesis writes it
 * before anything that lives in it.
 */
export class Namespace extends Resource {
  /** The enforced Pod Security level, if any. */
  readonly podSecurity: PodSecurityLevel | undefined;

  constructor(scope: Construct, id: string, props: NamespaceProps = {}) {
    const podSecurity = props.podSecurity === false ? undefined : (props.podSecurity ?? PodSecurityLevel.BASELINE);
    const securityLabels: Record<string, string> = {};
    if (podSecurity !== undefined) {
      securityLabels['pod-security.kubernetes.io/enforce'] = podSecurity;
      if (podSecurity !== PodSecurityLevel.RESTRICTED) {
        securityLabels['pod-security.kubernetes.io/warn'] = PodSecurityLevel.RESTRICTED;
      }
    }
    super(
      scope,
      id,
      { apiVersion: 'v1', kind: 'Namespace', nameRule: NameRule.DNS_LABEL, bodyKeys: [] },
      { ...props, labels: { ...securityLabels, ...props.labels } },
    );
    this.podSecurity = podSecurity;
  }

  protected renderBody(): Record<string, unknown> {
    return {};
  }
}
