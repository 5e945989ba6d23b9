/**
 * The base of everything that runs pods (Pod, Deployment, StatefulSet, DaemonSet, Job, CronJob): containers,
 * volumes, labels, the service account, scheduling, the configuration hash and the pod-level defaults live
 * here once.
 */
import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { ValidationError } from '../../errors';
import { compareText } from '../../manifest/compare-text';
import { BUILT_IN_PRIORITY_CLASSES } from '../../manifest/priority-classes';
import { EXTERNAL_REFERENCES_ANNOTATION, externalReferences, SKIP_CHECKS_ANNOTATION, skipChecks } from '../../validate/annotations';
import { defaultsFor } from '../app/app-chart';
import { IServiceAccount } from '../access/service-account';
import { ISecret } from '../config/secret';
import { Container, ContainerPort, ContainerProps, ContainerRole } from './container';
import { mergeDefaults, WorkloadDefaults } from '../app/defaults';
import { Annotations, Labels } from '../app/labels';
import { IConfigSource } from '../private/config-source';
import { contentHash } from '../private/hash';
import { renderPullSecrets } from '../private/pull-secret';
import { durationToSeconds } from '../private/quantities';
import { Resource, ResourceProps, ResourceSpec } from '../app/resource';
import { IAffinityTarget, NodeLabelQuery, NodePreferenceOptions, PodAffinityOptions, PodScheduling, SchedulingProps, Toleration } from './scheduling';
import { PodSecurityContext, renderPodSecurityContext } from './security-context';
import { podSecurityContextProblem } from '../private/pod-security-context';
import { Volume } from '../storage/volume';

/** Something whose pods a Service or PodDisruptionBudget can select. */
export interface IPodSelector {
  /** The construct path, for messages. */
  readonly path: string;
  /** The kind and name, for messages: `Deployment web`. */
  readonly displayName: string;
  /** Labels that select exactly this workload's pods. */
  readonly selectorLabels: Readonly<Record<string, string>>;
  /** Every port its containers declare. */
  readonly exposedPorts: readonly ContainerPort[];
  /** Its namespace. */
  readonly namespace: string | undefined;
}

/** How the pods resolve names (`dnsPolicy`). */
export enum DnsPolicy {
  /** Through the cluster's DNS (Service names), then the node's resolvers: the server's default. */
  CLUSTER_FIRST = 'ClusterFirst',
  /** The same for pods on the host network, which would otherwise use the node's resolvers only. */
  CLUSTER_FIRST_WITH_HOST_NET = 'ClusterFirstWithHostNet',
  /** The node's resolvers only (the DNS server itself, node-local DNS caches): Service names do not resolve. */
  DEFAULT = 'Default',
}

/** Props shared by every workload. */
export interface WorkloadProps extends ResourceProps, SchedulingProps {
  /**
   * The containers; add more with `addContainer()`.
   * @default - none; at least one must be added before synthesis
   */
  readonly containers?: readonly ContainerProps[];
  /**
   * Containers that run to completion, in order, before the others start.
   * @default - none
   */
  readonly initContainers?: readonly ContainerProps[];
  /**
   * Native sidecars: init containers with `restartPolicy: Always` that start before the others (and before
   * `initContainers`) and keep running beside the main containers, stopped after them. Kubernetes 1.29 and later:
   * validation refuses them when a target version is older.
   * @default - none
   */
  readonly sidecarContainers?: readonly ContainerProps[];
  /**
   * Volumes that no container mounts through `mount()` (mounted volumes are added automatically).
   * @default - none
   */
  readonly volumes?: readonly Volume[];
  /**
   * The ServiceAccount the pods run as: one of the app, or one of the cluster
   * (`ServiceAccount.fromServiceAccountName()`). Its `automountToken` decides whether the pods get its API
   * token, unless `automountServiceAccountToken` says otherwise.
   * @default - the namespace's `default` service account (or `serviceAccountName`)
   */
  readonly serviceAccount?: IServiceAccount;
  /**
   * The name of a service account, unchecked; prefer `serviceAccount`, with
   * `ServiceAccount.fromServiceAccountName()` for one that exists outside the app.
   * @default - the namespace's `default` service account
   */
  readonly serviceAccountName?: string;
  /**
   * Mount the service account's API token into the pods.
   * @default - the `serviceAccount`'s `automountToken` when one is given, else the chart's
   * `automountServiceAccountToken` default (false)
   */
  readonly automountServiceAccountToken?: boolean;
  /**
   * Docker-config Secrets to pull the images with (other Secret types are refused).
   * @default - none (the service account's pull secrets still apply)
   */
  readonly imagePullSecrets?: readonly ISecret[];
  /**
   * Pod-level security settings.
   * @default - the runtime's default seccomp profile when the hardened defaults apply
   */
  readonly securityContext?: PodSecurityContext;
  /**
   * Extra labels on the pods (not part of the selector).
   * @default - the chart's labels and the selector labels
   */
  readonly podLabels?: Readonly<Record<string, string>>;
  /**
   * Annotations on the pods.
   * @default - the configuration hash only
   */
  readonly podAnnotations?: Readonly<Record<string, string>>;
  /**
   * Time a pod gets to shut down after SIGTERM.
   * @default Duration.seconds(30)
   */
  readonly terminationGracePeriod?: Duration;
  /**
   * Schedule pods only on nodes with these labels.
   * @default - any node
   */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /**
   * Run the pods in the node's network namespace (node agents, CNI plugins, ingress on host ports): they see the
   * node's interfaces and their ports are the node's. Their DNS policy becomes `ClusterFirstWithHostNet` (unless
   * `dnsPolicy` says otherwise), so they still resolve Service names. Pod Security baseline refuses such pods (give them a privileged Namespace), and
   * the `policy/host-network` check fails until skipped with a reason (`skipChecks`). Network sysctls are refused
   * with it: they would change the node's.
   * @default false
   */
  readonly hostNetwork?: boolean;
  /**
   * How the pods resolve names.
   * @default - DnsPolicy.CLUSTER_FIRST_WITH_HOST_NET with hostNetwork, else the server's DnsPolicy.CLUSTER_FIRST
   */
  readonly dnsPolicy?: DnsPolicy;
  /**
   * Run the pods in the node's process namespace (they see and may signal every process on the node), e.g. a
   * node monitoring agent. Pod Security baseline refuses such pods, and `policy/host-pid` fails until skipped.
   * @default false
   */
  readonly hostPID?: boolean;
  /**
   * Run the pods in the node's IPC namespace (shared memory and message queues of the node). Pod Security
   * baseline refuses such pods, and `policy/host-ipc` fails until skipped; IPC sysctls are refused with it.
   * @default false
   */
  readonly hostIPC?: boolean;
  /**
   * Defaults for this workload only, layered over the chart's.
   * @default - the chart's defaults
   */
  readonly defaults?: WorkloadDefaults;
  /**
   * Validation checks to switch off for this object, check id to reason (written as an annotation).
   * @default - none
   */
  readonly skipChecks?: Readonly<Record<string, string>>;
}

/** A construct that runs pods. */
export abstract class Workload extends Resource implements IPodSelector {
  /** The defaults in force for this workload. */
  readonly defaults: Required<WorkloadDefaults>;
  /** Labels that select exactly this workload's pods; they never change, since selectors are immutable. */
  readonly selectorLabels: Readonly<Record<string, string>>;
  readonly #props: WorkloadProps;
  readonly #containers: Container[] = [];
  readonly #initContainers: Container[] = [];
  readonly #volumes: Volume[] = [];
  readonly #scheduling: PodScheduling;
  readonly #imagePullSecrets: Array<{ name: string }> | undefined;

  protected constructor(scope: Construct, id: string, spec: ResourceSpec, props: WorkloadProps) {
    const annotations = { ...props.annotations };
    if (props.skipChecks !== undefined) annotations[SKIP_CHECKS_ANNOTATION] = skipChecks(props.skipChecks);
    super(scope, id, spec, { ...props, annotations });
    this.#props = props;
    // Without defaults of its own, the workload shares its chart's (merged once per chart, and read-only).
    this.defaults = props.defaults === undefined ? defaultsFor(this) : mergeDefaults(defaultsFor(this), props.defaults);
    this.selectorLabels = { [Labels.NAME]: this.name };
    this.#scheduling = new PodScheduling({ path: this.node.path, construct: this.kind }, props);
    this.#imagePullSecrets = renderPullSecrets(props.imagePullSecrets, { path: this.node.path, construct: this.kind, field: 'imagePullSecrets' });
    this.#checkServiceAccount(props);
    const securityProblem = podSecurityContextProblem(props.securityContext, { hostNetwork: props.hostNetwork === true, hostIPC: props.hostIPC === true });
    if (securityProblem !== undefined) this.fail(`securityContext.${securityProblem.field}`, securityProblem.value, securityProblem.problem, securityProblem.fix);
    for (const volume of props.volumes ?? []) this.addVolume(volume);
    for (const container of props.sidecarContainers ?? []) this.addSidecarContainer(container);
    for (const container of props.initContainers ?? []) this.addInitContainer(container);
    for (const container of props.containers ?? []) this.addContainer(container);
    this.node.addValidation({
      validate: () =>
        this.#containers.length === 0
          ? [`${this.kind} '${this.node.path}': containers: none were added. Pass containers in the props or call addContainer().`]
          : [],
    });
  }

  /** The construct path. */
  get path(): string {
    return this.node.path;
  }

  /** `Deployment web`, for messages. */
  get displayName(): string {
    return `${this.kind} ${this.name}`;
  }

  /** The containers, as a copy. */
  get containers(): readonly Container[] {
    return [...this.#containers];
  }

  /** Every port the containers declare. */
  get exposedPorts(): readonly ContainerPort[] {
    return this.#containers.flatMap((container) => container.ports);
  }

  /** Adds a container; the first one is named `main` unless named. */
  addContainer(props: ContainerProps): Container {
    return this.#add(this.#containers, 'containers', props, this.#containers.length === 0 ? 'main' : undefined);
  }

  /** Adds an init container, run to completion before the main containers start (after the earlier init and sidecar containers). */
  addInitContainer(props: ContainerProps): Container {
    return this.#add(this.#initContainers, 'initContainers', props, undefined, ContainerRole.INIT);
  }

  /**
   * Adds a native sidecar: an init container with `restartPolicy: Always`, started in order with the init
   * containers and kept running beside the main containers (Kubernetes 1.29 and later).
   */
  addSidecarContainer(props: ContainerProps): Container {
    return this.#add(this.#initContainers, 'initContainers', props, undefined, ContainerRole.SIDECAR);
  }

  /** Lets the pods run on nodes with a matching taint. */
  tolerate(toleration: Toleration): void {
    this.#scheduling.tolerate(toleration);
  }

  /** Runs the pods only on nodes that meet every query; several calls are alternatives (any one set suffices). */
  requireNodes(...queries: NodeLabelQuery[]): void {
    this.#scheduling.requireNodes(...queries);
  }

  /** Makes the scheduler prefer nodes that meet every query. */
  preferNodes(queries: readonly NodeLabelQuery[], options: NodePreferenceOptions = {}): void {
    this.#scheduling.preferNodes(queries, options);
  }

  /** Keeps the pods away from another workload's pods: not on the same node (or zone), preferred unless `required`. */
  separateFrom(other: IAffinityTarget, options: PodAffinityOptions = {}): void {
    this.#scheduling.separateFrom(other, options);
  }

  /** Places the pods near another workload's pods: on the same node (or zone), preferred unless `required`. */
  colocateWith(other: IAffinityTarget, options: PodAffinityOptions = {}): void {
    this.#scheduling.colocateWith(other, options);
  }

  /** Adds a volume to the pod; volumes mounted with `container.mount()` need not be added. */
  addVolume(volume: Volume): void {
    const existing = this.#volumes.find((known) => known.name === volume.name);
    if (existing === undefined) this.#volumes.push(volume);
    else if (existing !== volume && JSON.stringify(existing.toVolume()) !== JSON.stringify(volume.toVolume())) {
      throw new ValidationError({
        path: this.node.path,
        construct: this.kind,
        field: 'volumes',
        value: volume.name,
        problem: 'is the name of another, different volume',
        fix: 'Give each volume its own name (the `name` option of the Volume factory).',
      });
    }
  }

  /** The pod template (`metadata` and `spec`); `extraSpec` lets subclasses add scheduling fields. */
  protected renderPodTemplate(extraSpec: Record<string, unknown> = {}): Record<string, unknown> {
    return { metadata: { labels: this.podLabels(), annotations: this.podAnnotations() }, spec: this.renderPodSpec(extraSpec) };
  }

  /** Labels of the pods: the chart's, the user's and the selector. */
  protected podLabels(): Record<string, string> {
    return { ...this.apiObject.chart.labels, ...this.#props.podLabels, ...this.selectorLabels };
  }

  /** Annotations of the pods, with the configuration hash when the pods use ConfigMaps or Secrets. */
  protected podAnnotations(): Record<string, string> | undefined {
    const annotations: Record<string, string> = { ...this.#props.podAnnotations };
    const hash = this.#configHash();
    if (hash !== undefined) annotations[Annotations.CONFIG_HASH] = hash;
    return Object.keys(annotations).length > 0 ? annotations : undefined;
  }

  /** The pod spec. */
  protected renderPodSpec(extraSpec: Record<string, unknown> = {}): Record<string, unknown> {
    this.#addMountedVolumes();
    this.#markExternalReferences();
    const props = this.#props;
    return {
      containers: this.#containers.map((container) => container.render()),
      initContainers: this.#initContainers.length > 0 ? this.#initContainers.map((container) => container.render()) : undefined,
      volumes: this.#volumes.length > 0 ? this.#volumes.map((volume) => volume.toVolume()) : undefined,
      serviceAccountName: props.serviceAccount?.name ?? props.serviceAccountName,
      automountServiceAccountToken: props.automountServiceAccountToken ?? props.serviceAccount?.automountToken ?? this.defaults.automountServiceAccountToken,
      imagePullSecrets: this.#imagePullSecrets?.map((secret) => ({ ...secret })),
      ...this.#scheduling.render(this.namespace),
      securityContext: renderPodSecurityContext(props.securityContext, this.defaults.hardenedSecurityContext),
      terminationGracePeriodSeconds: props.terminationGracePeriod ? durationToSeconds(props.terminationGracePeriod) : undefined,
      nodeSelector: props.nodeSelector ? { ...props.nodeSelector } : undefined,
      hostNetwork: props.hostNetwork === true ? true : undefined,
      dnsPolicy: props.dnsPolicy ?? (props.hostNetwork === true ? DnsPolicy.CLUSTER_FIRST_WITH_HOST_NET : undefined),
      hostPID: props.hostPID === true ? true : undefined,
      hostIPC: props.hostIPC === true ? true : undefined,
      ...extraSpec,
    };
  }

  /** Soft constraints that spread replicas across nodes and zones, as far as the defaults ask for them. */
  protected spreadConstraints(replicas: number | undefined): unknown[] | undefined {
    if (replicas !== undefined && replicas < 2) return undefined;
    const keys = [
      ...(this.defaults.spreadAcrossNodes ? ['kubernetes.io/hostname'] : []),
      ...(this.defaults.spreadAcrossZones ? ['topology.kubernetes.io/zone'] : []),
    ];
    if (keys.length === 0) return undefined;
    return keys.map((topologyKey) => ({
      maxSkew: 1,
      topologyKey,
      whenUnsatisfiable: 'ScheduleAnyway',
      labelSelector: { matchLabels: { ...this.selectorLabels } },
    }));
  }

  /** Every ConfigMap and Secret the pods read. */
  protected configSources(): IConfigSource[] {
    const sources: IConfigSource[] = [];
    for (const container of this.#initContainers) sources.push(...container.configSources);
    for (const container of this.#containers) sources.push(...container.configSources);
    for (const volume of this.#volumes) sources.push(...volume.configSources);
    return sources;
  }

  #add(list: Container[], field: string, props: ContainerProps, defaultName: string | undefined, role: ContainerRole = ContainerRole.MAIN): Container {
    const index = list.length;
    if (props.name === undefined && defaultName === undefined) {
      throw new ValidationError({ path: this.node.path, construct: this.kind, field: `${field}[${index}].name`, value: undefined, problem: 'is required for every container but the first', fix: 'Name the container, e.g. "sidecar".' });
    }
    const owner = { path: this.node.path, construct: this.kind, defaults: this.defaults, field: `${field}[${index}]`, role, hostNetwork: this.#props.hostNetwork === true };
    const container = new Container(owner, props, defaultName ?? '');
    const all = [...this.#initContainers, ...this.#containers];
    if (all.some((known) => known.name === container.name)) {
      throw new ValidationError({ path: this.node.path, construct: this.kind, field: `${field}[${index}].name`, value: container.name, problem: 'is already used by another container of this pod', fix: 'Give each container its own name.' });
    }
    if (list === this.#containers) this.#checkHostPorts(container, `${field}[${index}]`);
    list.push(container);
    return container;
  }

  /**
   * The regular containers of a pod never open one host port twice (per protocol), as the API server refuses such
   * pods; with hostNetwork every container port is a host port. Init and sidecar containers are checked alone.
   */
  #checkHostPorts(container: Container, field: string): void {
    const hostNetwork = this.#props.hostNetwork === true;
    const hostPortKey = (port: ContainerPort): string | undefined => {
      const hostPort = port.hostPort ?? (hostNetwork ? port.number : undefined);
      return hostPort === undefined ? undefined : `${port.protocol ?? 'TCP'}/${hostPort}`;
    };
    const opened = new Set(this.#containers.flatMap((known) => known.ports.map(hostPortKey)));
    container.ports.forEach((port, index) => {
      const key = hostPortKey(port);
      if (key === undefined || !opened.has(key)) return;
      throw new ValidationError({
        path: this.node.path,
        construct: this.kind,
        field: `${field}.ports[${index}]`,
        value: port.hostPort ?? port.number,
        problem: `opens host port ${key}, which another container of the pod already opens${hostNetwork && port.hostPort === undefined ? ' (with hostNetwork every container port is a port of the node)' : ''}, so the API server refuses the pods`,
        fix: 'Give each container its own ports.',
      });
    });
  }

  #checkServiceAccount(props: WorkloadProps): void {
    const account = props.serviceAccount;
    if (account === undefined) return;
    if (props.serviceAccountName !== undefined) {
      this.fail('serviceAccountName', props.serviceAccountName, 'cannot be combined with serviceAccount', 'Give only serviceAccount (the object), or only serviceAccountName for an account outside the app.');
    }
    if (account.namespace !== undefined && this.namespace !== undefined && account.namespace !== this.namespace) {
      this.fail('serviceAccount', account.path, `lives in namespace "${account.namespace}", but the pods run in "${this.namespace}"`, account.external ? `Refer to the account of namespace "${this.namespace}", or run the workload in "${account.namespace}".` : 'Create the ServiceAccount in the same chart (namespace) as the workload.');
    }
  }

  #addMountedVolumes(): void {
    for (const container of [...this.#initContainers, ...this.#containers]) {
      for (const volume of container.volumes) this.addVolume(volume);
    }
  }

  /** Tells validation which referenced ConfigMaps, Secrets, ServiceAccounts and PriorityClasses exist only in the cluster. */
  #markExternalReferences(): void {
    const external = new Map<string, { kind: string; name: string }>();
    const account = this.#props.serviceAccount;
    const priorityClass = this.#props.priorityClass;
    const sources = [
      ...this.configSources(),
      ...(this.#props.imagePullSecrets ?? []),
      ...(account === undefined ? [] : [{ kind: 'ServiceAccount', name: account.name, external: account.external }]),
      // Validation knows the cluster's own classes: naming them would only add noise to the output.
      ...(priorityClass === undefined || BUILT_IN_PRIORITY_CLASSES.has(priorityClass.name) ? [] : [{ kind: 'PriorityClass', name: priorityClass.name, external: priorityClass.external }]),
    ];
    for (const source of sources) {
      if (source.external) external.set(`${source.kind}/${source.name}`, { kind: source.kind, name: source.name });
    }
    if (external.size === 0) return;
    const sorted = [...external.entries()].sort(([a], [b]) => compareText(a, b)).map(([, reference]) => reference);
    this.apiObject.metadata.addAnnotation(EXTERNAL_REFERENCES_ANNOTATION, externalReferences(...sorted));
  }

  /** A hash of the content of every ConfigMap and Secret the pods read, so changing them rolls the pods. */
  #configHash(): string | undefined {
    const fingerprints: Record<string, unknown> = {};
    // A source read by several variables or volumes is fingerprinted once (a Secret resolves its values for it).
    for (const source of new Set(this.configSources())) {
      if (source.external) continue;
      try {
        fingerprints[`${source.kind}/${source.name}`] = source.contentFingerprint();
      } catch (error) {
        // A Secret with a missing value reports that itself, once; the hash is moot then.
        if (error instanceof ValidationError) continue;
        throw error;
      }
    }
    return Object.keys(fingerprints).length > 0 ? contentHash(fingerprints) : undefined;
  }
}
