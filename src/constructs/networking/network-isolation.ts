/**
 * Namespace isolation: the policies that make a namespace deny every connection that no NetworkPolicy declares,
 * while pods can still resolve names.
 */
import { Construct } from 'constructs';
// A type only: the container module reaches the app chart, which creates this construct.
import type { Protocol } from '../workloads/container';
import { NetworkPeer } from './network-peer';
import { NetworkPeerLike, NetworkPolicy, NetworkPolicyType } from './network-policy';

/** How an AppChart (or every chart of an Environment) isolates its namespace. */
export interface NetworkIsolationOptions {
  /**
   * Deny every connection to the namespace's pods unless a NetworkPolicy allows it (`allowFrom()`).
   * @default true
   */
  readonly ingress?: boolean;
  /**
   * Deny every connection from the namespace's pods to other namespaces and outside the cluster unless a
   * NetworkPolicy allows it (`allowTo()`); DNS and the namespace's own pods stay reachable (connections inside the
   * namespace are then controlled where they arrive, by the receiver's `allowFrom()`).
   * @default true
   */
  readonly egress?: boolean;
  /**
   * Where the cluster's DNS runs, reachable on UDP and TCP port 53 when egress is isolated.
   * @default - pods labelled `k8s-app: kube-dns` in namespace `kube-system` (kube-dns and CoreDNS alike)
   */
  readonly dns?: readonly NetworkPeerLike[];
  /**
   * The port the DNS pods listen on (a NetworkPolicy sees the pod's port, not the Service's).
   * @default 53
   */
  readonly dnsPort?: number;
}

/**
 * The policies of an isolated namespace: `default-deny-ingress` (every pod, Ingress, no rule) and
 * `default-deny-egress` (every pod, Egress, allowing only DNS and the namespace's own pods). Created by an
 * AppChart with `networkIsolation`; declared connections are further NetworkPolicies, which add up.
 */
export class NetworkIsolation extends Construct {
  /** The policy that denies ingress, if ingress is isolated. */
  readonly ingressPolicy: NetworkPolicy | undefined;
  /** The policy that restricts egress, if egress is isolated. */
  readonly egressPolicy: NetworkPolicy | undefined;

  constructor(scope: Construct, id: string, options: NetworkIsolationOptions = {}) {
    super(scope, id);
    this.ingressPolicy =
      options.ingress === false ? undefined : new NetworkPolicy(this, 'DenyIngress', { name: 'default-deny-ingress', policyTypes: [NetworkPolicyType.INGRESS] });
    if (options.egress === false) {
      this.egressPolicy = undefined;
      return;
    }
    const egress = new NetworkPolicy(this, 'DenyEgress', { name: 'default-deny-egress', policyTypes: [NetworkPolicyType.EGRESS] });
    const dns = options.dns ?? [NetworkPeer.podsWithLabels({ 'k8s-app': 'kube-dns' }, { namespace: 'kube-system' })];
    const port = options.dnsPort ?? 53;
    for (const peer of dns) egress.allowTo(peer, { port, protocol: 'UDP' as Protocol }, { port, protocol: 'TCP' as Protocol });
    egress.allowTo(NetworkPeer.sameNamespace());
    this.egressPolicy = egress;
  }
}
