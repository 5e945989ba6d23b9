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
   * @default PodSecurityLevel.BASELINE
   */
  readonly podSecurity?: PodSecurityLevel | false;
  /**
   * The level whose violations the API server (and shipshape's validation) report as warnings without refusing
   * the pods (`pod-security.kubernetes.io/warn`); `false` sets no label.
   * @default - the next stricter level than `podSecurity`: `baseline` for `privileged`, `restricted` for
   * `baseline`, none for `restricted` or without `podSecurity`
   */
  readonly podSecurityWarn?: PodSecurityLevel | false;
}

/** The level one step stricter, or undefined for the strictest. */
function nextStricter(level: PodSecurityLevel): PodSecurityLevel | undefined {
  switch (level) {
    case PodSecurityLevel.PRIVILEGED:
      return PodSecurityLevel.BASELINE;
    case PodSecurityLevel.BASELINE:
      return PodSecurityLevel.RESTRICTED;
    case PodSecurityLevel.RESTRICTED:
      return undefined;
  }
}

/**
 * A Namespace. It is cluster-scoped, so it never carries `metadata.namespace`, and synthesis writes it
 * before anything that lives in it.
 */
export class Namespace extends Resource {
  /** The enforced Pod Security level, if any. */
  readonly podSecurity: PodSecurityLevel | undefined;
  /** The Pod Security level that gives warnings, if any. */
  readonly podSecurityWarn: PodSecurityLevel | undefined;

  constructor(scope: Construct, id: string, props: NamespaceProps = {}) {
    const podSecurity = props.podSecurity === false ? undefined : (props.podSecurity ?? PodSecurityLevel.BASELINE);
    // The warn level previews the next step up: what would break if the namespace were tightened by one level.
    // Warning at `restricted` whatever is enforced would bury a privileged namespace (chosen for node agents)
    // under findings about rules two levels away, hiding the few that say why it needs more than baseline.
    const podSecurityWarn =
      props.podSecurityWarn === false ? undefined : (props.podSecurityWarn ?? (podSecurity === undefined ? undefined : nextStricter(podSecurity)));
    const securityLabels: Record<string, string> = {};
    if (podSecurity !== undefined) securityLabels['pod-security.kubernetes.io/enforce'] = podSecurity;
    if (podSecurityWarn !== undefined) securityLabels['pod-security.kubernetes.io/warn'] = podSecurityWarn;
    super(
      scope,
      id,
      { apiVersion: 'v1', kind: 'Namespace', nameRule: NameRule.DNS_LABEL, bodyKeys: [] },
      { ...props, labels: { ...securityLabels, ...props.labels } },
    );
    this.podSecurity = podSecurity;
    this.podSecurityWarn = podSecurityWarn;
    const order = [PodSecurityLevel.PRIVILEGED, PodSecurityLevel.BASELINE, PodSecurityLevel.RESTRICTED];
    if (podSecurity !== undefined && podSecurityWarn !== undefined && order.indexOf(podSecurityWarn) <= order.indexOf(podSecurity)) {
      this.fail(
        'podSecurityWarn',
        podSecurityWarn,
        `can never warn: every pod that breaks it is already refused (or allowed) by the enforced level ${podSecurity}`,
        podSecurity === PodSecurityLevel.RESTRICTED ? 'Remove podSecurityWarn (restricted is the strictest level).' : `Use a stricter level than ${podSecurity}, or false for no warnings.`,
      );
    }
  }

  protected renderBody(): Record<string, unknown> {
    return {};
  }
}
