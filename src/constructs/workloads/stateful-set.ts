/** A StatefulSet: pods with stable identities and a volume each, for databases and other stateful services. */
import { Construct } from 'constructs';
import { ClaimOptions, renderClaimSpec } from '../storage/persistent-volume-claim';
import { DisruptionBudgetOptions, PodDisruptionBudget } from './pod-disruption-budget';
import { NameRule, nameProblem } from '../private/names';
import { Service } from '../networking/service';
import { Volume } from '../storage/volume';
import { Workload, WorkloadProps } from './workload';

/** The order in which pods start and stop. */
export enum PodManagementPolicy {
  /** One at a time, in order: what most replicated databases expect. */
  ORDERED_READY = 'OrderedReady',
  /** All at once. */
  PARALLEL = 'Parallel',
}

/** How pods are replaced on a change. */
export enum StatefulSetUpdateStrategy {
  /** Automatically, one pod at a time from the highest ordinal down. */
  ROLLING_UPDATE = 'RollingUpdate',
  /** Only when a pod is deleted by hand. */
  ON_DELETE = 'OnDelete',
}

/** A volume claim template: each replica gets its own PersistentVolumeClaim from it. */
export interface VolumeClaimTemplate extends ClaimOptions {
  /** The claim's name; each replica's claim is `<name>-<statefulset>-<ordinal>`. */
  readonly name: string;
  /**
   * Where the first container mounts it.
   * @default - not mounted automatically; mount `statefulSet.claimVolume(name)` yourself
   */
  readonly mountPath?: string;
}

/** Props of a StatefulSet. */
export interface StatefulSetProps extends WorkloadProps {
  /**
   * The number of pods.
   * @default 1
   */
  readonly replicas?: number;
  /**
   * The governing headless Service that gives each pod its DNS name.
   * @default - a headless Service named `<name>-headless` publishing every container port
   */
  readonly service?: Service;
  /**
   * Claim templates: one PersistentVolumeClaim per replica and template.
   * @default - none
   */
  readonly volumeClaimTemplates?: readonly VolumeClaimTemplate[];
  /**
   * Start and stop order.
   * @default PodManagementPolicy.ORDERED_READY
   */
  readonly podManagementPolicy?: PodManagementPolicy;
  /**
   * Update strategy.
   * @default StatefulSetUpdateStrategy.ROLLING_UPDATE
   */
  readonly updateStrategy?: StatefulSetUpdateStrategy;
  /**
   * A PodDisruptionBudget; `false` for none.
   * @default - maxUnavailable 1 when the chart's `disruptionBudget` default is on
   */
  readonly disruptionBudget?: DisruptionBudgetOptions | false;
}

/** A StatefulSet (apps/v1) with its governing Service, claim templates and optional PodDisruptionBudget. */
export class StatefulSet extends Workload {
  /** The number of pods. */
  readonly replicas: number;
  /** The governing headless Service. */
  readonly service: Service;
  /** The disruption budget, if one was created. */
  readonly disruptionBudget: PodDisruptionBudget | undefined;
  readonly #props: StatefulSetProps;
  /** Claim template specs by name, checked and rendered once when added; in the order added. */
  readonly #claims = new Map<string, Record<string, unknown>>();
  readonly #claimVolumes = new Map<string, Volume>();

  constructor(scope: Construct, id: string, props: StatefulSetProps = {}) {
    // Pod names add "-<ordinal>" and the controller-revision-hash label adds a hash: keep room for both.
    super(scope, id, { apiVersion: 'apps/v1', kind: 'StatefulSet', nameRule: NameRule.DNS_LABEL, maxNameLength: 52, bodyKeys: ['spec'] }, props);
    this.#props = props;
    if (props.replicas !== undefined && (!Number.isInteger(props.replicas) || props.replicas < 0)) {
      this.fail('replicas', props.replicas, 'must be a whole number >= 0', 'Use 1, or 3 for a replicated database.');
    }
    this.replicas = props.replicas ?? 1;
    if (props.service !== undefined && !props.service.headless) {
      this.fail('service', props.service.name, 'is not headless', 'Create the governing Service with headless: true, or leave service out to get one.');
    }
    if (props.service === undefined && /^[0-9]/.test(this.name)) {
      this.fail(
        'name',
        this.name,
        `starts with a digit, so its governing Service "${this.name}-headless" would too, which Kubernetes before 1.36 (a default target) refuses`,
        'Give the StatefulSet a name (or id) that starts with a letter, or pass service: a headless Service of your own.',
      );
    }
    this.service = props.service ?? new Service(this, 'Headless', { name: `${this.name}-headless`, headless: true, selects: this, publishNotReadyAddresses: true });
    for (const template of props.volumeClaimTemplates ?? []) this.addVolumeClaimTemplate(template);
    this.disruptionBudget = PodDisruptionBudget.forWorkload(this, props.disruptionBudget, this.defaults.disruptionBudget);
  }

  /** Adds a claim template; with `mountPath`, the first container mounts it there. */
  addVolumeClaimTemplate(template: VolumeClaimTemplate): void {
    const field = `volumeClaimTemplates[${this.#claims.size}]`;
    const problem = nameProblem(template.name, NameRule.DNS_LABEL);
    if (problem !== undefined) this.fail(`${field}.name`, template.name, problem, 'Use a short name such as "data".');
    if (this.#claims.has(template.name)) this.fail(`${field}.name`, template.name, 'is already a claim template', 'Give each template its own name.');
    this.#claims.set(template.name, renderClaimSpec(template, { path: this.node.path, construct: 'StatefulSet', field }));
    if (template.mountPath !== undefined) {
      const first = this.containers[0];
      if (first === undefined) this.fail(`${field}.mountPath`, template.mountPath, 'has no container to mount into', 'Add containers before the claim template, or mount claimVolume() yourself.');
      first.mount(template.mountPath, this.claimVolume(template.name));
    }
  }

  /** The volume of a claim template, for mounting into containers. */
  claimVolume(name: string): Volume {
    if (!this.#claims.has(name)) {
      this.fail('claimVolume', name, 'is not a claim template of this StatefulSet', `Use one of ${JSON.stringify([...this.#claims.keys()])}.`);
    }
    // A stand-in that mounts refer to by name; renderBody drops it from the pod spec, since the
    // controller adds each replica's claim under that name.
    let volume = this.#claimVolumes.get(name);
    if (volume === undefined) {
      volume = Volume.fromEmptyDir(name);
      this.#claimVolumes.set(name, volume);
    }
    return volume;
  }

  protected renderBody(): Record<string, unknown> {
    const props = this.#props;
    const template = this.renderPodTemplate({ topologySpreadConstraints: this.spreadConstraints(this.replicas) }) as { spec: { volumes?: Array<{ name: string }> } };
    const volumes = template.spec.volumes?.filter((volume) => !this.#claims.has(volume.name));
    template.spec.volumes = volumes && volumes.length > 0 ? volumes : undefined;
    return {
      spec: {
        replicas: this.replicas,
        serviceName: this.service.name,
        selector: { matchLabels: { ...this.selectorLabels } },
        podManagementPolicy: props.podManagementPolicy ?? PodManagementPolicy.ORDERED_READY,
        updateStrategy: { type: props.updateStrategy ?? StatefulSetUpdateStrategy.ROLLING_UPDATE },
        template,
        volumeClaimTemplates: this.#claims.size > 0
          ? [...this.#claims].map(([name, spec]) => ({ metadata: { name, labels: { ...this.selectorLabels } }, spec: structuredClone(spec) }))
          : undefined,
      },
    };
  }

}
