/**
 * The best-practice checks, ported from kube-linter, kube-score and Polaris for the kinds shipshape
 * writes. Each has an id (for switching it off with a reason), a severity, a rationale and a fix.
 */
import type { Severity } from './problem';

/** One best-practice check. */
export interface PolicyCheck {
  readonly id: string;
  readonly severity: Severity;
  /** Why it matters, in one line. */
  readonly rationale: string;
  /** What to change. */
  readonly fix: string;
  /** The check it is ported from. */
  readonly origin: string;
}

function check(id: string, severity: Severity, rationale: string, fix: string, origin: string): PolicyCheck {
  return { id: `policy/${id}`, severity, rationale, fix, origin };
}

/** Every policy check, by id. */
export const POLICY_CHECKS = {
  resourceRequests: check('resource-requests', 'warning', 'Without CPU and memory requests the scheduler cannot place pods sensibly and they are evicted first.', 'Set resources.requests.cpu and resources.requests.memory.', 'kube-linter unset-cpu-requirements/unset-memory-requirements, kube-score container-resources'),
  memoryLimit: check('memory-limit', 'warning', 'Without a memory limit one leaking container can exhaust its node. (CPU limits are not required: they throttle, and Polaris and kube-score disagree on them.)', 'Set resources.limits.memory.', 'kube-linter unset-memory-requirements, Polaris memoryLimitsMissing'),
  readinessProbe: check('readiness-probe', 'warning', 'Without a readiness probe traffic reaches pods before they can serve it, and rollouts cannot tell a broken version.', 'Add a readinessProbe (httpGet, tcpSocket, grpc or exec).', 'kube-linter no-readiness-probe, Polaris readinessProbeMissing'),
  livenessProbe: check('liveness-probe', 'warning', 'Without a liveness probe a hung process is never restarted.', 'Add a livenessProbe that fails only when a restart would help.', 'kube-linter no-liveness-probe, Polaris livenessProbeMissing'),
  imageTag: check('image-tag', 'error', 'An image without a tag or with `latest` changes under you: deploys are not reproducible and rollbacks do not roll back.', 'Pin the image to a version tag or a digest, e.g. nginx:1.27.0 or nginx@sha256:...', 'kube-linter latest-tag, Polaris tagNotSpecified'),
  runAsRoot: check('run-as-root', 'error', 'A container that runs as UID 0 is root on the node if it escapes.', 'Set securityContext.runAsUser to a non-zero UID and runAsNonRoot: true.', 'kube-linter run-as-non-root, Polaris runAsRootAllowed'),
  runAsNonRoot: check('run-as-non-root', 'warning', 'Unless runAsNonRoot or a non-zero runAsUser is set, the image decides, and many images run as root.', 'Set securityContext.runAsNonRoot: true (pod or container) with an image that has a non-root USER.', 'kube-linter run-as-non-root, Polaris runAsRootAllowed'),
  privileged: check('privileged', 'error', 'A privileged container has every capability and all host devices: it is root on the node.', 'Remove securityContext.privileged, or add only the capabilities needed.', 'kube-linter privileged-container, Polaris privilegeEscalationAllowed'),
  privilegeEscalation: check('privilege-escalation', 'error', 'allowPrivilegeEscalation: true or CAP_SYS_ADMIN lets a process gain more privileges than its parent.', 'Set securityContext.allowPrivilegeEscalation: false and drop SYS_ADMIN.', 'kube-linter privilege-escalation-container'),
  privilegeEscalationUnset: check('privilege-escalation-unset', 'warning', 'allowPrivilegeEscalation defaults to true: setuid binaries in the image can still gain privileges.', 'Set securityContext.allowPrivilegeEscalation: false.', 'Polaris privilegeEscalationAllowed, kube-score container-security-context-privilege-escalation'),
  readOnlyRootFilesystem: check('read-only-root-filesystem', 'warning', 'A writable root filesystem lets an attacker drop tools into the container.', 'Set securityContext.readOnlyRootFilesystem: true and mount emptyDir volumes where the app writes.', 'kube-linter no-read-only-root-fs, Polaris notReadOnlyRootFilesystem'),
  hostNetwork: check('host-network', 'error', "A pod on the host network sees and binds the node's network interfaces.", 'Remove spec.hostNetwork.', 'kube-linter host-network, Polaris hostNetworkSet'),
  hostPid: check('host-pid', 'error', 'A pod in the host PID namespace sees and can signal every process of the node.', 'Remove spec.hostPID.', 'kube-linter host-pid, Polaris hostPIDSet'),
  hostIpc: check('host-ipc', 'error', 'A pod in the host IPC namespace can read the shared memory of every process of the node.', 'Remove spec.hostIPC.', 'kube-linter host-ipc, Polaris hostIPCSet'),
  deploymentSpread: check('deployment-spread', 'warning', 'Replicas without anti-affinity or topology spread can all land on one node and fail together.', 'Add spec.template.spec.topologySpreadConstraints (or podAntiAffinity) over kubernetes.io/hostname.', 'kube-linter no-anti-affinity, kube-score deployment-has-host-podantiaffinity'),
  deploymentPdb: check('deployment-pdb', 'warning', 'Without a PodDisruptionBudget a node drain may evict every replica at once.', 'Add a PodDisruptionBudget selecting the pods (e.g. maxUnavailable: 1).', 'kube-score deployment-has-poddisruptionbudget'),
  statefulSetPdb: check('statefulset-pdb', 'warning', 'Without a PodDisruptionBudget a node drain may evict stateful replicas faster than they can resync.', 'Add a PodDisruptionBudget selecting the pods (e.g. maxUnavailable: 1).', 'kube-score statefulset-has-poddisruptionbudget'),
  secretInEnv: check('secret-in-env', 'error', 'A secret written as an env literal is stored in plain text in the workload spec, visible to anyone who can read it.', 'Move the value into a Secret and use env[].valueFrom.secretKeyRef.', 'kube-linter env-var-secret'),
} as const satisfies Record<string, PolicyCheck>;
