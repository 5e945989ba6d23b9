/** A Pod: one or more containers scheduled together. Pods die easily; prefer a Deployment or StatefulSet. */
import { Construct } from 'constructs';
import { NameRule } from '../private/names';
import { Workload, WorkloadProps } from './workload';

/** What the kubelet does when a container exits. */
export enum RestartPolicy {
  ALWAYS = 'Always',
  ON_FAILURE = 'OnFailure',
  NEVER = 'Never',
}

/** Props of a Pod. */
export interface PodProps extends WorkloadProps {
  /**
   * Restart behaviour.
   * @default RestartPolicy.ALWAYS
   */
  readonly restartPolicy?: RestartPolicy;
}

/** A bare Pod (v1). Nothing recreates it when its node fails. */
export class Pod extends Workload {
  readonly #props: PodProps;

  constructor(scope: Construct, id: string, props: PodProps = {}) {
    super(scope, id, { apiVersion: 'v1', kind: 'Pod', nameRule: NameRule.DNS_SUBDOMAIN, bodyKeys: ['spec'] }, props);
    this.#props = props;
  }

  protected renderBody(): Record<string, unknown> {
    for (const [key, value] of Object.entries(this.podLabels())) this.apiObject.metadata.addLabel(key, value);
    for (const [key, value] of Object.entries(this.podAnnotations() ?? {})) this.apiObject.metadata.addAnnotation(key, value);
    return { spec: this.renderPodSpec({ restartPolicy: this.#props.restartPolicy }) };
  }
}
