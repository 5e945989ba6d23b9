/** The other end of a connection a NetworkPolicy allows: pods, namespaces or IP ranges. */
import { isIP } from 'node:net';
import { Namespace } from '../app/namespace';
import { labelKeyProblem, labelValueProblem } from '../private/names';
import type { IPodSelector } from '../workloads/workload';
import { isDns1123Label } from '../../manifest/name-rules';

/** The label the API server puts on every Namespace with its name (Kubernetes 1.21 and later). */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** Options of `NetworkPeer.namespace()`. */
export interface NamespacePeerOptions {
  /**
   * Only the pods with these labels in that namespace.
   * @default - every pod of the namespace
   */
  readonly podLabels?: Readonly<Record<string, string>>;
}

/** Options of `NetworkPeer.podsWithLabels()`. */
export interface PodsPeerOptions {
  /**
   * The namespace of the pods, by name or Namespace construct.
   * @default - the policy's own namespace
   */
  readonly namespace?: string | Namespace;
}

/** A peer as the API writes it in `from`/`to`. */
export interface RenderedPeer {
  /**
   * The pods, by labels.
   * @default - every pod of the selected namespaces (or of the policy's namespace)
   */
  readonly podSelector?: { readonly matchLabels?: Readonly<Record<string, string>> };
  /**
   * The namespaces, by labels.
   * @default - the policy's namespace
   */
  readonly namespaceSelector?: { readonly matchLabels?: Readonly<Record<string, string>> };
  /**
   * An IP range, instead of pods.
   * @default - none
   */
  readonly ipBlock?: { readonly cidr: string; readonly except?: readonly string[] };
}

/**
 * A peer of a NetworkPolicy rule. Workloads and Namespace constructs can be passed to `allowFrom()`/`allowTo()`
 * directly; this class covers the rest: pods by labels, namespaces by name, IP ranges, and anywhere.
 */
export class NetworkPeer {
  /** The pods of a workload, in whatever namespace it lives (same as passing the workload). */
  static pods(workload: IPodSelector): NetworkPeer {
    return new NetworkPeer(`pods of ${workload.displayName}`, (policyNamespace) => podsOf(workload.selectorLabels, workload.namespace, policyNamespace), { workload });
  }

  /** Every pod of a namespace (or those with `podLabels`), e.g. `NetworkPeer.namespace('ingress-nginx')`. */
  static namespace(namespace: string | Namespace, options: NamespacePeerOptions = {}): NetworkPeer {
    const name = typeof namespace === 'string' ? namespace : namespace.name;
    const problem = namespaceProblem(name) ?? labelsProblem(options.podLabels);
    return new NetworkPeer(
      `namespace ${name}`,
      () => ({
        namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: name } },
        ...(options.podLabels === undefined ? {} : { podSelector: { matchLabels: { ...options.podLabels } } }),
      }),
      { problem },
    );
  }

  /** Every pod of every namespace with these labels, e.g. `{ 'team': 'monitoring' }`. */
  static namespacesWithLabels(labels: Readonly<Record<string, string>>): NetworkPeer {
    const problem = Object.keys(labels).length === 0 ? 'selects every namespace; use NetworkPeer.allNamespaces() if that is meant' : labelsProblem(labels);
    return new NetworkPeer(`namespaces with labels ${JSON.stringify(labels)}`, () => ({ namespaceSelector: { matchLabels: { ...labels } } }), { problem });
  }

  /** Every pod of every namespace of the cluster (not outside addresses). */
  static allNamespaces(): NetworkPeer {
    return new NetworkPeer('every namespace', () => ({ namespaceSelector: {} }));
  }

  /** Pods with these labels, in the policy's namespace or the one given: for pods not written by this app. */
  static podsWithLabels(labels: Readonly<Record<string, string>>, options: PodsPeerOptions = {}): NetworkPeer {
    const namespace = typeof options.namespace === 'object' ? options.namespace.name : options.namespace;
    const problem =
      Object.keys(labels).length === 0
        ? 'selects every pod; use NetworkPeer.sameNamespace() if that is meant'
        : labelsProblem(labels) ?? (namespace === undefined ? undefined : namespaceProblem(namespace));
    return new NetworkPeer(`pods with labels ${JSON.stringify(labels)}`, (policyNamespace) => podsOf(labels, namespace, policyNamespace), { problem });
  }

  /** Every pod of the policy's own namespace. */
  static sameNamespace(): NetworkPeer {
    return new NetworkPeer('every pod of the namespace', () => ({ podSelector: {} }));
  }

  /**
   * An IP range in CIDR notation, optionally with holes: `NetworkPeer.ipBlock('10.0.0.0/8', ['10.1.0.0/16'])`.
   * Pod IPs are ephemeral: use it for addresses outside the cluster.
   */
  static ipBlock(cidr: string, except: readonly string[] = []): NetworkPeer {
    const problem = cidrProblem(cidr) ?? except.map((hole) => holeProblem(cidr, hole)).find((found) => found !== undefined);
    return new NetworkPeer(`IP block ${cidr}`, () => ({ ipBlock: { cidr, ...(except.length > 0 ? { except: [...except] } : {}) } }), { problem });
  }

  /** Any source or destination at all, inside the cluster or out (a rule without `from`/`to`). */
  static anywhere(): NetworkPeer {
    return new NetworkPeer('anywhere', () => undefined);
  }

  /** What the peer is, for messages. */
  readonly description: string;
  /** The workload whose pods this peer is, if it is one; ports are then checked against its containers. */
  readonly workload: IPodSelector | undefined;
  /** What is wrong with it, if anything; the policy reports it with its own path. */
  readonly problem: string | undefined;
  readonly #render: (policyNamespace: string | undefined) => RenderedPeer | undefined;

  private constructor(
    description: string,
    render: (policyNamespace: string | undefined) => RenderedPeer | undefined,
    extra: { readonly workload?: IPodSelector; readonly problem?: string } = {},
  ) {
    this.description = description;
    this.#render = render;
    this.workload = extra.workload;
    this.problem = extra.problem;
  }

  /** The peer as a rule of a policy in `policyNamespace` writes it; undefined for anywhere. */
  render(policyNamespace: string | undefined): RenderedPeer | undefined {
    return this.#render(policyNamespace);
  }
}

function podsOf(labels: Readonly<Record<string, string>>, namespace: string | undefined, policyNamespace: string | undefined): RenderedPeer {
  const podSelector = { matchLabels: { ...labels } };
  return namespace === undefined || namespace === policyNamespace ? { podSelector } : { namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: namespace } }, podSelector };
}

function namespaceProblem(name: string): string | undefined {
  return isDns1123Label(name) ? undefined : `names namespace ${JSON.stringify(name)}, which is not a DNS-1123 label`;
}

function labelsProblem(labels: Readonly<Record<string, string>> | undefined): string | undefined {
  for (const [key, value] of Object.entries(labels ?? {})) {
    const problem = labelKeyProblem(key) ?? labelValueProblem(value);
    if (problem !== undefined) return `has label ${JSON.stringify(`${key}=${value}`)}, which ${problem}`;
  }
  return undefined;
}

/** An address and prefix length, as bits. */
interface ParsedCidr {
  readonly bits: bigint;
  readonly prefix: number;
  readonly width: number;
}

function parseCidr(cidr: string): ParsedCidr | undefined {
  const [address = '', prefixText, extra] = cidr.split('/');
  const family = isIP(address);
  if (family === 0 || prefixText === undefined || extra !== undefined || !/^\d{1,3}$/.test(prefixText)) return undefined;
  const width = family === 4 ? 32 : 128;
  const prefix = Number(prefixText);
  if (prefix > width) return undefined;
  return { bits: family === 4 ? ipv4Bits(address) : ipv6Bits(address), prefix, width };
}

function ipv4Bits(address: string): bigint {
  return address.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
}

function ipv6Bits(address: string): bigint {
  // An embedded IPv4 tail (`::ffff:10.0.0.1`) becomes two hex groups; isIP() has checked the syntax already.
  const text = address.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_all, a: string, b: string, c: string, d: string) =>
    `${((Number(a) << 8) | Number(b)).toString(16)}:${((Number(c) << 8) | Number(d)).toString(16)}`,
  );
  const [head = '', rest] = text.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const restGroups = rest === undefined || rest === '' ? [] : rest.split(':');
  const groups = rest === undefined ? headGroups : [...headGroups, ...Array<string>(8 - headGroups.length - restGroups.length).fill('0'), ...restGroups];
  return groups.reduce((acc, group) => (acc << 16n) | BigInt(parseInt(group, 16)), 0n);
}

function hostBits(cidr: ParsedCidr): bigint {
  return cidr.bits & ((1n << BigInt(cidr.width - cidr.prefix)) - 1n);
}

function cidrProblem(cidr: string): string | undefined {
  const parsed = parseCidr(cidr);
  if (parsed === undefined) return 'is not an IP range in CIDR notation, e.g. "10.0.0.0/8" or "2001:db8::/32"';
  if (hostBits(parsed) !== 0n) return 'has host bits set after the prefix; write the network address';
  return undefined;
}

function holeProblem(cidr: string, hole: string): string | undefined {
  const problem = cidrProblem(hole);
  if (problem !== undefined) return `has except entry ${JSON.stringify(hole)}, which ${problem}`;
  const outer = parseCidr(cidr);
  const inner = parseCidr(hole);
  if (outer === undefined || inner === undefined) return undefined;
  const shift = BigInt(outer.width - outer.prefix);
  const inside = outer.width === inner.width && inner.prefix > outer.prefix && inner.bits >> shift === outer.bits >> shift;
  return inside ? undefined : `has except entry ${JSON.stringify(hole)}, which is not strictly inside ${cidr}`;
}
