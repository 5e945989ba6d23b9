/**
 * The API server's checks of a pod's host ports (k8s.io/kubernetes pkg/apis/core/validation checkHostPortConflicts
 * and validatePodHostNetworkDeps): the regular containers of a pod never open one protocol, host IP and host port
 * twice on the node, nor does any one init container; and with hostNetwork a regular container's host port, when
 * given, equals its container port.
 *
 * With hostNetwork an unset host port is the container port: the server fills it in on every Pod (SetDefaults_Pod),
 * and since 1.28 no longer on pod templates (DefaultHostNetworkHostPortsInPodTemplates is off), so a template with
 * two containers on one port is admitted, and each of its pods refused. Both are reported here as the error they are.
 */
import { asArray, asRecord, asString } from '../private/json';
import { containersOf, type PodTemplate } from '../private/pod-templates';
import { refuse, type Report } from './report';

/** Runs the host port rules on a pod template (or a Pod's own spec). */
export function checkHostPortRules(template: PodTemplate, report: Report): void {
  const hostNetwork = template.spec.hostNetwork === true;
  const openedByContainers = new Map<string, string>();
  for (const { container, path, list } of containersOf(template)) {
    if (list === 'ephemeralContainers') continue;
    // The regular containers run together and share the node's ports; each init container runs alone.
    const opened = list === 'containers' ? openedByContainers : new Map<string, string>();
    asArray(container.ports).forEach((item, index) => {
      const port = asRecord(item);
      const given = typeof port?.hostPort === 'number' && port.hostPort !== 0 ? port.hostPort : undefined;
      const fieldPath = `${path}.ports[${index}].hostPort`;
      if (hostNetwork && list === 'containers' && given !== undefined && given !== port?.containerPort) {
        refuse(
          report,
          'api/host-network-port',
          fieldPath,
          given,
          `${fieldPath} must match containerPort (${String(port?.containerPort)}) when hostNetwork is true`,
          'Leave hostPort out: with hostNetwork the container port is the node\'s port.',
        );
      }
      const hostPort = given ?? (hostNetwork && typeof port?.containerPort === 'number' ? port.containerPort : undefined);
      if (hostPort === undefined) return;
      const key = `${asString(port?.protocol) ?? 'TCP'}/${asString(port?.hostIP) ?? ''}/${hostPort}`;
      const earlier = opened.get(key);
      if (earlier === undefined) {
        opened.set(key, fieldPath);
        return;
      }
      const implied = given === undefined ? ` (with hostNetwork, containerPort ${hostPort} is opened on the node)` : '';
      refuse(
        report,
        'api/duplicate-host-port',
        fieldPath,
        hostPort,
        `${fieldPath} opens ${key} on the node${implied}, which ${earlier} already opens, so the API server refuses the pods`,
        hostNetwork ? 'Give each container of a pod on the host network its own ports.' : 'Open each host port once per pod (per protocol and host IP).',
      );
    });
  }
}
