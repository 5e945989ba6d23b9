/**
 * The API server's checks of a pod's sysctls (k8s.io/kubernetes pkg/apis/core/validation validateSysctls and
 * ValidateHostSysctl): names in sysctl syntax, each name once, and no sysctl of a namespace the pod shares with
 * the node (a network sysctl with hostNetwork, an IPC sysctl with hostIPC), since setting it would change the
 * node's own kernel parameter. The namespaces are those of k8s.io/component-helpers node/util/sysctl.
 */
import { isSysctlName, SYSCTL_NAME_MAX_LENGTH, sysctlNamespace } from '../../manifest/sysctl-names';
import type { KubernetesVersion } from '../options';
import { asArray, asRecord, asString } from '../private/json';
import type { PodTemplate } from '../private/pod-templates';
import { refuse, type Report } from './report';

/** Runs the sysctl rules on a pod template (or a Pod's own spec). */
export function checkSysctlRules(template: PodTemplate, versions: readonly KubernetesVersion[], report: Report): void {
  const sysctls = asArray(asRecord(template.spec.securityContext)?.sysctls);
  if (sysctls.length === 0) return;
  const hostNetwork = template.spec.hostNetwork === true;
  const hostIpc = template.spec.hostIPC === true;
  const seen = new Set<string>();
  sysctls.forEach((item, index) => {
    const name = asString(asRecord(item)?.name);
    if (name === undefined) return;
    const path = `${template.specPath}.securityContext.sysctls[${index}].name`;
    if (!isSysctlName(name)) {
      refuse(
        report,
        'api/sysctl-name',
        path,
        name,
        `${path} must be a sysctl name of at most ${SYSCTL_NAME_MAX_LENGTH} characters: lower-case letters, digits, "-" and "_", in segments joined by "." or "/"`,
        'Write the parameter as sysctl -a lists it, e.g. "net.ipv4.ip_local_port_range".',
      );
    } else if (seen.has(name)) {
      refuse(report, 'api/duplicate-sysctl', path, name, `${path} sets ${JSON.stringify(name)}, which an earlier sysctl of the pod already sets`, 'Set each sysctl once.');
    }
    seen.add(name);
    const namespace = sysctlNamespace(name);
    const shared = namespace === 'network' ? hostNetwork : namespace === 'IPC' ? hostIpc : false;
    if (namespace === undefined || !shared) return;
    const hostField = namespace === 'network' ? 'hostNetwork' : 'hostIPC';
    for (const version of versions) {
      // The 1.27 API server does not check this (the check came with kubernetes/kubernetes#118705): it accepts the
      // pod, and the kubelet refuses to run it ("forbidden sysctl: ... not allowed with host net enabled").
      const refused = version !== '1.27';
      report({
        ruleId: 'api/sysctl-host-namespace',
        severity: refused ? 'error' : 'warning',
        kubernetesVersion: version,
        fieldPath: path,
        value: name,
        message: refused
          ? `${path} sets ${JSON.stringify(name)}, a sysctl of the ${namespace} namespace, which may not be specified when '${hostField}' is true`
          : `${path} sets ${JSON.stringify(name)}, a sysctl of the ${namespace} namespace, while '${hostField}' is true (the ${version} API server accepts this, but the kubelet refuses to run the pod: "not allowed with host ${namespace === 'network' ? 'net' : 'ipc'} enabled")`,
        fix: `Remove the sysctl (with ${hostField} the pod shares the node's ${namespace} namespace, so it would change the node's own setting), or remove ${hostField}: true.`,
      });
    }
  });
}
