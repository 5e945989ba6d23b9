/** A NetworkPolicy: which connections a workload's pods accept and make, declared by object. */
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { Namespace } from '../app/namespace';
import { Resource, ResourceProps } from '../app/resource';
import { NameRule } from '../private/names';
// Types only: the container module reaches the app chart through Secrets, and the app chart creates policies.
import type { ContainerPort, Protocol } from '../workloads/container';
import type { IPodSelector } from '../workloads/workload';
import { NetworkPeer, RenderedPeer } from './network-peer';

/** The directions a NetworkPolicy isolates. */
export enum NetworkPolicyType {
  /** Connections to the selected pods. */
  INGRESS = 'Ingress',
  /** Connections from the selected pods. */
  EGRESS = 'Egress',
}

/** A port of a NetworkPolicy rule, when a number or name alone is not enough. */
export interface NetworkPolicyPort {
  /**
   * The port, by number or by the name a container gives it.
   * @default - every port of the protocol
   */
  readonly port?: number | string;
  /**
   * The protocol.
   * @default - the protocol of the named container port, else Protocol.TCP
   */
  readonly protocol?: Protocol;
  /**
   * The last port of a range that starts at `port` (a number).
   * @default - a single port
   */
  readonly endPort?: number;
}

/** A port as the rules take it: a number, a container port's name, or a `NetworkPolicyPort`. */
export type NetworkPortLike = number | string | NetworkPolicyPort;

/** A peer as the rules take it: a workload, a Namespace construct, or a `NetworkPeer`. */
export type NetworkPeerLike = IPodSelector | Namespace | NetworkPeer;

/** A rule of a NetworkPolicy's props. */
export interface NetworkPolicyRule {
  /** The other end. */
  readonly peer: NetworkPeerLike;
  /**
   * The ports, on the receiving pods.
   * @default - every port
   */
  readonly ports?: readonly NetworkPortLike[];
}

/** Props of a NetworkPolicy. */
export interface NetworkPolicyProps extends ResourceProps {
  /**
   * The workload whose pods the policy applies to.
   * @default - every pod of the namespace
   */
  readonly selects?: IPodSelector;
  /**
   * Connections the selected pods accept; add more with `allowFrom()`.
   * @default - none
   */
  readonly allowFrom?: readonly NetworkPolicyRule[];
  /**
   * Connections the selected pods may make; add more with `allowTo()`.
   * @default - none
   */
  readonly allowTo?: readonly NetworkPolicyRule[];
  /**
   * The directions the policy isolates. A direction it isolates without any rule denies all traffic that way.
   * @default - Ingress when it has ingress rules, Egress when it has egress rules, Ingress alone when it has none
   */
  readonly policyTypes?: readonly NetworkPolicyType[];
  /**
   * When the policy isolates egress, let the selected pods still reach the cluster DNS (pods labelled
   * `k8s-app: kube-dns` in `kube-system`, UDP and TCP port 53): without it they cannot resolve the names they are
   * allowed to connect to.
   * @default - true, unless a policy of the chart already allows DNS to every pod (as namespace isolation does)
   */
  readonly allowDns?: boolean;
}

const TCP = 'TCP' as Protocol;

/** Where the cluster DNS runs: kube-dns and CoreDNS both label their pods `k8s-app: kube-dns`. */
const CLUSTER_DNS = NetworkPeer.podsWithLabels({ 'k8s-app': 'kube-dns' }, { namespace: 'kube-system' });

const PORT_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

interface Rule {
  readonly peer: NetworkPeer;
  readonly ports: ReadonlyArray<{ port?: number | string; protocol: Protocol; endPort?: number }>;
}

/**
 * A NetworkPolicy (networking.k8s.io/v1). Once a policy selects a pod in a direction, only what some policy
 * allows gets through that way; policies add up. `allowFrom(workload, 'http')` checks that the selected pods
 * declare the port, `allowTo(workload, port)` that the peer's pods do.
 */
export class NetworkPolicy extends Resource {
  /** The workload whose pods the policy applies to; undefined for every pod of the namespace. */
  readonly selects: IPodSelector | undefined;
  readonly #policyTypes: readonly NetworkPolicyType[] | undefined;
  readonly #ingress: Rule[] = [];
  readonly #egress: Rule[] = [];
  readonly #allowDns: boolean | undefined;

  constructor(scope: Construct, id: string, props: NetworkPolicyProps = {}) {
    super(scope, id, { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', nameRule: NameRule.DNS_SUBDOMAIN, bodyKeys: ['spec'] }, props);
    this.selects = props.selects;
    if (props.selects !== undefined && props.selects.namespace !== this.namespace) {
      this.fail('selects', props.selects.path, `lives in namespace ${props.selects.namespace ?? '(none)'}, and a policy only applies in its own (${this.namespace ?? '(none)'})`, `Create the NetworkPolicy in the chart of ${props.selects.path}.`);
    }
    if (props.policyTypes !== undefined) {
      if (props.policyTypes.length === 0) this.fail('policyTypes', [], 'must not be empty', 'List Ingress, Egress or both, or leave policyTypes out.');
      if (new Set(props.policyTypes).size !== props.policyTypes.length) this.fail('policyTypes', props.policyTypes, 'lists a direction twice', 'List each direction once.');
    }
    this.#policyTypes = props.policyTypes === undefined ? undefined : [...props.policyTypes].sort();
    this.#allowDns = props.allowDns;
    for (const rule of props.allowFrom ?? []) this.allowFrom(rule.peer, ...(rule.ports ?? []));
    for (const rule of props.allowTo ?? []) this.allowTo(rule.peer, ...(rule.ports ?? []));
  }

  /** The directions the policy isolates, as it will be written. */
  get policyTypes(): readonly NetworkPolicyType[] {
    if (this.#policyTypes !== undefined) return [...this.#policyTypes];
    const types: NetworkPolicyType[] = [];
    if (this.#ingress.length > 0 || this.#egress.length === 0) types.push(NetworkPolicyType.INGRESS);
    if (this.#egress.length > 0) types.push(NetworkPolicyType.EGRESS);
    return types;
  }

  /**
   * Lets the selected pods accept connections from a peer, on some of their ports (by number or container port
   * name, which they must declare) or on all of them.
   */
  allowFrom(peer: NetworkPeerLike, ...ports: readonly NetworkPortLike[]): this {
    const field = `allowFrom(#${this.#ingress.length + 1})`;
    this.#checkDirection(NetworkPolicyType.INGRESS, field);
    this.#ingress.push(this.#rule(field, peer, ports, this.selects, this.#ingress));
    return this;
  }

  /**
   * Lets the selected pods connect to a peer, on some ports (checked against the peer's containers when it is a
   * workload) or on all of them.
   */
  allowTo(peer: NetworkPeerLike, ...ports: readonly NetworkPortLike[]): this {
    const field = `allowTo(#${this.#egress.length + 1})`;
    this.#checkDirection(NetworkPolicyType.EGRESS, field);
    const resolved = toPeer(peer);
    this.#egress.push(this.#rule(field, resolved, ports, resolved.workload, this.#egress));
    return this;
  }

  protected renderBody(): Record<string, unknown> {
    const namespace = this.namespace;
    const render = (rule: Rule, key: 'from' | 'to'): Record<string, unknown> => {
      const peer: RenderedPeer | undefined = rule.peer.render(namespace);
      return {
        ...(peer === undefined ? {} : { [key]: [peer] }),
        ...(rule.ports.length > 0 ? { ports: rule.ports.map((port) => ({ ...port })) } : {}),
      };
    };
    const types = this.policyTypes;
    const egress = this.#egress.map((rule) => render(rule, 'to'));
    if (types.includes(NetworkPolicyType.EGRESS) && this.#needsDnsRule()) {
      egress.push(render({ peer: CLUSTER_DNS, ports: [{ port: 53, protocol: 'UDP' as Protocol }, { port: 53, protocol: TCP }] }, 'to'));
    }
    return {
      spec: {
        // `{}` for every pod, as the server stores it: `matchLabels: {}` would change the object on every apply.
        podSelector: this.selects === undefined ? {} : { matchLabels: { ...this.selects.selectorLabels } },
        policyTypes: types,
        ingress: types.includes(NetworkPolicyType.INGRESS) && this.#ingress.length > 0 ? this.#ingress.map((rule) => render(rule, 'from')) : undefined,
        egress: types.includes(NetworkPolicyType.EGRESS) && egress.length > 0 ? egress : undefined,
      },
    };
  }

  /** Whether the rendered policy gets the DNS rule: asked for, or by default when nothing else allows DNS. */
  #needsDnsRule(): boolean {
    if (this.#allowDns === false || this.#allowsDns()) return false;
    if (this.#allowDns === true) return true;
    const others = Chart.of(this).node.findAll().filter((node): node is NetworkPolicy => node instanceof NetworkPolicy && node !== this);
    return !others.some((other) => other.selects === undefined && other.policyTypes.includes(NetworkPolicyType.EGRESS) && other.#allowsDns());
  }

  /** Whether its own egress rules allow DNS: a rule for UDP port 53 (to wherever DNS runs here), or to anywhere on every port. */
  #allowsDns(): boolean {
    return this.#egress.some(
      (rule) =>
        rule.ports.some((port) => port.port === 53 && port.protocol === ('UDP' as Protocol)) ||
        (rule.ports.length === 0 && rule.peer.render(this.namespace) === undefined),
    );
  }

  #checkDirection(type: NetworkPolicyType, field: string): void {
    if (this.#policyTypes !== undefined && !this.#policyTypes.includes(type)) {
      this.fail(field, type, `is a rule for a direction this policy does not isolate (policyTypes: ${this.#policyTypes.join(', ')})`, `Add NetworkPolicyType.${type.toUpperCase()} to policyTypes, or leave policyTypes out.`);
    }
  }

  #rule(field: string, peerLike: NetworkPeerLike, ports: readonly NetworkPortLike[], target: IPodSelector | undefined, existing: readonly Rule[]): Rule {
    const peer = toPeer(peerLike);
    if (peer.problem !== undefined) this.fail(`${field}.peer`, peer.description, peer.problem, 'Fix the peer given to NetworkPeer.');
    const rule: Rule = { peer, ports: ports.map((port, index) => this.#port(`${field}.ports[${index}]`, port, target)) };
    const key = JSON.stringify([rule.peer.render(this.namespace) ?? null, rule.ports]);
    if (existing.some((known) => JSON.stringify([known.peer.render(this.namespace) ?? null, known.ports]) === key)) {
      this.fail(field, peer.description, 'is already allowed with the same ports', 'Declare each connection once.');
    }
    return rule;
  }

  #port(field: string, portLike: NetworkPortLike, target: IPodSelector | undefined): { port?: number | string; protocol: Protocol; endPort?: number } {
    const spec: NetworkPolicyPort = typeof portLike === 'object' ? portLike : { port: portLike };
    const { port, endPort } = spec;
    if (typeof port === 'number' && (!Number.isInteger(port) || port < 1 || port > 65535)) {
      this.fail(`${field}.port`, port, 'must be a whole number from 1 to 65535', 'Use the port number the pods listen on.');
    }
    if (typeof port === 'string' && (port.length > 15 || !PORT_NAME.test(port) || !/[a-z]/.test(port) || port.includes('--'))) {
      this.fail(`${field}.port`, port, 'is not a valid port name (at most 15 lower-case letters, digits and "-", with a letter)', 'Use the name a container port declares, or its number.');
    }
    if (endPort !== undefined) {
      if (typeof port !== 'number') this.fail(`${field}.endPort`, endPort, 'needs a numeric port to start the range', 'Give port as a number, or remove endPort.');
      if (!Number.isInteger(endPort) || endPort < port || endPort > 65535) {
        this.fail(`${field}.endPort`, endPort, `must be a whole number from ${port} to 65535`, 'Make endPort the last port of the range.');
      }
    }
    let protocol = spec.protocol;
    if (target !== undefined && port !== undefined) {
      const declared = target.exposedPorts;
      const matches = declared.filter((candidate: ContainerPort) => (typeof port === 'number' ? candidate.number === port : candidate.name === port));
      const match = matches.find((candidate) => protocol === undefined || (candidate.protocol ?? TCP) === protocol);
      if (match === undefined && endPort === undefined) {
        const offered = declared.map((candidate) => `${candidate.number}${candidate.name ? ` (${candidate.name})` : ''}/${candidate.protocol ?? TCP}`);
        this.fail(
          `${field}.port`,
          port,
          `is not a ${protocol === undefined ? '' : `${protocol} `}port that the pods of ${target.displayName} declare`,
          offered.length > 0 ? `Use one of ${offered.join(', ')}, or declare the port on a container of ${target.path}.` : `Declare the port on a container of ${target.path} (its containers declare none).`,
        );
      }
      protocol ??= match?.protocol ?? TCP;
    }
    return { ...(port === undefined ? {} : { port }), protocol: protocol ?? TCP, ...(endPort === undefined ? {} : { endPort }) };
  }
}

/** A workload, Namespace or NetworkPeer as a NetworkPeer. */
function toPeer(peer: NetworkPeerLike): NetworkPeer {
  if (peer instanceof NetworkPeer) return peer;
  if (peer instanceof Namespace) return NetworkPeer.namespace(peer);
  return NetworkPeer.pods(peer);
}
