/**
 * What the API server enforces beyond the OpenAPI schema (its Go validation code): name and label
 * syntax, port names, images, unique names, selectors that match their templates, env var names,
 * PriorityClass names and values, and (`checkApiServerSetRules`) one default PriorityClass per set.
 */
import type { KubernetesVersion } from './options';
import type { Finding } from './private/collector';
import { asArray, asRecord, asString, asStringMap, fieldAppend } from './private/json';
import { isEmptySelector, labelSelectorMatches } from './private/label-selector';
import {
  dns1035LabelError,
  dns1123LabelError,
  dns1123SubdomainError,
  envVarNameError,
  labelValueError,
  pathSegmentNameError,
  portNameError,
  qualifiedNameError,
} from './private/name-syntax';
import type { ObjectEntry } from './private/object-entry';
import { NameRule, suggestName } from '../manifest/name-rules';
import { containersOf, podTemplateOf, type PodTemplate } from './private/pod-templates';
import { checkAccessRules } from './api-server/access-rules';
import { minorOf, refuse } from './api-server/report';
import { checkConfigRules } from './api-server/config-rules';
import { checkPortRules } from './api-server/port-rules';
import { checkNetworkRules } from './api-server/network-rules';
import { checkPodSpecRules, checkProcMount } from './api-server/pod-spec-rules';
import { checkPriorityClassDefaults, checkPriorityClassRules } from './api-server/scheduling-rules';
import { checkSysctlRules } from './api-server/sysctl-rules';
import { checkWorkloadRules } from './api-server/workload-rules';

type Report = (finding: Finding) => void;

const SELECTOR_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet']);

/** Runs every API-server rule on one object. */
export function checkApiServerRules(entry: ObjectEntry, versions: readonly KubernetesVersion[], report: Report): void {
  checkMetadata(entry, versions, report);
  const template = podTemplateOf(entry);
  if (template !== undefined) {
    if (template.specPath !== 'spec') checkLabels(template.labels, `${template.metadataPath}.labels`, report);
    checkPodSpec(template, versions, report);
    checkPodSpecRules(template, report);
    checkSysctlRules(template, versions, report);
    checkPortRules(template, report);
    checkProcMount(template, versions, report);
    if (SELECTOR_KINDS.has(entry.ref.kind)) {
      checkWorkloadSelector(entry, template, report);
      const restartPolicy = template.spec.restartPolicy;
      if (restartPolicy !== undefined && restartPolicy !== 'Always') {
        report({
          ruleId: 'api/restart-policy',
          severity: 'error',
          fieldPath: `${template.specPath}.restartPolicy`,
          value: restartPolicy,
          message: `a ${entry.ref.kind} only accepts restartPolicy Always`,
          fix: 'Remove restartPolicy, or use a Job for run-to-completion work.',
        });
      }
    }
  }
  // The rules of api-server/ read the stable API shapes; an older beta shape is refused as not served anyway.
  if (isStableApi(entry)) {
    checkWorkloadRules(entry, versions, report);
    checkNetworkRules(entry, versions, report);
    checkAccessRules(entry, versions, report);
    checkConfigRules(entry, report);
    checkPriorityClassRules(entry, report);
  }
  switch (entry.ref.kind) {
    case 'Service':
      checkService(entry, report);
      break;
    case 'ConfigMap':
    case 'Secret':
      checkDataKeys(entry, report);
      break;
    case 'PodDisruptionBudget': {
      const spec = asRecord(entry.object.spec);
      if (spec?.minAvailable !== undefined && spec.maxUnavailable !== undefined) {
        report({
          ruleId: 'api/pdb-min-and-max',
          severity: 'error',
          fieldPath: 'spec.maxUnavailable',
          message: 'a PodDisruptionBudget may set minAvailable or maxUnavailable, not both',
          fix: 'Remove one of spec.minAvailable and spec.maxUnavailable.',
        });
      }
      break;
    }
    case 'HorizontalPodAutoscaler': {
      const spec = asRecord(entry.object.spec);
      if (typeof spec?.minReplicas === 'number' && typeof spec.maxReplicas === 'number' && spec.minReplicas > spec.maxReplicas) {
        report({
          ruleId: 'api/hpa-replica-range',
          severity: 'error',
          fieldPath: 'spec.minReplicas',
          value: spec.minReplicas,
          message: `spec.minReplicas must not exceed spec.maxReplicas (${spec.maxReplicas})`,
          fix: 'Lower spec.minReplicas or raise spec.maxReplicas.',
        });
      }
      break;
    }
    default:
  }
}

/**
 * Runs what the API server checks on a custom resource besides its CRD's schema: ObjectMeta only (name a DNS-1123
 * subdomain, namespace, labels, annotation keys), as apiextensions-apiserver's validator does. The rules of built-in
 * kinds do not apply, even to a custom kind that shares a built-in kind's name (Knative's `Service`, Volcano's `Job`).
 */
export function checkCustomResourceMetadata(entry: ObjectEntry, versions: readonly KubernetesVersion[], report: Report): void {
  checkMetadata(entry, versions, report, true);
}

/** Runs the API-server rules that read the whole set of objects: one default PriorityClass per cluster. */
export function checkApiServerSetRules(entries: readonly ObjectEntry[], report: (entry: ObjectEntry, finding: Finding) => void): void {
  checkPriorityClassDefaults(entries, report);
}

/**
 * Fields the server writes, which an object exported with `kubectl get -o yaml` carries: server-side apply (which
 * shipshape apply uses) refuses `managedFields` always and `uid` unless that very object exists. A warning: `kubectl
 * create` and client-side apply accept both.
 */
function checkExportedMetadata(metadata: Readonly<Record<string, unknown>> | undefined, report: Report): void {
  const fields = (['managedFields', 'uid'] as const).filter((field) => metadata?.[field] !== undefined && metadata[field] !== null);
  if (fields.length === 0) return;
  report({
    ruleId: 'api/exported-object',
    severity: 'warning',
    fieldPath: `metadata.${fields[0] ?? ''}`,
    message:
      `metadata.${fields.join(' and metadata.')} ${fields.length === 1 ? 'is' : 'are'} set (the object looks exported with kubectl get -o yaml): server-side apply, which shipshape apply ` +
      `uses, refuses ${fields.includes('managedFields') ? 'managedFields ("metadata.managedFields must be nil")' : ''}${fields.length === 2 ? ' and ' : ''}${fields.includes('uid') ? 'a uid no existing object has ("uid mismatch")' : ''}`,
    fix: 'Remove the fields the server writes: managedFields, uid, resourceVersion, creationTimestamp, generation and status.',
  });
}

function checkMetadata(entry: ObjectEntry, versions: readonly KubernetesVersion[], report: Report, custom = false): void {
  const metadata = asRecord(entry.object.metadata);
  const name = entry.name;
  if (name === undefined) {
    if (asString(metadata?.generateName) === undefined) {
      report({
        ruleId: 'api/name-required',
        severity: 'error',
        fieldPath: 'metadata.name',
        message: `${entry.ref.kind} has no metadata.name`,
        fix: 'Set metadata.name (or metadata.generateName for objects created, not applied).',
      });
    }
  } else if (!custom && entry.ref.kind === 'Service' && dns1123LabelError(name) === undefined && dns1035LabelError(name) !== undefined) {
    // A DNS-1123 label that starts with a digit: Kubernetes 1.36 accepts it (RelaxedServiceNameValidation, beta and
    // on by default since 1.36; alpha and off in 1.34 and 1.35), earlier versions require a DNS-1035 label.
    for (const version of versions.filter((candidate) => minorOf(candidate) < 36)) {
      report({
        ruleId: 'api/name',
        severity: 'error',
        kubernetesVersion: version,
        fieldPath: 'metadata.name',
        value: name,
        message: `metadata.name ${dns1035LabelError(name)} (Service names must be a DNS-1035 label before Kubernetes 1.36)`,
        fix: `Rename it to start with a letter, e.g. ${JSON.stringify(suggestName(name, NameRule.DNS_1035_LABEL))}, or target Kubernetes 1.36 or later only.`,
      });
    }
  } else {
    // A name that no target accepts is one problem, named after the strictest rule the targets apply (the
    // Service rule is the only one that differs between versions, and is strictest before 1.36).
    const strictest = versions.reduce<KubernetesVersion | undefined>((earliest, version) => (earliest === undefined || version < earliest ? version : earliest), undefined) ?? '1.36';
    const [rule, ruleName, error] = custom ? ['a DNS-1123 subdomain', NameRule.DNS_SUBDOMAIN, dns1123SubdomainError(name)] as const : nameRule(entry.ref.kind, strictest, name);
    if (error !== undefined) {
      report({
        ruleId: 'api/name',
        severity: 'error',
        fieldPath: 'metadata.name',
        value: name,
        message: `metadata.name ${error} (${entry.ref.kind} names must be ${rule})`,
        fix: `Rename it to ${rule}${suggestionOf(name, ruleName)}.`,
      });
    }
  }
  const namespace = entry.namespace;
  const namespaceError = namespace === undefined ? undefined : dns1123LabelError(namespace);
  if (namespaceError !== undefined) {
    report({
      ruleId: 'api/namespace-name',
      severity: 'error',
      fieldPath: 'metadata.namespace',
      value: namespace,
      message: `metadata.namespace ${namespaceError}`,
      fix: `Use a DNS-1123 label${suggestionOf(namespace ?? '', NameRule.DNS_LABEL)}.`,
    });
  }
  checkLabels(entry.labels, 'metadata.labels', report);
  checkExportedMetadata(metadata, report);
  for (const key of Object.keys(asRecord(metadata?.annotations) ?? {})) {
    const error = qualifiedNameError(key);
    if (error !== undefined) {
      report({
        ruleId: 'api/annotation-key',
        severity: 'error',
        fieldPath: fieldAppend('metadata.annotations', key),
        message: `annotation key ${JSON.stringify(key)} ${error}`,
        fix: 'Use a key like example.com/some-name.',
      });
    }
  }
}

function isStableApi(entry: ObjectEntry): boolean {
  const version = entry.ref.apiVersion.slice(entry.ref.apiVersion.indexOf('/') + 1);
  return entry.group !== 'extensions' && !/(alpha|beta)\d*$/.test(version);
}

const PATH_SEGMENT_NAME_KINDS = new Set(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding', 'PodDisruptionBudget']);

/**
 * The name rule of a kind: most names are DNS-1123 subdomains; Namespaces are labels; RBAC objects are
 * path segments (so `system:aggregated-metrics-reader` is valid), and so are PodDisruptionBudgets; Service names are DNS-1035 labels before
 * 1.36 and DNS-1123 labels (may start with a digit) from 1.36 (RelaxedServiceNameValidation: alpha, off, in 1.34
 * and 1.35; beta and on by default in 1.36).
 */
function nameRule(kind: string, version: KubernetesVersion, name: string): [string, NameRule, string | undefined] {
  if (kind === 'Namespace') return ['a DNS-1123 label', NameRule.DNS_LABEL, dns1123LabelError(name)];
  if (kind === 'Service') {
    return version >= '1.36' ? ['a DNS-1123 label', NameRule.DNS_LABEL, dns1123LabelError(name)] : ['a DNS-1035 label', NameRule.DNS_1035_LABEL, dns1035LabelError(name)];
  }
  if (PATH_SEGMENT_NAME_KINDS.has(kind)) return ['a path segment', NameRule.PATH_SEGMENT, pathSegmentNameError(name)];
  return ['a DNS-1123 subdomain', NameRule.DNS_SUBDOMAIN, dns1123SubdomainError(name)];
}

/** `, e.g. "<name>"` with the name that constructs suggest too (src/manifest/name-rules.ts), or nothing when none is left. */
function suggestionOf(name: string, rule: NameRule): string {
  const suggestion = suggestName(name, rule);
  return suggestion === undefined ? '' : `, e.g. ${JSON.stringify(suggestion)}`;
}

/** Checks label keys and values (metadata, templates, selectors share the syntax). */
function checkLabels(labels: Readonly<Record<string, string>>, path: string, report: Report): void {
  for (const key in labels) {
    const value = labels[key] ?? '';
    const keyError = qualifiedNameError(key);
    const valueError = labelValueError(value);
    if (keyError === undefined && valueError === undefined) continue;
    report({
      ruleId: 'api/label',
      severity: 'error',
      fieldPath: fieldAppend(path, key),
      value,
      message: keyError === undefined ? `label value ${valueError}` : `label key ${JSON.stringify(key)} ${keyError}`,
      fix: 'Label keys are [prefix/]name with a name of at most 63 characters; values are at most 63 letters, digits, "-", "_" or ".".',
    });
  }
}

function checkPodSpec(template: PodTemplate, versions: readonly KubernetesVersion[], report: Report): void {
  const containerNames = new Map<string, string>();
  const portNames = new Map<string, string>();
  const volumeNames = new Set<string>();
  for (const item of asArray(template.spec.volumes)) {
    const name = asString(asRecord(item)?.name);
    if (name !== undefined) volumeNames.add(name);
  }
  // A StatefulSet's claim templates are volumes too: the controller adds one per replica under that name.
  for (const item of asArray(asRecord(template.entry.object.spec)?.volumeClaimTemplates)) {
    const name = asString(asRecord(asRecord(item)?.metadata)?.name);
    if (name !== undefined) volumeNames.add(name);
  }
  for (const { container, path, list } of containersOf(template)) {
    const name = asString(container.name);
    if (name !== undefined) {
      const error = dns1123LabelError(name);
      if (error !== undefined) {
        report({ ruleId: 'api/container-name', severity: 'error', fieldPath: `${path}.name`, value: name, message: `container name ${error}`, fix: 'Use a DNS-1123 label such as "web".' });
      }
      const earlier = containerNames.get(name);
      if (earlier !== undefined) {
        report({
          ruleId: 'api/duplicate-container-name',
          severity: 'error',
          fieldPath: `${path}.name`,
          value: name,
          message: `container name ${JSON.stringify(name)} is already used by ${earlier}`,
          fix: 'Give every container and init container of a pod its own name.',
        });
      } else containerNames.set(name, path);
    }
    if (list === 'initContainers' && container.restartPolicy === 'Always') {
      for (const version of versions) {
        if (minorOf(version) >= 29) continue;
        report({
          ruleId: 'api/native-sidecar-version',
          severity: 'error',
          kubernetesVersion: version,
          fieldPath: `${path}.restartPolicy`,
          value: 'Always',
          message: `native sidecar containers (init containers with restartPolicy Always) need Kubernetes 1.29 or later; ${version} drops the field and waits forever for the container to finish`,
          fix: 'Target Kubernetes 1.29 or later only (e.g. --kubernetes-version 1.36), or run the sidecar as a regular container.',
        });
      }
    }
    const context = asRecord(container.securityContext);
    if (context?.privileged === true && context.allowPrivilegeEscalation === false) {
      report({
        ruleId: 'api/privileged-escalation-conflict',
        severity: 'error',
        fieldPath: `${path}.securityContext.allowPrivilegeEscalation`,
        value: false,
        message: 'a privileged container cannot forbid privilege escalation (the API server rejects the pair)',
        fix: 'Remove privileged: true (preferred) or allowPrivilegeEscalation: false.',
      });
    }
    const image = container.image;
    if (list !== 'ephemeralContainers' && (typeof image !== 'string' || image.trim() === '')) {
      report({
        ruleId: 'api/image-required',
        severity: 'error',
        fieldPath: `${path}.image`,
        value: image,
        message: `container ${name === undefined ? '' : `${JSON.stringify(name)} `}has no image`,
        fix: 'Set image to a registry reference with a tag or digest, e.g. "nginx:1.27.0".',
      });
    }
    asArray(container.ports).forEach((item, index) => {
      checkPortNumber(asRecord(item)?.containerPort, `${path}.ports[${index}].containerPort`, report);
      checkPortNumber(asRecord(item)?.hostPort, `${path}.ports[${index}].hostPort`, report);
      const portName = asString(asRecord(item)?.name);
      if (portName === undefined) return;
      const portPath = `${path}.ports[${index}].name`;
      const error = portNameError(portName);
      if (error !== undefined) {
        report({ ruleId: 'api/port-name', severity: 'error', fieldPath: portPath, value: portName, message: `port name ${error}`, fix: 'Use a short IANA service name such as "http" or "metrics" (at most 15 characters).' });
      }
      const earlier = portNames.get(portName);
      if (earlier === undefined) {
        portNames.set(portName, portPath);
      } else if (earlier.startsWith(`${path}.`)) {
        // The API server rejects a port name used twice in one container.
        report({ ruleId: 'api/duplicate-port-name', severity: 'error', fieldPath: portPath, value: portName, message: `port name ${JSON.stringify(portName)} is already used by ${earlier}`, fix: 'Give every port of a container its own name.' });
      } else {
        // Across containers the server accepts it, but a Service targetPort or probe naming it becomes ambiguous.
        report({ ruleId: 'reference/ambiguous-port-name', severity: 'warning', fieldPath: portPath, value: portName, message: `port name ${JSON.stringify(portName)} is also used by ${earlier}, so a Service or probe naming it is ambiguous`, fix: 'Give the ports of different containers different names.' });
      }
    });
    const envNames = new Map<string, number>();
    asArray(container.env).forEach((item, index) => {
      const envName = asString(asRecord(item)?.name);
      if (envName === undefined) return;
      const earlier = earlierIndex(envNames, envName, index);
      // The server accepts it with a warning, but server-side apply keys env by name and refuses the object.
      if (earlier !== undefined) {
        refuse(report, 'api/duplicate-env', `${path}.env[${index}].name`, envName,
          `${path}.env[${index}] sets ${JSON.stringify(envName)} again (also ${path}.env[${earlier}]): server-side apply, which shipshape apply and \`kubectl apply --server-side\` use, keys env by name and refuses the object ("duplicate entries for key"); other ways of applying keep only the last value`,
          'Set each environment variable of a container once.');
      }
      for (const version of versions) {
        const error = envVarNameError(envName, version >= '1.34');
        if (error !== undefined) {
          report({
            ruleId: 'api/env-name',
            severity: 'error',
            kubernetesVersion: version,
            fieldPath: `${path}.env[${index}].name`,
            value: envName,
            message: `environment variable name ${error}`,
            fix: 'Use a name like DATABASE_URL.',
          });
        }
      }
    });
    const mountPaths = new Map<string, number>();
    asArray(container.volumeMounts).forEach((item, index) => {
      const mountPath = asString(asRecord(item)?.mountPath);
      const earlier = mountPath === undefined ? undefined : earlierIndex(mountPaths, mountPath, index);
      if (earlier !== undefined) {
        refuse(report, 'api/duplicate-mount-path', `${path}.volumeMounts[${index}].mountPath`, mountPath,
          `${path}.volumeMounts[${index}].mountPath ${JSON.stringify(mountPath)} must be unique (also ${path}.volumeMounts[${earlier}])`,
          'Mount each path of a container once; mount a volume\'s files under different paths with subPath.');
      }
      const mount = asString(asRecord(item)?.name);
      if (mount !== undefined && !volumeNames.has(mount)) {
        report({
          ruleId: 'api/volume-mount',
          severity: 'error',
          fieldPath: `${path}.volumeMounts[${index}].name`,
          value: mount,
          message: `volume mount names volume ${JSON.stringify(mount)}, which the pod does not define`,
          fix: `Add a volume named ${JSON.stringify(mount)} to ${template.specPath}.volumes or fix the name.`,
        });
      }
    });
  }
}

/** Where `key` was first seen, or undefined when it is new (then `index` is recorded). */
function earlierIndex(seen: Map<string, number>, key: string, index: number): number | undefined {
  const earlier = seen.get(key);
  if (earlier === undefined) seen.set(key, index);
  return earlier;
}


function checkWorkloadSelector(entry: ObjectEntry, template: PodTemplate, report: Report): void {
  const selector = asRecord(entry.object.spec)?.selector;
  if (selector === undefined) return;
  const templateLabelsPath = `${template.metadataPath}.labels`;
  if (isEmptySelector(selector)) {
    report({
      ruleId: 'api/selector-empty',
      severity: 'error',
      fieldPath: 'spec.selector',
      message: `${entry.ref.kind} spec.selector is empty`,
      fix: `Select the pods by a label of ${templateLabelsPath}, e.g. matchLabels: { app: <name> }.`,
    });
  } else if (!labelSelectorMatches(selector, template.labels)) {
    report({
      ruleId: 'api/selector-mismatch',
      severity: 'error',
      fieldPath: 'spec.selector',
      message: `spec.selector does not match ${templateLabelsPath}, so the ${entry.ref.kind} would never own its pods`,
      fix: `Make ${templateLabelsPath} include every matchLabels entry and satisfy every matchExpression.`,
    });
  }
}

function checkService(entry: ObjectEntry, report: Report): void {
  const spec = asRecord(entry.object.spec);
  checkLabels(asStringMap(spec?.selector), 'spec.selector', report);
  const ports = asArray(spec?.ports);
  const names = new Set<string>();
  ports.forEach((item, index) => {
    const port = asRecord(item);
    const name = asString(port?.name);
    const path = `spec.ports[${index}]`;
    if (name === undefined) {
      if (ports.length > 1) {
        report({ ruleId: 'api/service-port-name', severity: 'error', fieldPath: `${path}.name`, message: 'a Service with several ports must name each of them', fix: 'Give every port a name such as "http".' });
      }
    } else {
      const error = dns1123LabelError(name);
      if (error !== undefined) report({ ruleId: 'api/service-port-name', severity: 'error', fieldPath: `${path}.name`, value: name, message: `port name ${error}`, fix: 'Use a DNS-1123 label such as "http".' });
      if (names.has(name)) report({ ruleId: 'api/service-port-name', severity: 'error', fieldPath: `${path}.name`, value: name, message: `port name ${JSON.stringify(name)} is used twice`, fix: 'Give each port its own name.' });
      names.add(name);
    }
    checkPortNumber(port?.port, `${path}.port`, report);
    if (port?.targetPort !== 0) checkPortNumber(port?.targetPort, `${path}.targetPort`, report);
    const targetPort = port?.targetPort;
    if (typeof targetPort === 'string' && !/^\d+$/.test(targetPort)) {
      const error = portNameError(targetPort);
      if (error !== undefined) {
        report({ ruleId: 'api/port-name', severity: 'error', fieldPath: `${path}.targetPort`, value: targetPort, message: `targetPort names a container port, and port names ${error}`, fix: 'Use the number or the IANA name (at most 15 characters) of a container port.' });
      }
    }
  });
}

/** Port numbers are int32 in the schema, but the API server accepts only 1 to 65535. */
function checkPortNumber(value: unknown, fieldPath: string, report: Report): void {
  if (typeof value !== 'number' || (Number.isInteger(value) && value >= 1 && value <= 65535)) return;
  report({ ruleId: 'api/port-range', severity: 'error', fieldPath, value, message: `${fieldPath} must be between 1 and 65535`, fix: 'Use a TCP/UDP port number between 1 and 65535.' });
}

function checkDataKeys(entry: ObjectEntry, report: Report): void {
  const seen = new Set<string>();
  for (const field of ['data', 'binaryData', 'stringData']) {
    for (const key of Object.keys(asRecord(entry.object[field]) ?? {})) {
      if (key.length > 253 || !/^[-._a-zA-Z0-9]+$/.test(key)) {
        report({
          ruleId: 'api/data-key',
          severity: 'error',
          fieldPath: fieldAppend(field, key),
          message: `key ${JSON.stringify(key)} must consist of letters, digits, '-', '_' and '.' (at most 253)`,
          fix: 'Rename the key, e.g. "config.yaml".',
        });
      }
      if (field === 'binaryData' && seen.has(key)) {
        report({ ruleId: 'api/data-key', severity: 'error', fieldPath: fieldAppend(field, key), message: `key ${JSON.stringify(key)} is in both data and binaryData`, fix: 'Keep each key in one of data and binaryData.' });
      }
      seen.add(key);
    }
  }
}
