/**
 * Defaults for the workloads of a chart. They are safe for availability and security, and every one
 * can be changed per environment, per chart or per object, or removed with `false`.
 */
import { Cpu, ContainerResources } from '../workloads/resources';
import { Size } from 'cdk8s';

/** Settings that environments and charts can give to every workload inside them. */
export interface WorkloadDefaults {
  /**
   * Replicas of a Deployment that does not set its own.
   * @default 2
   */
  readonly replicas?: number;
  /**
   * Resources of a container that does not set its own; `false` writes none.
   * @default - requests 100m CPU and 128Mi memory, limits 500m CPU and 256Mi memory
   */
  readonly resources?: ContainerResources | false;
  /**
   * Spread replicas across nodes (a soft topology spread constraint on `kubernetes.io/hostname`).
   * @default true
   */
  readonly spreadAcrossNodes?: boolean;
  /**
   * Spread replicas across availability zones too (a soft topology spread constraint on
   * `topology.kubernetes.io/zone`), so that losing a zone leaves replicas elsewhere. Off by default because
   * single-zone clusters gain nothing from it; switch it on per environment for multi-zone production.
   * @default false
   */
  readonly spreadAcrossZones?: boolean;
  /**
   * Give Deployments with 2 or more replicas, and every StatefulSet, a PodDisruptionBudget that lets one pod
   * go at a time.
   * @default true
   */
  readonly disruptionBudget?: boolean;
  /**
   * Add TCP startup, readiness and liveness probes on the first port of a container that has none of its own.
   * @default true
   */
  readonly probes?: boolean;
  /**
   * Forbid privilege escalation and use the runtime's default seccomp profile. Images that need root still run.
   * @default true
   */
  readonly hardenedSecurityContext?: boolean;
  /**
   * Mount the service account token into pods; most applications never call the Kubernetes API.
   * @default false
   */
  readonly automountServiceAccountToken?: boolean;
  /**
   * Accept images tagged `latest` (or untagged, which means the same).
   * @default false
   */
  readonly allowLatestTag?: boolean;
}

/** The defaults that apply when nothing overrides them. */
export const BUILT_IN_DEFAULTS: Required<WorkloadDefaults> = {
  replicas: 2,
  resources: {
    requests: { cpu: Cpu.millis(100), memory: Size.mebibytes(128) },
    limits: { cpu: Cpu.millis(500), memory: Size.mebibytes(256) },
  },
  spreadAcrossNodes: true,
  spreadAcrossZones: false,
  disruptionBudget: true,
  probes: true,
  hardenedSecurityContext: true,
  automountServiceAccountToken: false,
  allowLatestTag: false,
};

/** Layers defaults: later layers override earlier ones key by key. */
export function mergeDefaults(...layers: ReadonlyArray<WorkloadDefaults | undefined>): Required<WorkloadDefaults> {
  const merged: Record<string, unknown> = { ...BUILT_IN_DEFAULTS };
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer ?? {})) {
      if (value !== undefined) merged[key] = value;
    }
  }
  return merged as unknown as Required<WorkloadDefaults>;
}
