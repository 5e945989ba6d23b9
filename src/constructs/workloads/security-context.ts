/** Security settings of containers and pods. */

const CAPABILITY_NAME = /^[A-Z][A-Z0-9_]*$/;

/**
 * A Linux capability as a container's security context names it (without the `CAP_` prefix): the ones the
 * kernel defines, `ALL`, or `Capability.custom()` for one a newer kernel adds.
 */
export class Capability {
  /** Every capability: `drop: [Capability.ALL]` is what the `restricted` Pod Security level requires. */
  static readonly ALL = new Capability('ALL');
  /** Control the kernel's audit system. */
  static readonly AUDIT_CONTROL = new Capability('AUDIT_CONTROL');
  /** Read the audit log through a multicast netlink socket. */
  static readonly AUDIT_READ = new Capability('AUDIT_READ');
  /** Write records to the kernel's audit log (in the runtime's default set). */
  static readonly AUDIT_WRITE = new Capability('AUDIT_WRITE');
  /** Block system suspend. */
  static readonly BLOCK_SUSPEND = new Capability('BLOCK_SUSPEND');
  /** Load BPF programs and create BPF maps. */
  static readonly BPF = new Capability('BPF');
  /** Checkpoint and restore processes. */
  static readonly CHECKPOINT_RESTORE = new Capability('CHECKPOINT_RESTORE');
  /** Change file owners (in the runtime's default set; images that chown at start need it). */
  static readonly CHOWN = new Capability('CHOWN');
  /** Bypass file permission checks (in the runtime's default set). */
  static readonly DAC_OVERRIDE = new Capability('DAC_OVERRIDE');
  /** Bypass file read and directory search permission checks. */
  static readonly DAC_READ_SEARCH = new Capability('DAC_READ_SEARCH');
  /** Bypass checks that the caller owns a file (in the runtime's default set). */
  static readonly FOWNER = new Capability('FOWNER');
  /** Keep setuid and setgid bits when a file is changed (in the runtime's default set). */
  static readonly FSETID = new Capability('FSETID');
  /** Lock memory. */
  static readonly IPC_LOCK = new Capability('IPC_LOCK');
  /** Bypass permission checks on System V IPC objects. */
  static readonly IPC_OWNER = new Capability('IPC_OWNER');
  /** Send signals to any process (in the runtime's default set). */
  static readonly KILL = new Capability('KILL');
  /** Take file leases. */
  static readonly LEASE = new Capability('LEASE');
  /** Set the immutable and append-only file attributes. */
  static readonly LINUX_IMMUTABLE = new Capability('LINUX_IMMUTABLE');
  /** Configure a Linux security module (MAC). */
  static readonly MAC_ADMIN = new Capability('MAC_ADMIN');
  /** Override a Linux security module (MAC). */
  static readonly MAC_OVERRIDE = new Capability('MAC_OVERRIDE');
  /** Create device files (in the runtime's default set). */
  static readonly MKNOD = new Capability('MKNOD');
  /** Configure networking: interfaces, routes, firewalls. */
  static readonly NET_ADMIN = new Capability('NET_ADMIN');
  /** Listen on ports below 1024 as a non-root user: the one capability `restricted` lets a container add. */
  static readonly NET_BIND_SERVICE = new Capability('NET_BIND_SERVICE');
  /** Send broadcasts and listen to multicast. */
  static readonly NET_BROADCAST = new Capability('NET_BROADCAST');
  /** Use raw and packet sockets (ping); in the default set of some runtimes. */
  static readonly NET_RAW = new Capability('NET_RAW');
  /** Use performance monitoring. */
  static readonly PERFMON = new Capability('PERFMON');
  /** Set file capabilities (in the runtime's default set). */
  static readonly SETFCAP = new Capability('SETFCAP');
  /** Change the group id (in the runtime's default set; images that switch user at start need it). */
  static readonly SETGID = new Capability('SETGID');
  /** Change process capabilities (in the runtime's default set). */
  static readonly SETPCAP = new Capability('SETPCAP');
  /** Change the user id (in the runtime's default set; images that switch user at start need it). */
  static readonly SETUID = new Capability('SETUID');
  /** Administer the system: mounts, namespaces and much more; close to root on the node. */
  static readonly SYS_ADMIN = new Capability('SYS_ADMIN');
  /** Reboot the node. */
  static readonly SYS_BOOT = new Capability('SYS_BOOT');
  /** Use chroot (in the runtime's default set). */
  static readonly SYS_CHROOT = new Capability('SYS_CHROOT');
  /** Load kernel modules. */
  static readonly SYS_MODULE = new Capability('SYS_MODULE');
  /** Raise process priorities and set real-time scheduling. */
  static readonly SYS_NICE = new Capability('SYS_NICE');
  /** Switch process accounting. */
  static readonly SYS_PACCT = new Capability('SYS_PACCT');
  /** Trace other processes (debuggers). */
  static readonly SYS_PTRACE = new Capability('SYS_PTRACE');
  /** Raw I/O on ports and devices. */
  static readonly SYS_RAWIO = new Capability('SYS_RAWIO');
  /** Override resource limits. */
  static readonly SYS_RESOURCE = new Capability('SYS_RESOURCE');
  /** Set the system clock. */
  static readonly SYS_TIME = new Capability('SYS_TIME');
  /** Configure terminals. */
  static readonly SYS_TTY_CONFIG = new Capability('SYS_TTY_CONFIG');
  /** Read and clear the kernel log. */
  static readonly SYSLOG = new Capability('SYSLOG');
  /** Set timers that wake the system. */
  static readonly WAKE_ALARM = new Capability('WAKE_ALARM');

  /**
   * A capability these constants do not name yet, written as Kubernetes writes it: upper case, without the
   * `CAP_` prefix (the container runtime adds it). A name that breaks that rule is refused by the container.
   */
  static custom(name: string): Capability {
    return new Capability(name);
  }

  private constructor(
    /** The name as the security context writes it, e.g. `NET_BIND_SERVICE`. */
    readonly name: string,
  ) {}

  /** Why the name cannot work, with the fix, or undefined when it is well formed. */
  get problem(): { readonly problem: string; readonly fix: string } | undefined {
    if (/^cap_/i.test(this.name)) {
      return { problem: 'starts with "CAP_", which the container runtime adds itself (the result would not exist)', fix: `Write "${this.name.slice(4).toUpperCase()}".` };
    }
    if (!CAPABILITY_NAME.test(this.name)) {
      const upper = this.name.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
      return {
        problem: 'is not a capability name: upper-case letters, digits and "_" (Pod Security compares names exactly)',
        fix: CAPABILITY_NAME.test(upper) ? `Write "${upper}".` : 'Use a constant of Capability, or the name from capabilities(7) without "CAP_".',
      };
    }
    return undefined;
  }
}

/** Linux capabilities to add to or drop from a container. */
export interface Capabilities {
  /**
   * Capabilities to add to the runtime's default set, e.g. `[Capability.NET_BIND_SERVICE]`.
   * @default - none
   */
  readonly add?: readonly Capability[];
  /**
   * Capabilities to remove, e.g. `[Capability.ALL]` (then add back only what the process needs).
   * @default - none: the runtime's default set stays
   */
  readonly drop?: readonly Capability[];
}

/** A container's security context. Unset fields keep the image's or pod's settings. */
export interface ContainerSecurityContext {
  /**
   * The user id the process runs as.
   * @default - the image's user
   */
  readonly runAsUser?: number;
  /**
   * The group id the process runs as.
   * @default - the image's group
   */
  readonly runAsGroup?: number;
  /**
   * Refuse to start if the image would run as root.
   * @default - not checked
   */
  readonly runAsNonRoot?: boolean;
  /**
   * Mount the root filesystem read-only.
   * @default - writable, as most images expect
   */
  readonly readOnlyRootFilesystem?: boolean;
  /**
   * Allow a process to gain more privileges than its parent (setuid binaries).
   * @default false when the hardened defaults apply, else unset
   */
  readonly allowPrivilegeEscalation?: boolean;
  /**
   * Run privileged: full access to the node. Almost never needed.
   * @default - unset (not privileged)
   */
  readonly privileged?: boolean;
  /**
   * Capabilities to add or drop.
   * @default - the runtime's default set
   */
  readonly capabilities?: Capabilities;
}

/** The seccomp profile that filters a pod's system calls. */
export class SeccompProfile {
  /** The container runtime's default profile: what the `restricted` Pod Security level asks for. */
  static runtimeDefault(): SeccompProfile {
    return new SeccompProfile('RuntimeDefault');
  }

  /**
   * A profile file on the node, relative to the kubelet's seccomp folder (e.g. `profiles/app.json`); `restricted`
   * accepts it too.
   */
  static localhost(profilePath: string): SeccompProfile {
    return new SeccompProfile('Localhost', profilePath);
  }

  /** No filtering at all; the `baseline` level refuses it. */
  static unconfined(): SeccompProfile {
    return new SeccompProfile('Unconfined');
  }

  private constructor(
    /** The profile type as Kubernetes writes it: `RuntimeDefault`, `Localhost` or `Unconfined`. */
    readonly type: 'RuntimeDefault' | 'Localhost' | 'Unconfined',
    /**
     * The file of a `Localhost` profile.
     * @default - none (only `Localhost` profiles have a file)
     */
    readonly localhostProfile?: string,
  ) {}

  /** Why the profile cannot work, with the fix, or undefined when it can. */
  get problem(): { readonly problem: string; readonly fix: string } | undefined {
    const file = this.localhostProfile;
    if (this.type !== 'Localhost' || file === undefined) return undefined;
    if (file.length === 0 || file.startsWith('/') || file.split('/').includes('..')) {
      return { problem: "must be a path relative to the kubelet's seccomp folder, without \"..\"", fix: 'Give the file as the node has it below that folder, e.g. "profiles/app.json".' };
    }
    return undefined;
  }

  /** The profile as a security context writes it. */
  toJson(): Record<string, string> {
    return this.localhostProfile === undefined ? { type: this.type } : { type: this.type, localhostProfile: this.localhostProfile };
  }
}

/** When the kubelet gives a volume to the pod's `fsGroup`. */
export enum FsGroupChangePolicy {
  /** Only when the group or permissions of the volume's root do not match: fast on large volumes. */
  ON_ROOT_MISMATCH = 'OnRootMismatch',
  /** On every mount, walking every file of the volume. */
  ALWAYS = 'Always',
}

/** One namespaced kernel parameter of a pod, e.g. `{ name: 'net.ipv4.ip_local_port_range', value: '1024 65535' }`. */
export interface Sysctl {
  /**
   * The parameter, e.g. `net.ipv4.tcp_syncookies`. The kubelet also reads slashes (`net/ipv4/tcp_syncookies`), but
   * Pod Security compares names exactly: only the dotted spelling of a safe sysctl passes the `baseline` level.
   */
  readonly name: string;
  /** Its value, as `sysctl -w` takes it. */
  readonly value: string;
}

/** A pod's security context, shared by its containers. */
export interface PodSecurityContext {
  /**
   * The user id of every container.
   * @default - the image's user
   */
  readonly runAsUser?: number;
  /**
   * The group id of every container.
   * @default - the image's group
   */
  readonly runAsGroup?: number;
  /**
   * Group that owns mounted volumes, so a non-root process can write to them.
   * @default - none
   */
  readonly fsGroup?: number;
  /**
   * When the kubelet gives mounted volumes to `fsGroup`; `OnRootMismatch` spares large volumes a walk of every
   * file on each start.
   * @default - the kubelet's: FsGroupChangePolicy.ALWAYS
   */
  readonly fsGroupChangePolicy?: FsGroupChangePolicy;
  /**
   * Further groups of every container's processes, besides their primary group (e.g. the group of a shared
   * volume).
   * @default - none
   */
  readonly supplementalGroups?: readonly number[];
  /**
   * Namespaced kernel parameters of the pod. The `baseline` Pod Security level admits only the safe ones
   * (validation reports the others for namespaces that enforce it); the rest also need the kubelet's
   * `--allowed-unsafe-sysctls`.
   * @default - none
   */
  readonly sysctls?: readonly Sysctl[];
  /**
   * Refuse to start containers whose image runs as root.
   * @default - not checked
   */
  readonly runAsNonRoot?: boolean;
  /**
   * The seccomp profile of every container.
   * @default - SeccompProfile.runtimeDefault() when the hardened defaults apply, else the runtime's setting
   */
  readonly seccompProfile?: SeccompProfile;
}

/** Renders a container security context, layering the user's settings over the hardened defaults. */
export function renderContainerSecurityContext(
  context: ContainerSecurityContext | undefined,
  hardened: boolean,
): Record<string, unknown> | undefined {
  const base: ContainerSecurityContext = hardened ? { allowPrivilegeEscalation: false } : {};
  const merged = { ...base, ...context };
  if (merged.privileged === true && merged.allowPrivilegeEscalation === false && context?.allowPrivilegeEscalation === undefined) {
    // A privileged container always escalates; the API server rejects privileged + no escalation.
    delete (merged as { allowPrivilegeEscalation?: boolean }).allowPrivilegeEscalation;
  }
  const names = (list: readonly Capability[] | undefined): string[] | undefined => (list && list.length > 0 ? list.map((capability) => capability.name) : undefined);
  const add = names(merged.capabilities?.add);
  const drop = names(merged.capabilities?.drop);
  const capabilities = add || drop ? { add, drop } : undefined;
  const rendered = { ...merged, capabilities };
  return Object.values(rendered).some((value) => value !== undefined) ? rendered : undefined;
}

/** Pod security fields whose rendered form differs from the prop. */
const RENDERED_POD_FIELDS: ReadonlySet<string> = new Set(['seccompProfile', 'supplementalGroups', 'sysctls']);

/** Renders a pod security context; the hardened default adds the runtime's seccomp profile. */
export function renderPodSecurityContext(
  context: PodSecurityContext | undefined,
  hardened: boolean,
): Record<string, unknown> | undefined {
  const seccompProfile = context?.seccompProfile?.toJson() ?? (hardened ? { type: 'RuntimeDefault' } : undefined);
  const supplementalGroups = context?.supplementalGroups !== undefined && context.supplementalGroups.length > 0 ? [...context.supplementalGroups] : undefined;
  const sysctls = context?.sysctls !== undefined && context.sysctls.length > 0 ? context.sysctls.map(({ name, value }) => ({ name, value })) : undefined;
  // Built from the defined fields only: deleting keys afterwards would turn the object into a slow dictionary.
  const rendered: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(context ?? {})) {
    if (value !== undefined && !RENDERED_POD_FIELDS.has(key)) rendered[key] = value;
  }
  if (seccompProfile !== undefined) rendered.seccompProfile = seccompProfile;
  if (supplementalGroups !== undefined) rendered.supplementalGroups = supplementalGroups;
  if (sysctls !== undefined) rendered.sysctls = sysctls;
  return Object.keys(rendered).length > 0 ? rendered : undefined;
}
