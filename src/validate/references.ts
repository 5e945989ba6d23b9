/**
 * Cross-object checks, which no schema validator does: what an object names (Services, Secrets,
 * ConfigMaps, claims, namespaces, workloads, ServiceAccounts, Roles, PriorityClasses) must be part of the output, or be
 * declared as existing with the `validate.shipshape.io/external` annotation; selectors must select.
 */
import { isClusterScoped } from '../manifest/cluster-scoped';
import type { Finding } from './private/collector';
import { asArray, asRecord, asString, asStringMap, type JsonRecord } from './private/json';
import { checkPodIdentity, checkRoleBinding, checkServiceAccountPullSecrets } from './private/identity-references';
import { labelSelectorMatches, mapSelectorMatches } from './private/label-selector';
import { checkNetworkPolicy } from './private/network-references';
import { checkPodPriorityClass, checkQuotaPriorityClasses } from './private/priority-references';
import { describeEntry, isExternal, type ObjectEntry } from './private/object-entry';
import { getOrCreate, lookupNamespace, type ObjectIndex } from './private/object-index';
import { containersOf, podTemplateOf, type PodTemplate } from './private/pod-templates';

type Report = (entry: ObjectEntry, finding: Finding) => void;

/** Namespaces every cluster has. */
const BUILT_IN_NAMESPACES = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);

/** Annotations by which a controller creates an Ingress's TLS Secret (cert-manager). */
const TLS_ISSUER_ANNOTATIONS = ['cert-manager.io/cluster-issuer', 'cert-manager.io/issuer'];

/** Options of the reference checks. */
export interface ReferenceCheckOptions {
  /** Namespaces that exist in the cluster already. */
  readonly existingNamespaces: ReadonlySet<string>;
}

/** Runs every reference check over the whole set of objects. */
export function checkReferences(entries: readonly ObjectEntry[], index: ObjectIndex, options: ReferenceCheckOptions, report: Report): void {
  const namespaces = new Set(index.ofKind('Namespace').map((entry) => entry.name ?? ''));
  const identities: Identities = new Map();
  for (const entry of entries) {
    checkIdentity(entry, identities, namespaces, options, report);
    const template = podTemplateOf(entry);
    if (template !== undefined) {
      checkPodReferences(template, index, report);
      checkPodIdentity(template, index, report);
      checkPodPriorityClass(template, index, report);
    }
    switch (entry.ref.kind) {
      case 'Service':
        checkService(entry, index, report);
        break;
      case 'Ingress':
        checkIngress(entry, index, report);
        break;
      case 'StatefulSet':
        checkStatefulSetService(entry, index, report);
        break;
      case 'PodDisruptionBudget':
        checkDisruptionBudget(entry, index, report);
        break;
      case 'HorizontalPodAutoscaler':
        checkAutoscalerTarget(entry, index, report);
        break;
      case 'RoleBinding':
      case 'ClusterRoleBinding':
        checkRoleBinding(entry, index, report);
        break;
      case 'ServiceAccount':
        checkServiceAccountPullSecrets(entry, index, report);
        break;
      case 'NetworkPolicy':
        checkNetworkPolicy(entry, index, report);
        break;
      case 'ResourceQuota':
        checkQuotaPriorityClasses(entry, index, report);
        break;
      default:
    }
  }
}

/** group → kind → namespace → name → first object, to find duplicates. */
type Identities = Map<string, Map<string, Map<string, Map<string, ObjectEntry>>>>;

function checkIdentity(
  entry: ObjectEntry,
  identities: Identities,
  namespaces: ReadonlySet<string>,
  options: ReferenceCheckOptions,
  report: Report,
): void {
  if (entry.name !== undefined) {
    // A cluster-scoped object is one of its kind cluster-wide, whatever namespace it carries by mistake.
    const names = getOrCreate(getOrCreate(getOrCreate(identities, entry.group, () => new Map()), entry.ref.kind, () => new Map()), lookupNamespace(entry) ?? '', () => new Map<string, ObjectEntry>());
    const first = names.get(entry.name);
    if (first === undefined) names.set(entry.name, entry);
    else {
      report(entry, {
        ruleId: 'reference/duplicate-object',
        severity: 'error',
        fieldPath: 'metadata.name',
        value: entry.name,
        message: `${describeEntry(entry.ref)} is defined twice (also ${whereIs(first)}); the second would overwrite the first`,
        fix: 'Rename one of them or put them in different namespaces.',
      });
    }
  }
  const namespace = entry.namespace;
  if (namespace === undefined) return;
  if (isClusterScoped(entry.ref.kind, entry.ref.apiVersion)) {
    report(entry, {
      ruleId: 'reference/cluster-scoped-namespace',
      severity: 'error',
      fieldPath: 'metadata.namespace',
      value: namespace,
      message: `${entry.ref.kind} is cluster-scoped and cannot have a namespace`,
      fix: 'Remove metadata.namespace.',
    });
  } else if (!namespaces.has(namespace) && !BUILT_IN_NAMESPACES.has(namespace) && !options.existingNamespaces.has(namespace) && !entry.namespaceExists) {
    report(entry, {
      ruleId: 'reference/missing-namespace',
      severity: 'error',
      fieldPath: 'metadata.namespace',
      value: namespace,
      message: `namespace ${JSON.stringify(namespace)} is not part of the output`,
      fix: `Add a Namespace named ${JSON.stringify(namespace)}, or declare it as existing (option existingNamespaces, or annotation validate.shipshape.io/namespace-exists: "true").`,
    });
  }
}

function whereIs(entry: ObjectEntry): string {
  const manifest = entry.manifest;
  if (manifest.constructPath !== undefined) return `at ${manifest.constructPath}`;
  if (manifest.file !== undefined) return `in ${manifest.file}${manifest.documentIndex === undefined ? '' : ` document ${manifest.documentIndex + 1}`}`;
  return `as object #${entry.index + 1}`;
}

/** A ConfigMap or Secret reference of a pod, gathered from env, envFrom and volumes. */
interface SourceReference {
  readonly kind: 'ConfigMap' | 'Secret';
  readonly name: string;
  readonly keys: readonly string[];
  readonly fieldPath: string;
}

function checkPodReferences(template: PodTemplate, index: ObjectIndex, report: Report): void {
  const entry = template.entry;
  const references: SourceReference[] = [];
  for (const { container, path } of containersOf(template)) {
    asArray(container.env).forEach((item, envIndex) => {
      const valueFrom = asRecord(asRecord(item)?.valueFrom);
      for (const [field, kind] of [['configMapKeyRef', 'ConfigMap'], ['secretKeyRef', 'Secret']] as const) {
        const ref = asRecord(valueFrom?.[field]);
        const name = asString(ref?.name);
        if (ref === undefined || name === undefined || ref.optional === true) continue;
        const key = asString(ref.key);
        references.push({ kind, name, keys: key === undefined ? [] : [key], fieldPath: `${path}.env[${envIndex}].valueFrom.${field}.name` });
      }
    });
    asArray(container.envFrom).forEach((item, envIndex) => {
      for (const [field, kind] of [['configMapRef', 'ConfigMap'], ['secretRef', 'Secret']] as const) {
        const ref = asRecord(asRecord(item)?.[field]);
        const name = asString(ref?.name);
        if (ref !== undefined && name !== undefined && ref.optional !== true) {
          references.push({ kind, name, keys: [], fieldPath: `${path}.envFrom[${envIndex}].${field}.name` });
        }
      }
    });
  }
  asArray(template.spec.volumes).forEach((item, volumeIndex) => {
    const volume = asRecord(item);
    const path = `${template.specPath}.volumes[${volumeIndex}]`;
    collectVolumeSource(asRecord(volume?.configMap), 'ConfigMap', 'name', `${path}.configMap`, references);
    collectVolumeSource(asRecord(volume?.secret), 'Secret', 'secretName', `${path}.secret`, references);
    asArray(asRecord(volume?.projected)?.sources).forEach((source, sourceIndex) => {
      const sourcePath = `${path}.projected.sources[${sourceIndex}]`;
      collectVolumeSource(asRecord(asRecord(source)?.configMap), 'ConfigMap', 'name', `${sourcePath}.configMap`, references);
      collectVolumeSource(asRecord(asRecord(source)?.secret), 'Secret', 'name', `${sourcePath}.secret`, references);
    });
    const claim = asString(asRecord(volume?.persistentVolumeClaim)?.claimName);
    if (claim !== undefined && index.find('PersistentVolumeClaim', entry.namespace, claim) === undefined && !isExternal(entry, 'PersistentVolumeClaim', claim)) {
      report(entry, {
        ruleId: 'reference/missing-pvc',
        severity: 'error',
        fieldPath: `${path}.persistentVolumeClaim.claimName`,
        value: claim,
        message: `volume uses PersistentVolumeClaim ${JSON.stringify(claim)}, which is not part of the output`,
        fix: `Add the PersistentVolumeClaim, or mark it as external: validate.shipshape.io/external: "PersistentVolumeClaim/${claim}".`,
      });
    }
  });
  for (const reference of references) checkSourceReference(entry, reference, index, report);
}

function collectVolumeSource(source: JsonRecord | undefined, kind: 'ConfigMap' | 'Secret', nameField: string, path: string, into: SourceReference[]): void {
  const name = asString(source?.[nameField]);
  if (source === undefined || name === undefined || source.optional === true) return;
  const keys = asArray(source.items)
    .map((item) => asString(asRecord(item)?.key))
    .filter((key): key is string => key !== undefined);
  into.push({ kind, name, keys, fieldPath: `${path}.${nameField}` });
}

function checkSourceReference(entry: ObjectEntry, reference: SourceReference, index: ObjectIndex, report: Report): void {
  if (isExternal(entry, reference.kind, reference.name)) return;
  const target = index.find(reference.kind, entry.namespace, reference.name);
  const lower = reference.kind === 'ConfigMap' ? 'configmap' : 'secret';
  if (target === undefined) {
    report(entry, {
      ruleId: `reference/missing-${lower}`,
      severity: 'error',
      fieldPath: reference.fieldPath,
      value: reference.name,
      message: `${reference.kind} ${JSON.stringify(reference.name)} is not part of the output`,
      fix: `Add the ${reference.kind}, mark the reference optional, or mark it as external: validate.shipshape.io/external: "${reference.kind}/${reference.name}".`,
    });
    return;
  }
  const fields = reference.kind === 'ConfigMap' ? ['data', 'binaryData'] : ['data', 'stringData'];
  for (const key of reference.keys) {
    if (fields.some((field) => Object.prototype.hasOwnProperty.call(asRecord(target.object[field]) ?? {}, key))) continue;
    report(entry, {
      ruleId: `reference/missing-${lower}-key`,
      severity: 'error',
      fieldPath: reference.fieldPath,
      value: reference.name,
      message: `${reference.kind} ${JSON.stringify(reference.name)} has no key ${JSON.stringify(key)}`,
      fix: `Add key ${JSON.stringify(key)} to the ${reference.kind} or use one of its keys.`,
    });
  }
}

function matchingTemplates(
  entry: ObjectEntry,
  matchLabels: Readonly<Record<string, string>>,
  matches: (labels: Readonly<Record<string, string>>) => boolean,
  index: ObjectIndex,
): PodTemplate[] {
  return index.candidateTemplates(entry.namespace, matchLabels).filter((template) => matches(template.labels));
}

function checkService(entry: ObjectEntry, index: ObjectIndex, report: Report): void {
  const spec = asRecord(entry.object.spec);
  const selector = asStringMap(spec?.selector);
  if (spec?.type === 'ExternalName' || Object.keys(selector).length === 0 || isExternal(entry, 'Pod', '*')) return;
  const selected = matchingTemplates(entry, selector, (labels) => mapSelectorMatches(selector, labels), index);
  if (selected.length === 0) {
    report(entry, {
      ruleId: 'reference/service-selects-nothing',
      severity: 'error',
      fieldPath: 'spec.selector',
      message: `the selector ${JSON.stringify(selector)} matches no pod template in ${entry.namespace === undefined ? 'the same namespace' : `namespace ${entry.namespace}`}`,
      fix: 'Make the selector equal to labels of the pods to serve, or mark them as external: validate.shipshape.io/external: "Pod/*".',
    });
    return;
  }
  const containers = selected.flatMap((template) => containersOf(template).filter((ref) => ref.list === 'containers'));
  const ports = containers.flatMap(({ container }) => asArray(container.ports).map((port) => asRecord(port) ?? {}));
  asArray(spec?.ports).forEach((item, portIndex) => {
    const port = asRecord(item);
    const target = port?.targetPort ?? port?.port;
    const fieldPath = `spec.ports[${portIndex}].${port?.targetPort === undefined ? 'port' : 'targetPort'}`;
    if (typeof target === 'string' && !/^\d+$/.test(target)) {
      if (!ports.some((containerPort) => containerPort.name === target)) {
        report(entry, {
          ruleId: 'reference/service-target-port',
          severity: 'error',
          fieldPath,
          value: target,
          message: `targetPort ${JSON.stringify(target)} is not the name of a container port of the selected pods`,
          fix: `Name a container port ${JSON.stringify(target)} or target one of: ${ports.map((p) => String(p.name ?? p.containerPort)).join(', ') || 'none declared'}.`,
        });
      }
    } else if (target !== undefined && ports.length > 0 && !ports.some((containerPort) => containerPort.containerPort === Number(target))) {
      report(entry, {
        ruleId: 'reference/service-target-port-number',
        severity: 'warning',
        fieldPath,
        value: target,
        message: `port ${JSON.stringify(target)} is not declared by the selected pods, which declare ${ports.map((p) => String(p.containerPort)).join(', ')}`,
        fix: 'Target a declared containerPort, or declare the port the container listens on.',
      });
    }
  });
}

function checkIngress(entry: ObjectEntry, index: ObjectIndex, report: Report): void {
  const spec = asRecord(entry.object.spec);
  const backends: [JsonRecord | undefined, string][] = [[asRecord(spec?.defaultBackend), 'spec.defaultBackend']];
  asArray(spec?.rules).forEach((rule, ruleIndex) => {
    asArray(asRecord(asRecord(rule)?.http)?.paths).forEach((path, pathIndex) => {
      backends.push([asRecord(asRecord(path)?.backend), `spec.rules[${ruleIndex}].http.paths[${pathIndex}].backend`]);
    });
  });
  for (const [backend, path] of backends) {
    const service = asRecord(backend?.service);
    const name = asString(service?.name);
    if (service === undefined || name === undefined || isExternal(entry, 'Service', name)) continue;
    const target = index.find('Service', entry.namespace, name);
    if (target === undefined) {
      report(entry, {
        ruleId: 'reference/ingress-service',
        severity: 'error',
        fieldPath: `${path}.service.name`,
        value: name,
        message: `backend Service ${JSON.stringify(name)} is not part of the output`,
        fix: `Add the Service or mark it as external: validate.shipshape.io/external: "Service/${name}".`,
      });
      continue;
    }
    const port = asRecord(service.port);
    const servicePorts = asArray(asRecord(target.object.spec)?.ports).map((item) => asRecord(item) ?? {});
    const number = port?.number;
    const portName = port?.name;
    const found = number !== undefined ? servicePorts.some((p) => p.port === number) : portName !== undefined ? servicePorts.some((p) => p.name === portName) : true;
    if (!found) {
      report(entry, {
        ruleId: 'reference/ingress-service-port',
        severity: 'error',
        fieldPath: `${path}.service.port.${number !== undefined ? 'number' : 'name'}`,
        value: number ?? portName,
        message: `Service ${JSON.stringify(name)} has no port ${JSON.stringify(number ?? portName)}`,
        fix: `Use one of its ports: ${servicePorts.map((p) => (p.name === undefined ? JSON.stringify(p.port) : `${JSON.stringify(p.name)} (${JSON.stringify(p.port)})`)).join(', ') || 'none'}.`,
      });
    }
  }
  const issued = TLS_ISSUER_ANNOTATIONS.some((annotation) => entry.annotations[annotation] !== undefined);
  asArray(spec?.tls).forEach((item, tlsIndex) => {
    const secretName = asString(asRecord(item)?.secretName);
    if (secretName === undefined || issued || isExternal(entry, 'Secret', secretName)) return;
    if (index.find('Secret', entry.namespace, secretName) === undefined) {
      report(entry, {
        ruleId: 'reference/ingress-tls-secret',
        severity: 'error',
        fieldPath: `spec.tls[${tlsIndex}].secretName`,
        value: secretName,
        message: `TLS Secret ${JSON.stringify(secretName)} is not part of the output`,
        fix: `Add the Secret, or mark it as external: validate.shipshape.io/external: "Secret/${secretName}" (e.g. when cert-manager issues it).`,
      });
    }
  });
}

function checkStatefulSetService(entry: ObjectEntry, index: ObjectIndex, report: Report): void {
  const serviceName = asString(asRecord(entry.object.spec)?.serviceName);
  if (serviceName === undefined || serviceName === '' || isExternal(entry, 'Service', serviceName)) return;
  const service = index.find('Service', entry.namespace, serviceName);
  if (service === undefined || asRecord(service.object.spec)?.clusterIP !== 'None') {
    report(entry, {
      ruleId: 'reference/statefulset-service',
      severity: 'error',
      fieldPath: 'spec.serviceName',
      value: serviceName,
      message:
        service === undefined
          ? `serviceName names Service ${JSON.stringify(serviceName)}, which is not part of the output`
          : `serviceName names Service ${JSON.stringify(serviceName)}, which is not headless`,
      fix: `Add a headless Service (spec.clusterIP: None) named ${JSON.stringify(serviceName)} selecting the StatefulSet's pods.`,
    });
  }
}

function checkDisruptionBudget(entry: ObjectEntry, index: ObjectIndex, report: Report): void {
  const spec = asRecord(entry.object.spec);
  const selector = spec?.selector;
  if (selector === undefined) return;
  const selected = matchingTemplates(entry, asStringMap(asRecord(selector)?.matchLabels), (labels) => labelSelectorMatches(selector, labels), index);
  if (selected.length === 0) {
    report(entry, {
      ruleId: 'reference/pdb-selects-nothing',
      severity: 'error',
      fieldPath: 'spec.selector',
      message: 'the selector matches no pod template in its namespace, so the budget protects nothing',
      fix: 'Select the labels of the workload the budget is for.',
    });
    return;
  }
  if (selected.some((template) => template.replicas === undefined)) return;
  const replicas = selected.reduce((sum, template) => sum + (template.replicas ?? 0), 0);
  const minAvailable = spec?.minAvailable;
  if (typeof minAvailable === 'number' && minAvailable > replicas) {
    report(entry, {
      ruleId: 'reference/pdb-unsatisfiable',
      severity: 'error',
      fieldPath: 'spec.minAvailable',
      value: minAvailable,
      message: `minAvailable ${minAvailable} exceeds the ${replicas} replica(s) it selects, so it can never be met`,
      fix: `Lower minAvailable below ${replicas} or raise the replicas.`,
    });
  } else if ((typeof minAvailable === 'number' && minAvailable === replicas) || minAvailable === '100%' || spec?.maxUnavailable === 0 || spec?.maxUnavailable === '0%') {
    report(entry, {
      ruleId: 'reference/pdb-blocks-eviction',
      severity: 'warning',
      fieldPath: minAvailable === undefined ? 'spec.maxUnavailable' : 'spec.minAvailable',
      value: minAvailable ?? spec?.maxUnavailable,
      message: `the budget allows no voluntary disruption of its ${replicas} replica(s), which blocks node drains`,
      fix: 'Allow at least one pod to be unavailable (e.g. maxUnavailable: 1).',
    });
  }
}

function checkAutoscalerTarget(entry: ObjectEntry, index: ObjectIndex, report: Report): void {
  const target = asRecord(asRecord(entry.object.spec)?.scaleTargetRef);
  const kind = asString(target?.kind);
  const name = asString(target?.name);
  if (kind === undefined || name === undefined || isExternal(entry, kind, name)) return;
  if (index.find(kind, entry.namespace, name) === undefined) {
    report(entry, {
      ruleId: 'reference/hpa-target',
      severity: 'error',
      fieldPath: 'spec.scaleTargetRef.name',
      value: name,
      message: `scaleTargetRef names ${kind} ${JSON.stringify(name)}, which is not part of the output`,
      fix: `Point it at a workload of the output or mark it as external: validate.shipshape.io/external: "${kind}/${name}".`,
    });
  }
}
