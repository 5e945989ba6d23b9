/**
 * The API server's checks of a pod's ports. Errors (k8s.io/kubernetes pkg/apis/core/validation checkHostPortConflicts
 * and validatePodHostNetworkDeps): the regular containers of a pod never open one protocol, host IP and host port
 * twice on the node, nor does any one init container; and with hostNetwork a regular container's host port, when
 * given, equals its container port. Warnings (pkg/api/pod warnings.go, which the server sends back on admission): a
 * container port and protocol declared twice in the pod, as all its containers share one network namespace and only
 * one of them can listen there; and a host IP without a host port. Within one container the same port and protocol
 * twice is an error: server-side apply (shipshape apply, `kubectl apply --server-side`) keys a container's ports by
 * them and refuses the object ("duplicate entries for key").
 *
 * With hostNetwork an unset host port is the container port: the server fills it in on every Pod (SetDefaults_Pod),
 * and since 1.28 no longer on pod templates (DefaultHostNetworkHostPortsInPodTemplates is off), so a template with
 * two containers on one port is admitted, and each of its pods refused. Both are reported here as the error they are.
 */
import { asArray, asRecord, asString } from '../private/json';
import { containersOf, type PodTemplate } from '../private/pod-templates';
import { refuse, type Report } from './report';

/** Runs the port rules on a pod template (or a Pod's own spec). */
export function checkPortRules(template: PodTemplate, report: Report): void {
  checkHostPorts(template, report);
  checkPortDefinitions(template, report);
}

/** A port as the server's warnings compare it: its field path, host port (0 when unset) and host IP ('' when unset). */
interface DeclaredPort {
  readonly path: string;
  /** The container's path: a second port of the same container and key is refused by server-side apply. */
  readonly container: string;
  readonly hostPort: number;
  readonly hostIP: string;
}

/** The server's port definition warnings, in its words, for every container of the pod (init and ephemeral too). */
function checkPortDefinitions(template: PodTemplate, report: Report): void {
  const declared = new Map<string, DeclaredPort[]>();
  for (const { container, path } of containersOf(template)) {
    asArray(container.ports).forEach((item, index) => {
      const port = asRecord(item);
      const containerPort = port?.containerPort;
      if (typeof containerPort !== 'number') return;
      const fieldPath = `${path}.ports[${index}]`;
      const hostPort = typeof port?.hostPort === 'number' ? port.hostPort : 0;
      const hostIP = asString(port?.hostIP) ?? '';
      if (hostIP !== '' && hostPort === 0) {
        warnPort(report, 'api/host-ip-without-host-port', fieldPath, hostIP, `${fieldPath} sets hostIP ${hostIP} without a hostPort, which does nothing`, 'Set hostPort too, or remove hostIP.');
      }
      const key = `${containerPort}/${asString(port?.protocol) ?? 'TCP'}`;
      const others = declared.get(key) ?? [];
      const sameContainer = others.find((other) => other.container === path);
      if (sameContainer !== undefined) {
        refuse(
          report,
          'api/duplicate-port-key',
          fieldPath,
          containerPort,
          `${fieldPath} declares ${key} again (also ${sameContainer.path}): server-side apply, which shipshape apply and \`kubectl apply --server-side\` use, keys a container's ports by containerPort and protocol and refuses the object`,
          'Declare each port and protocol of a container once.',
        );
      }
      for (const other of others) {
        const kind = hostIP === other.hostIP && hostPort === other.hostPort ? 'duplicate'
          : hostPort === 0 || other.hostPort === 0 ? 'overlapping'
            : hostPort === other.hostPort && (hostIP === '') !== (other.hostIP === '') ? 'dangerously ambiguous' : undefined;
        if (kind === undefined) continue;
        warnPort(
          report,
          'api/duplicate-port',
          fieldPath,
          containerPort,
          `${fieldPath}: ${kind} port definition with ${other.path} (the API server warns about it: a pod has one network namespace, so only one process can listen on ${key})`,
          'Declare each container port once per pod: give the containers different ports, or remove the second declaration.',
        );
      }
      others.push({ path: fieldPath, container: path, hostPort, hostIP });
      declared.set(key, others);
    });
  }
}

function warnPort(report: Report, ruleId: string, fieldPath: string, value: unknown, message: string, fix: string): void {
  report({ ruleId, severity: 'warning', fieldPath, value, message, fix });
}

/** The host port errors (see the top of the file). */
function checkHostPorts(template: PodTemplate, report: Report): void {
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
