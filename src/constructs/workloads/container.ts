/** The container model shared by Pods, Deployments and StatefulSets. */
import { ValidationError } from '../../errors';
import { WorkloadDefaults } from '../app/defaults';
import { IConfigMap } from '../config/config-map';
import { EnvValue } from './env-value';
import { IConfigSource } from '../private/config-source';
import { imageProblem } from '../private/image';
import { nameProblem, NameRule } from '../private/names';
import { Duration } from 'cdk8s';
import { Probe } from './probe';
import { Lifecycle } from './lifecycle';
import { ContainerResources, renderResources } from './resources';
import { ISecret } from '../config/secret';
import { ContainerSecurityContext, renderContainerSecurityContext } from './security-context';
import { Volume } from '../storage/volume';
import { portNameFault } from '../../manifest/name-rules';

/** Network protocols of a port. */
export enum Protocol {
  TCP = 'TCP',
  UDP = 'UDP',
  SCTP = 'SCTP',
}

/** When the kubelet pulls the image. */
export enum ImagePullPolicy {
  ALWAYS = 'Always',
  IF_NOT_PRESENT = 'IfNotPresent',
  NEVER = 'Never',
}

/** A port a container listens on. */
export interface ContainerPort {
  /** The port number, 1 to 65535. */
  readonly number: number;
  /**
   * A name that Services and probes can refer to: at most 15 lower-case letters, digits and "-".
   * @default - unnamed
   */
  readonly name?: string;
  /**
   * The protocol.
   * @default Protocol.TCP
   */
  readonly protocol?: Protocol;
  /**
   * Also open the port on the node's own address, 1 to 65535 (an ingress controller on bare metal, a node agent):
   * at most one pod per node can hold it, and Pod Security baseline refuses it (give such pods a privileged
   * Namespace). With `hostNetwork` the port already is the node's, and a host port must equal `number`.
   * @default - the port is open on the pod's address only
   */
  readonly hostPort?: number;
}

/** Options of a volume mount. */
export interface MountOptions {
  /**
   * Mount read-only.
   * @default false
   */
  readonly readOnly?: boolean;
  /**
   * Mount only this path inside the volume.
   * @default - the whole volume
   */
  readonly subPath?: string;
}

/** A volume mounted into a container, as `ContainerProps.mounts` lists it. */
export interface ContainerMount extends MountOptions {
  /** The absolute path inside the container. */
  readonly path: string;
  /** The volume to mount there; the pod gets it once, however many containers mount it. */
  readonly volume: Volume;
}

/** Props of a container. */
export interface ContainerProps {
  /**
   * The container's name, unique within the pod.
   * @default 'main' for the first container; further containers must be named
   */
  readonly name?: string;
  /** The image, with a tag or digest: `mongo:7.0.14`, `registry.example.com/app@sha256:...`. */
  readonly image: string;
  /**
   * Accept an image tagged `latest` or untagged.
   * @default - the chart's `allowLatestTag` default (false)
   */
  readonly allowLatestTag?: boolean;
  /**
   * Replaces the image's entrypoint.
   * @default - the image's entrypoint
   */
  readonly command?: readonly string[];
  /**
   * Arguments to the entrypoint.
   * @default - the image's arguments
   */
  readonly args?: readonly string[];
  /**
   * The working directory.
   * @default - the image's
   */
  readonly workingDir?: string;
  /**
   * Ports the container listens on.
   * @default - none
   */
  readonly ports?: readonly ContainerPort[];
  /**
   * Environment variables.
   * @default - none
   */
  readonly env?: Readonly<Record<string, EnvValue>>;
  /**
   * ConfigMaps and Secrets whose every key becomes an environment variable.
   * @default - none
   */
  readonly envFrom?: ReadonlyArray<IConfigMap | ISecret>;
  /**
   * Readiness probe; `false` for none.
   * @default - a TCP probe on the first port when the chart's `probes` default is on
   */
  readonly readiness?: Probe | false;
  /**
   * Liveness probe; `false` for none.
   * @default - a TCP probe on the first port when the chart's `probes` default is on
   */
  readonly liveness?: Probe | false;
  /**
   * Startup probe, which holds the other probes back while a slow container starts; `false` for none.
   * @default - a TCP probe on the first port allowing 5 minutes, when the chart's `probes` default is on
   */
  readonly startup?: Probe | false;
  /**
   * CPU and memory requests and limits; `false` for none.
   * @default - the chart's `resources` default
   */
  readonly resources?: ContainerResources | false;
  /**
   * Security settings, layered over the hardened defaults.
   * @default - `allowPrivilegeEscalation: false` when the chart's `hardenedSecurityContext` default is on
   */
  readonly securityContext?: ContainerSecurityContext;
  /**
   * When to pull the image.
   * @default - Kubernetes' default (IfNotPresent for pinned tags)
   */
  readonly imagePullPolicy?: ImagePullPolicy;
  /**
   * Hooks run after the container starts and before it stops (not for init containers, which run to completion).
   * @default - none
   */
  readonly lifecycle?: Lifecycle;
  /**
   * Volumes to mount, declared with the container: `[{ path: '/backup', volume: Volume.fromPersistentVolumeClaim(dumps) }]`.
   * @default - none; `container.mount()` adds more
   */
  readonly mounts?: readonly ContainerMount[];
}

/** What a container is to its pod. */
export enum ContainerRole {
  /** One of the pod's main containers. */
  MAIN = 'main',
  /** An init container: runs to completion, in order, before the main containers start. */
  INIT = 'init',
  /**
   * A native sidecar: an init container with `restartPolicy: Always` that starts before the main containers
   * and keeps running beside them (Kubernetes 1.29 and later).
   */
  SIDECAR = 'sidecar',
}

/** What a container needs from the workload that owns it. */
export interface ContainerOwner {
  readonly path: string;
  readonly construct: string;
  readonly defaults: Required<WorkloadDefaults>;
  /** `containers[0]` or `initContainers[1]`, for messages. */
  readonly field: string;
  /**
   * What the container is to its pod.
   * @default ContainerRole.MAIN
   */
  readonly role?: ContainerRole;
  /**
   * Whether the pod uses the node's network namespace (host ports must then equal the container ports).
   * @default false
   */
  readonly hostNetwork?: boolean;
}

const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** A container of a pod. Workloads create them with `addContainer()`. */
export class Container {
  /** The container's name. */
  readonly name: string;
  /** The image reference. */
  readonly image: string;
  /** What the container is to its pod. */
  readonly role: ContainerRole;
  readonly #owner: ContainerOwner;
  readonly #props: ContainerProps;
  readonly #ports: ContainerPort[] = [];
  readonly #env = new Map<string, EnvValue>();
  readonly #mounts: Array<{ path: string; volume: Volume; options: MountOptions }> = [];

  /** Used by workloads; users call `workload.addContainer()`. */
  constructor(owner: ContainerOwner, props: ContainerProps, defaultName: string) {
    this.#owner = owner;
    this.#props = props;
    this.name = props.name ?? defaultName;
    this.role = owner.role ?? ContainerRole.MAIN;
    const nameIssue = nameProblem(this.name, NameRule.DNS_LABEL);
    if (nameIssue !== undefined) this.#fail('name', this.name, nameIssue, 'Use lower-case letters, digits and "-".');
    const allowLatest = props.allowLatestTag ?? owner.defaults.allowLatestTag;
    const image = imageProblem(props.image, allowLatest);
    if (image !== undefined) this.#fail('image', props.image, image.problem, image.fix);
    this.image = props.image;
    for (const list of ['add', 'drop'] as const) {
      (props.securityContext?.capabilities?.[list] ?? []).forEach((capability, index) => {
        const issue = capability.problem;
        if (issue !== undefined) this.#fail(`securityContext.capabilities.${list}[${index}]`, capability.name, issue.problem, issue.fix);
      });
    }
    for (const port of props.ports ?? []) this.addPort(port);
    (props.mounts ?? []).forEach((mount, index) => this.#mount(`mounts[${index}]`, mount.path, mount.volume, mount));
    for (const [name, value] of Object.entries(props.env ?? {})) this.addEnv(name, value);
    for (const probe of ['readiness', 'liveness', 'startup'] as const) {
      const given = props[probe];
      if (given && this.role === ContainerRole.INIT) {
        this.#fail(probe, 'a probe', 'is not allowed on an init container, which runs to completion', 'Remove the probe, or add the container with addSidecarContainer() if it keeps running.');
      }
      if (given && given.needsPort && given.port === undefined && this.#ports.length === 0) {
        this.#fail(probe, 'a probe without a port', 'has no port to check, and the container declares none', 'Give the probe a port, or add a port to the container.');
      }
    }
    for (const hook of ['postStart', 'preStop'] as const) {
      const given = props.lifecycle?.[hook];
      if (given === undefined) continue;
      if (this.role === ContainerRole.INIT) {
        this.#fail(`lifecycle.${hook}`, 'a hook', 'is not allowed on an init container, which runs to completion', 'Remove the hook, or add the container with addSidecarContainer() if it keeps running.');
      }
      if (given.empty) this.#fail(`lifecycle.${hook}`, 'an empty hook', 'does nothing (no command, or a sleep under 1 second)', 'Give the command to run, or a sleep of at least 1 second.');
      if (given.needsPort && given.port === undefined && this.#ports.length === 0) {
        this.#fail(`lifecycle.${hook}`, 'a hook without a port', 'has no port to call, and the container declares none', 'Give the hook a port, or add a port to the container.');
      }
    }
  }

  /** The ports, as a copy. */
  get ports(): readonly ContainerPort[] {
    return [...this.#ports];
  }

  /** The volumes mounted so far, as a copy. */
  get volumes(): readonly Volume[] {
    return this.#mounts.map((mount) => mount.volume);
  }

  /** Every ConfigMap and Secret this container reads, through env, envFrom or mounted volumes. */
  get configSources(): readonly IConfigSource[] {
    const sources: IConfigSource[] = [...(this.#props.envFrom ?? [])];
    for (const value of this.#env.values()) if (value.source) sources.push(value.source);
    for (const { volume } of this.#mounts) sources.push(...volume.configSources);
    return sources;
  }

  /** Adds a port; numbers and names must be unique within the container. */
  addPort(port: ContainerPort): void {
    const field = `ports[${this.#ports.length}]`;
    if (!Number.isInteger(port.number) || port.number < 1 || port.number > 65535) {
      this.#fail(`${field}.number`, port.number, 'must be a whole number from 1 to 65535', 'Use the port the process listens on.');
    }
    if (port.name !== undefined) {
      const fault = portNameFault(port.name);
      if (fault !== undefined) {
        const problem = fault === 'double-dash' ? 'must not contain "--"' : 'must be at most 15 lower-case letters, digits and "-", with at least one letter';
        this.#fail(`${field}.name`, port.name, problem, 'Use a short name such as "http".');
      }
    }
    if (port.hostPort !== undefined) {
      if (!Number.isInteger(port.hostPort) || port.hostPort < 1 || port.hostPort > 65535) {
        this.#fail(`${field}.hostPort`, port.hostPort, 'must be a whole number from 1 to 65535', 'Use the port to open on the node, or leave hostPort out.');
      }
      if (this.#owner.hostNetwork === true && port.hostPort !== port.number) {
        this.#fail(`${field}.hostPort`, port.hostPort, `must equal the port number (${port.number}) when the pod uses the host network`, 'Leave hostPort out: with hostNetwork the container port is the node\'s port.');
      }
    }
    const protocol = port.protocol ?? Protocol.TCP;
    for (const existing of this.#ports) {
      if (port.hostPort !== undefined && existing.hostPort === port.hostPort && (existing.protocol ?? Protocol.TCP) === protocol) {
        this.#fail(`${field}.hostPort`, port.hostPort, 'is already opened on the node by another port', 'Open each host port once.');
      }
      if (existing.number === port.number && (existing.protocol ?? Protocol.TCP) === protocol) {
        this.#fail(`${field}.number`, port.number, 'is already declared', 'Declare each port once.');
      }
      if (port.name !== undefined && existing.name === port.name) {
        this.#fail(`${field}.name`, port.name, 'is already used by another port', 'Give each port its own name.');
      }
    }
    this.#ports.push({ ...port });
  }

  /** Adds an environment variable; each name once. */
  addEnv(name: string, value: EnvValue): void {
    if (!ENV_NAME.test(name)) {
      this.#fail(`env.${name}`, name, 'is not a valid environment variable name', 'Use letters, digits, "_", "-" and ".", not starting with a digit.');
    }
    if (this.#env.has(name)) this.#fail(`env.${name}`, name, 'is already set', 'Set each variable once.');
    const { source, requiredKey } = value;
    if (source?.keys !== undefined && requiredKey !== undefined && !source.keys.has(requiredKey)) {
      this.#fail(
        `env.${name}`,
        requiredKey,
        `names a key that ${source.kind} '${source.name}' does not have`,
        `Use one of ${JSON.stringify([...source.keys].sort())}, or add the key to ${source.path}.`,
      );
    }
    this.#env.set(name, value);
  }

  /** Mounts a volume at a path inside the container; the workload adds the volume to the pod. */
  mount(path: string, volume: Volume, options: MountOptions = {}): void {
    this.#mount('mount', path, volume, options);
  }

  #mount(field: string, path: string, volume: Volume, options: MountOptions): void {
    if (!path.startsWith('/')) this.#fail(`${field}.path`, path, 'must be absolute', 'Start the path with "/".');
    if (this.#mounts.some((mount) => mount.path === path)) this.#fail(`${field}.path`, path, 'already has a volume mounted', 'Mount one volume per path.');
    if (options.subPath !== undefined && (options.subPath.startsWith('/') || options.subPath.split('/').includes('..'))) {
      this.#fail(`${field}.subPath`, options.subPath, 'must be a relative path without ".."', 'Give a path inside the volume.');
    }
    for (const { source, key } of volume.keyRequirements) {
      if (source.keys !== undefined && !source.keys.has(key)) {
        this.#fail(`${field}.items`, key, `names a key that ${source.kind} '${source.name}' does not have`, `Use one of ${JSON.stringify([...source.keys].sort())}.`);
      }
    }
    this.#mounts.push({ path, volume, options: { readOnly: options.readOnly, subPath: options.subPath } });
  }

  /** The Kubernetes `Container`. */
  render(): Record<string, unknown> {
    const props = this.#props;
    const defaults = this.#owner.defaults;
    const firstPort = this.#ports[0]?.name ?? this.#ports[0]?.number;
    const resources = props.resources ?? defaults.resources;
    const lifecycle = props.lifecycle && (props.lifecycle.postStart || props.lifecycle.preStop)
      ? { postStart: props.lifecycle.postStart?.toHandler(firstPort), preStop: props.lifecycle.preStop?.toHandler(firstPort) }
      : undefined;
    return {
      name: this.name,
      image: this.image,
      imagePullPolicy: props.imagePullPolicy,
      restartPolicy: this.role === ContainerRole.SIDECAR ? 'Always' : undefined,
      lifecycle,
      command: props.command ? [...props.command] : undefined,
      args: props.args ? [...props.args] : undefined,
      workingDir: props.workingDir,
      ports: this.#ports.length > 0 ? this.#ports.map((port) => ({ containerPort: port.number, hostPort: port.hostPort, name: port.name, protocol: port.protocol ?? Protocol.TCP })) : undefined,
      env: this.#env.size > 0 ? [...this.#env].map(([name, value]) => value.toEnvVar(name)) : undefined,
      envFrom: props.envFrom?.length
        ? props.envFrom.map((source) => (source.kind === 'ConfigMap' ? { configMapRef: { name: source.name } } : { secretRef: { name: source.name } }))
        : undefined,
      volumeMounts: this.#mounts.length > 0
        ? this.#mounts.map(({ path, volume, options }) => ({ mountPath: path, name: volume.name, readOnly: options.readOnly || undefined, subPath: options.subPath }))
        : undefined,
      readinessProbe: this.#renderProbe(props.readiness, firstPort, {}),
      livenessProbe: this.#renderProbe(props.liveness, firstPort, {}),
      startupProbe: this.#renderProbe(props.startup, firstPort, { failureThreshold: 30, period: Duration.seconds(10) }),
      resources: resources === false ? undefined : renderResources(resources, { path: this.#owner.path, construct: this.#owner.construct, field: `${this.#owner.field}.resources` }),
      securityContext: renderContainerSecurityContext(props.securityContext, defaults.hardenedSecurityContext),
    };
  }

  #renderProbe(given: Probe | false | undefined, firstPort: number | string | undefined, defaultTiming: { failureThreshold?: number; period?: Duration }): unknown {
    if (given === false) return undefined;
    if (given !== undefined) return given.toProbe(firstPort);
    if (this.role === ContainerRole.INIT || !this.#owner.defaults.probes || firstPort === undefined || (this.#ports[0]?.protocol ?? Protocol.TCP) !== Protocol.TCP) return undefined;
    return Probe.tcpSocket(defaultTiming).toProbe(firstPort);
  }

  #fail(field: string, value: unknown, problem: string, fix: string): never {
    throw new ValidationError({ path: this.#owner.path, construct: this.#owner.construct, field: `${this.#owner.field}.${field}`, value, problem, fix });
  }
}
