/**
 * Where the offline validator (src/validate) is stricter than kube-apiserver 1.36, and why.
 * The cluster suite checks this record both ways: a broken corpus file listed here must be
 * accepted by the server, and every other broken file must be rejected by it.
 *
 * Keys are a corpus file (`broken/<name>.yaml`) or a whole rule family (`policy/*`); a file entry
 * overrides its family's. The value says why the server accepts the file, or is null for a file
 * the server rejects although its family is listed.
 */
export const SERVER_DOES_NOT_ENFORCE: Readonly<Record<string, string | null>> = {
  'policy/*': 'best practices: the API server enforces none of them on workloads (Pod Security admission checks Pods, which only controllers create)',
  'reference/*': 'references between objects are not checked by the API server: a Deployment may name a ConfigMap created later',
  // NamespaceLifecycle admission rejects objects in a Namespace that does not exist.
  'broken/ref-missing-namespace.yaml': null,
  'broken/api-env-name-digit.yaml':
    'Kubernetes 1.34+ accepts any printable ASCII environment variable name except "=" (RelaxedEnvironmentVariableValidation); 1.27, which the validator also targets, does not',
  'broken/api-service-name-digit.yaml':
    'Kubernetes 1.36 accepts Service names starting with a digit (RelaxedServiceNameValidation: alpha and off in 1.34-1.35, beta and on in 1.36); 1.27 does not, and the validator refuses it for 1.27 only',
  'broken/schema-int32-replicas.yaml':
    'server-side apply truncates 99999999999 to an int32 (1215752191) instead of rejecting it; `kubectl create` rejects it. The validator is right to reject it',
  'broken/api-duplicate-host-network-port.yaml':
    'since 1.28 the server no longer fills in host ports on pod templates (DefaultHostNetworkHostPortsInPodTemplates), so it admits the Deployment and refuses each of its Pods (Duplicate value "TCP//8080"); the 1.27 server refuses the Deployment itself',
  'broken/yaml-duplicate-key.yaml': 'kubectl reads YAML with duplicate keys (the last one wins); the validator rejects the ambiguity',
};
