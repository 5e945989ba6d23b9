/** A Service: a stable name and address in front of a workload's changing pods. */
import { isIP } from 'node:net';
import { Construct } from 'constructs';
import { ContainerPort, Protocol } from '../workloads/container';
import { NameRule } from '../private/names';
import { Resource, ResourceProps } from '../app/resource';
import { IPodSelector } from '../workloads/workload';
import { isDns1123Subdomain } from '../../manifest/name-rules';

/** How a Service is reachable. */
export enum ServiceType {
  /** Inside the cluster only. */
  CLUSTER_IP = 'ClusterIP',
  /** On a port of every node, too. */
  NODE_PORT = 'NodePort',
  /** Through the cloud's load balancer, too. */
  LOAD_BALANCER = 'LoadBalancer',
  /** A DNS alias (CNAME) for a host outside the cluster: no pods, no proxying (`externalName`). */
  EXTERNAL_NAME = 'ExternalName',
}

/** A port of a Service. */
export interface ServicePort {
  /** The port clients connect to. */
  readonly port: number;
  /**
   * The container port traffic goes to, by number or name; the selected pods must expose it.
   * @default - the same number as `port`
   */
  readonly targetPort?: number | string;
  /**
   * The port's name; required by Kubernetes when a Service has several ports.
   * @default - the container port's name, or `port-<number>` when the Service has several ports
   */
  readonly name?: string;
  /**
   * The protocol.
   * @default Protocol.TCP
   */
  readonly protocol?: Protocol;
  /**
   * The node port (30000-32767) of a NodePort or LoadBalancer Service.
   * @default - chosen by the cluster
   */
  readonly nodePort?: number;
}

/** Props of a Service. */
export interface ServiceProps extends ResourceProps {
  /**
   * The workload whose pods receive the traffic.
   * @default - none: a Service without selector, for endpoints managed elsewhere
   */
  readonly selects?: IPodSelector;
  /**
   * How it is reachable.
   * @default - ServiceType.EXTERNAL_NAME when `externalName` is set, else ServiceType.CLUSTER_IP
   */
  readonly type?: ServiceType;
  /**
   * The DNS name an ExternalName Service is an alias of, e.g. `db.example.com`: clients resolving the Service's
   * name get a CNAME to it. Not an IP address (use a Service without selector and its own endpoints for that).
   * @default - none (required for ServiceType.EXTERNAL_NAME)
   */
  readonly externalName?: string;
  /**
   * Headless: no virtual IP; DNS returns the pods' addresses (what StatefulSets need).
   * @default false
   */
  readonly headless?: boolean;
  /**
   * The ports.
   * @default - every port the selected pods expose, under the same number
   */
  readonly ports?: readonly ServicePort[];
  /**
   * Publish pods before they are ready (peers of a StatefulSet need each other's addresses to form a cluster).
   * @default false
   */
  readonly publishNotReadyAddresses?: boolean;
}

/** A Service. */
export class Service extends Resource {
  /** How it is reachable. */
  readonly type: ServiceType;
  /** Whether it is headless. */
  readonly headless: boolean;
  /** The selected workload, if any. */
  readonly selects: IPodSelector | undefined;
  /** The host an ExternalName Service is an alias of. */
  readonly externalName: string | undefined;
  readonly #ports: ServicePort[] = [];
  readonly #portsFromPods: boolean;
  readonly #publishNotReadyAddresses: boolean;

  constructor(scope: Construct, id: string, props: ServiceProps = {}) {
    super(scope, id, { apiVersion: 'v1', kind: 'Service', nameRule: NameRule.DNS_1035_LABEL, bodyKeys: ['spec'] }, props);
    this.type = props.type ?? (props.externalName !== undefined ? ServiceType.EXTERNAL_NAME : ServiceType.CLUSTER_IP);
    this.headless = props.headless ?? false;
    this.selects = props.selects;
    this.externalName = props.externalName;
    this.#publishNotReadyAddresses = props.publishNotReadyAddresses ?? false;
    if (this.headless && this.type !== ServiceType.CLUSTER_IP) {
      this.fail('headless', true, `cannot be combined with type ${this.type}`, 'Use a ClusterIP type for a headless Service.');
    }
    this.#checkExternalName(props);
    this.#portsFromPods = props.ports === undefined && props.selects !== undefined;
    for (const port of props.ports ?? []) this.addPort(port);
  }

  /** The ports, as a copy; when they come from the selected pods, those pods' ports as they are now. */
  get ports(): readonly ServicePort[] {
    if (!this.#portsFromPods) return [...this.#ports];
    return (this.selects?.exposedPorts ?? []).map((port) => ({ port: port.number, targetPort: port.number, name: port.name, protocol: port.protocol }));
  }

  /** Adds a port; its target must be a port the selected pods expose. */
  addPort(port: ServicePort): void {
    const field = `ports[${this.#ports.length}]`;
    if (!Number.isInteger(port.port) || port.port < 1 || port.port > 65535) {
      this.fail(`${field}.port`, port.port, 'must be a whole number from 1 to 65535', 'Use the port clients connect to.');
    }
    if (port.nodePort !== undefined) {
      if (this.type === ServiceType.CLUSTER_IP || this.type === ServiceType.EXTERNAL_NAME) this.fail(`${field}.nodePort`, port.nodePort, 'only applies to NodePort and LoadBalancer Services', 'Set type: ServiceType.NODE_PORT or remove nodePort.');
      if (!Number.isInteger(port.nodePort) || port.nodePort < 30000 || port.nodePort > 32767) {
        this.fail(`${field}.nodePort`, port.nodePort, 'must be in the node port range 30000-32767', 'Pick a free port in that range, or leave it to the cluster.');
      }
    }
    const protocol = port.protocol ?? Protocol.TCP;
    if (this.#ports.some((known) => known.port === port.port && (known.protocol ?? Protocol.TCP) === protocol)) {
      this.fail(`${field}.port`, port.port, 'is already a port of this Service', 'Declare each port once.');
    }
    const target = port.targetPort ?? port.port;
    const selected = this.selects;
    if (selected !== undefined) {
      const exposed = selected.exposedPorts;
      const match = exposed.find(
        (candidate: ContainerPort) =>
          (typeof target === 'number' ? candidate.number === target : candidate.name === target) && (candidate.protocol ?? Protocol.TCP) === protocol,
      );
      if (match === undefined) {
        const offered = exposed.map((candidate) => (candidate.name ? `${candidate.number} (${candidate.name})` : String(candidate.number)));
        this.fail(
          port.targetPort === undefined ? `${field}.port` : `${field}.targetPort`,
          target,
          `is not a ${protocol} port that the pods of ${selected.displayName} expose`,
          offered.length > 0
            ? `Target one of ${offered.join(', ')}, or add the port to a container of ${selected.path}.`
            : `Add the port to a container of ${selected.path} (its containers declare no ports).`,
        );
      }
      this.#ports.push({ ...port, targetPort: target, name: port.name ?? match.name });
    } else {
      this.#ports.push({ ...port, targetPort: target });
    }
  }

  protected renderBody(): Record<string, unknown> {
    const ports = this.ports;
    if (ports.length === 0 && !this.headless && this.type !== ServiceType.EXTERNAL_NAME) {
      this.fail('ports', [], 'must not be empty for a Service that is not headless', 'Add a port, or select a workload whose containers declare ports.');
    }
    const several = ports.length > 1;
    return {
      spec: {
        type: this.type,
        clusterIP: this.headless ? 'None' : undefined,
        externalName: this.externalName,
        selector: this.selects ? { ...this.selects.selectorLabels } : undefined,
        publishNotReadyAddresses: this.#publishNotReadyAddresses || undefined,
        ports: ports.map((port) => ({
          port: port.port,
          targetPort: port.targetPort ?? port.port,
          name: port.name ?? (several ? `port-${port.port}` : undefined),
          protocol: port.protocol ?? Protocol.TCP,
          nodePort: port.nodePort,
        })),
      },
    };
  }

  #checkExternalName(props: ServiceProps): void {
    const name = props.externalName;
    if (this.type !== ServiceType.EXTERNAL_NAME) {
      if (name !== undefined) this.fail('externalName', name, `only applies to ExternalName Services, not ${this.type}`, 'Remove type, or remove externalName.');
      return;
    }
    if (name === undefined) this.fail('externalName', undefined, 'is required for an ExternalName Service', 'Set externalName to the DNS name the Service stands for, e.g. "db.example.com".');
    if (props.selects !== undefined) this.fail('selects', props.selects.path, 'cannot be combined with an ExternalName Service, which has no pods', 'Remove selects, or use a ClusterIP Service.');
    if (isIP(name) !== 0) {
      this.fail('externalName', name, 'is an IP address; ExternalName is a DNS alias and Kubernetes would treat it as a host name', 'Use a DNS name, or a Service without selector and an EndpointSlice for a fixed IP.');
    }
    const host = name.endsWith('.') ? name.slice(0, -1) : name;
    if (!isDns1123Subdomain(host)) {
      this.fail('externalName', name, 'is not a DNS name (lower-case letters, digits, "-" and ".")', 'Use a host name such as "db.example.com", without scheme, port or path.');
    }
  }
}
