/** Security settings of containers and pods. */

/** Linux capabilities to add to or drop from a container. */
export interface Capabilities {
  /**
   * Capabilities to add, e.g. `NET_BIND_SERVICE`.
   * @default - none
   */
  readonly add?: readonly string[];
  /**
   * Capabilities to drop, e.g. `ALL`.
   * @default - none
   */
  readonly drop?: readonly string[];
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
   * Refuse to start containers whose image runs as root.
   * @default - not checked
   */
  readonly runAsNonRoot?: boolean;
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
  const capabilities = merged.capabilities
    ? { add: merged.capabilities.add ? [...merged.capabilities.add] : undefined, drop: merged.capabilities.drop ? [...merged.capabilities.drop] : undefined }
    : undefined;
  const rendered = { ...merged, capabilities };
  return Object.values(rendered).some((value) => value !== undefined) ? rendered : undefined;
}

/** Renders a pod security context; the hardened default adds the runtime's seccomp profile. */
export function renderPodSecurityContext(
  context: PodSecurityContext | undefined,
  hardened: boolean,
): Record<string, unknown> | undefined {
  const rendered = { ...(hardened ? { seccompProfile: { type: 'RuntimeDefault' } } : {}), ...context };
  return Object.keys(rendered).length > 0 ? rendered : undefined;
}
