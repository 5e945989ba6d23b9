/**
 * The API server's checks of a pod's host ports (k8s.io/kubernetes pkg/apis/core/validation checkHostPortConflicts
 * and validateHostNetwork): no two ports of the pod's containers open the same protocol, host IP and host port on
 * the node, and with hostNetwork a host port equals its container port (the server fills in an unset one).
 */
import { asArray, asRecord, asString } from '../private/json';
import { containersOf, type PodTemplate } from '../private/pod-templates';
import { refuse, type Report } from './report';

/** Runs the host port rules on a pod template (or a Pod's own spec). */
export function checkHostPortRules(template: PodTemplate, report: Report): void {
  const hostNetwork = template.spec.hostNetwork === true;
  const opened = new Map<string, string>();
  for (const { container, path, list } of containersOf(template)) {
    if (list === 'ephemeralContainers') continue;
    asArray(container.ports).forEach((item, index) => {
      const port = asRecord(item);
      const hostPort = port?.hostPort;
      if (typeof hostPort !== 'number' || hostPort === 0) return;
      const fieldPath = `${path}.ports[${index}].hostPort`;
      if (hostNetwork && hostPort !== port?.containerPort) {
        refuse(
          report,
          'api/host-network-port',
          fieldPath,
          hostPort,
          `${fieldPath} must match containerPort (${String(port?.containerPort)}) when hostNetwork is true`,
          'Leave hostPort out: with hostNetwork the container port is the node\'s port.',
        );
      }
      // Only the regular containers share the node's ports at once; init containers run before them.
      if (list !== 'containers') return;
      const key = `${asString(port?.protocol) ?? 'TCP'}/${asString(port?.hostIP) ?? ''}/${hostPort}`;
      const earlier = opened.get(key);
      if (earlier === undefined) {
        opened.set(key, fieldPath);
        return;
      }
      refuse(report, 'api/duplicate-host-port', fieldPath, hostPort, `${fieldPath} opens ${key} on the node, which ${earlier} already opens`, 'Open each host port once per pod (per protocol and host IP).');
    });
  }
}
