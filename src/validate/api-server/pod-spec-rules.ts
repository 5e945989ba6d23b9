/**
 * The API server's pod-spec rules that no schema carries (k8s.io/kubernetes/pkg/apis/core/validation):
 * containers required, probes and lifecycle handlers with exactly one handler, env sources, requests within
 * limits, topology spread constraints, restart policies, AppArmor annotations naming real containers.
 */
import { asArray, asRecord, asString, fieldAppend, type JsonRecord } from '../private/json';
import { containersOf, type PodTemplate } from '../private/pod-templates';
import { parseQuantity } from '../private/quantity';
import { portNameError } from '../private/name-syntax';
import { checkMinimum, minorOf, refuse, type Report } from './report';
import type { KubernetesVersion } from '../options';

const PROBE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'] as const;
const LIFECYCLE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'sleep'] as const;
const ENV_SOURCES = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef', 'fileKeyRef'] as const;
const APPARMOR_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

/** Runs the pod-spec rules on a pod template (or a Pod's own spec). */
export function checkPodSpecRules(template: PodTemplate, report: Report): void {
  const spec = template.spec;
  const path = template.specPath;
  if (asArray(spec.containers).length === 0) {
    refuse(report, 'api/containers-required', `${path}.containers`, undefined, 'a pod needs at least one container', `Add a container to ${path}.containers.`);
  }
  checkMinimum(report, spec.activeDeadlineSeconds, `${path}.activeDeadlineSeconds`, 1);
  for (const { container, path: containerPath, list } of containersOf(template)) {
    const lifecycle = asRecord(container.lifecycle);
    if (list !== 'ephemeralContainers') {
      for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe'] as const) {
        const value = asRecord(container[probe]);
        if (value !== undefined) checkProbe(value, `${containerPath}.${probe}`, probe, report);
      }
      for (const hook of ['postStart', 'preStop'] as const) {
        const handler = asRecord(lifecycle?.[hook]);
        if (handler !== undefined) checkHandlerCount(handler, `${containerPath}.lifecycle.${hook}`, LIFECYCLE_HANDLERS, report);
      }
    }
    for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe'] as const) {
      const handler = asRecord(container[probe]);
      if (handler !== undefined) checkHandlerPorts(handler, `${containerPath}.${probe}`, report);
    }
    for (const hook of ['postStart', 'preStop'] as const) {
      const handler = asRecord(lifecycle?.[hook]);
      if (handler !== undefined) checkHandlerPorts(handler, `${containerPath}.lifecycle.${hook}`, report);
    }
    checkEnv(container, containerPath, report);
    checkResources(container, containerPath, report);
  }
  checkTopologySpread(spec, path, report);
  checkAppArmor(template, report);
  checkVolumeSources(spec, path, report);
}

/**
 * `procMount: Unmasked` needs a pod in its own user namespace (`hostUsers: false`): Kubernetes 1.31 and later refuse
 * it otherwise (ProcMountType, beta and on by default since 1.31); earlier versions drop the field while the
 * feature gate is off, as it is by default.
 */
export function checkProcMount(template: PodTemplate, versions: readonly KubernetesVersion[], report: Report): void {
  if (template.spec.hostUsers === false) return;
  const checked = versions.filter((version) => minorOf(version) >= 31);
  if (checked.length === 0) return;
  for (const { container, path } of containersOf(template)) {
    if (asRecord(container.securityContext)?.procMount !== 'Unmasked') continue;
    for (const version of checked) {
      report({
        ruleId: 'api/proc-mount',
        severity: 'error',
        kubernetesVersion: version,
        fieldPath: `${path}.securityContext.procMount`,
        value: 'Unmasked',
        message: 'procMount Unmasked needs the pod to run in its own user namespace, but hostUsers is not false',
        fix: `Set ${template.specPath}.hostUsers: false, or remove procMount.`,
      });
    }
  }
}

/** The port of an httpGet, tcpSocket or grpc handler: a number from 1 to 65535, or a container port's name. */
function checkHandlerPorts(handler: JsonRecord, path: string, report: Report): void {
  for (const kind of ['httpGet', 'tcpSocket', 'grpc'] as const) {
    const port = asRecord(handler[kind])?.port;
    // Most handlers are of one kind: the field path is made only for a port that is there.
    if (port !== undefined) checkPortReference(port, `${path}.${kind}.port`, report, kind !== 'grpc');
  }
}

/** A port given as a number (1 to 65535) or, where names are allowed, as an IANA service name. */
export function checkPortReference(port: unknown, fieldPath: string, report: Report, namesAllowed: boolean): void {
  if (typeof port === 'number') {
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      refuse(report, 'api/port-range', fieldPath, port, `${fieldPath} must be between 1 and 65535, got ${port}`, 'Use a port number between 1 and 65535.');
    }
  } else if (typeof port === 'string' && namesAllowed && !/^\d+$/.test(port)) {
    const error = portNameError(port);
    if (error !== undefined) refuse(report, 'api/port-name', fieldPath, port, `${fieldPath} names a port, and port names ${error}`, 'Use the name of a container port (at most 15 lowercase letters, digits and "-") or its number.');
  }
}

/** Volume sources name what they mount: the server requires the name. */
function checkVolumeSources(spec: JsonRecord, path: string, report: Report): void {
  const required: ReadonlyArray<[string, string]> = [['configMap', 'name'], ['secret', 'secretName'], ['persistentVolumeClaim', 'claimName']];
  asArray(spec.volumes).forEach((item, index) => {
    const volume = asRecord(item);
    for (const [source, field] of required) {
      const value = asRecord(volume?.[source]);
      if (value !== undefined && (typeof value[field] !== 'string' || value[field] === '')) {
        refuse(report, 'api/volume-source-name', `${path}.volumes[${index}].${source}.${field}`, undefined, `a ${source} volume needs ${field}`, `Set ${source}.${field} to the object to mount.`);
      }
    }
  });
}

function checkHandlerCount(handler: JsonRecord, path: string, kinds: readonly string[], report: Report): string[] {
  const present = kinds.filter((kind) => handler[kind] !== undefined && handler[kind] !== null);
  if (present.length === 0) {
    refuse(report, 'api/handler-count', path, undefined, `${path} must specify a handler type (one of ${kinds.join(', ')})`, `Give ${path} exactly one of ${kinds.join(', ')}.`);
  } else if (present.length > 1) {
    refuse(report, 'api/handler-count', `${path}.${present[1] ?? ''}`, undefined, `${path} may not specify more than one handler type, got ${present.join(' and ')}`, `Keep one of ${present.join(', ')}.`);
  }
  return present;
}

function checkProbe(probe: JsonRecord, path: string, kind: 'livenessProbe' | 'readinessProbe' | 'startupProbe', report: Report): void {
  checkHandlerCount(probe, path, PROBE_HANDLERS, report);
  for (const field of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold'] as const) {
    if (probe[field] !== undefined) checkMinimum(report, probe[field], `${path}.${field}`, 0);
  }
  if (kind !== 'readinessProbe' && typeof probe.successThreshold === 'number' && probe.successThreshold !== 1) {
    refuse(report, 'api/probe-success-threshold', `${path}.successThreshold`, probe.successThreshold, `${path}.successThreshold must be 1`, 'Remove successThreshold (only readiness probes may need several successes).');
  }
  if (typeof probe.terminationGracePeriodSeconds === 'number' && probe.terminationGracePeriodSeconds <= 0) {
    refuse(report, 'api/number-range', `${path}.terminationGracePeriodSeconds`, probe.terminationGracePeriodSeconds, `${path}.terminationGracePeriodSeconds must be greater than 0`, 'Set it to 1 or more, or remove it.');
  }
}

function checkEnv(container: JsonRecord, containerPath: string, report: Report): void {
  asArray(container.env).forEach((item, index) => {
    const env = asRecord(item);
    const from = asRecord(env?.valueFrom);
    if (env === undefined || from === undefined) return;
    const path = `${containerPath}.env[${index}]`;
    if (typeof env.value === 'string' && env.value !== '') {
      refuse(report, 'api/env-value-and-source', `${path}.valueFrom`, undefined, `${path} sets both value and valueFrom`, 'Keep value (a literal) or valueFrom (a reference), not both.');
    }
    const sources = ENV_SOURCES.filter((source) => from[source] !== undefined && from[source] !== null);
    if (sources.length === 0) {
      refuse(report, 'api/env-source-count', `${path}.valueFrom`, undefined, `${path}.valueFrom must specify one of fieldRef, resourceFieldRef, configMapKeyRef or secretKeyRef`, 'Give valueFrom exactly one source.');
    } else if (sources.length > 1) {
      refuse(report, 'api/env-source-count', `${path}.valueFrom`, undefined, `${path}.valueFrom may not have more than one source, got ${sources.join(' and ')}`, `Keep one of ${sources.join(', ')}.`);
    }
  });
}

function checkResources(container: JsonRecord, containerPath: string, report: Report): void {
  const resources = asRecord(container.resources);
  const requests = asRecord(resources?.requests) ?? {};
  const limits = asRecord(resources?.limits) ?? {};
  for (const [group, values] of [['requests', requests], ['limits', limits]] as const) {
    for (const [name, raw] of Object.entries(values)) {
      const amount = parseQuantity(raw);
      if (amount !== undefined && amount < 0) {
        refuse(report, 'api/number-range', fieldAppend(`${containerPath}.resources.${group}`, name), raw, `${group} of ${name} must be greater than or equal to 0, got ${String(raw)}`, 'Use a quantity of 0 or more.');
      }
    }
  }
  for (const [name, raw] of Object.entries(requests)) {
    const request = parseQuantity(raw);
    const limit = parseQuantity(limits[name]);
    if (request === undefined || limit === undefined || request <= limit) continue;
    refuse(
      report,
      'api/request-above-limit',
      fieldAppend(`${containerPath}.resources.requests`, name),
      raw,
      `the ${name} request ${String(raw)} is above its limit ${String(limits[name])}`,
      `Lower the ${name} request to at most the limit, or raise the limit.`,
    );
  }
}

function checkTopologySpread(spec: JsonRecord, path: string, report: Report): void {
  const seen = new Set<string>();
  asArray(spec.topologySpreadConstraints).forEach((item, index) => {
    const constraint = asRecord(item);
    if (constraint === undefined) return;
    const at = `${path}.topologySpreadConstraints[${index}]`;
    if (typeof constraint.maxSkew === 'number' && constraint.maxSkew <= 0) {
      refuse(report, 'api/number-range', `${at}.maxSkew`, constraint.maxSkew, `${at}.maxSkew must be greater than 0, got ${constraint.maxSkew}`, 'Set maxSkew to 1 or more.');
    }
    if (typeof constraint.minDomains === 'number' && constraint.minDomains <= 0) {
      refuse(report, 'api/number-range', `${at}.minDomains`, constraint.minDomains, `${at}.minDomains must be greater than 0, got ${constraint.minDomains}`, 'Set minDomains to 1 or more, or remove it.');
    }
    const key = asString(constraint.topologyKey);
    if (key === undefined || key === '') {
      refuse(report, 'api/topology-key-required', `${at}.topologyKey`, undefined, `${at}.topologyKey is required`, 'Set topologyKey, e.g. topology.kubernetes.io/zone.');
    }
    const pair = `${key ?? ''}\u0000${asString(constraint.whenUnsatisfiable) ?? ''}`;
    if (seen.has(pair)) {
      refuse(report, 'api/duplicate-topology-spread', `${at}`, undefined, `${at} repeats the topologyKey and whenUnsatisfiable of an earlier constraint`, 'Merge the two constraints.');
    }
    seen.add(pair);
  });
}

function checkAppArmor(template: PodTemplate, report: Report): void {
  const annotations = asRecord(template.metadata?.annotations);
  if (annotations === undefined) return;
  let names: ReadonlySet<string | undefined> | undefined;
  for (const key in annotations) {
    if (!key.startsWith(APPARMOR_PREFIX)) continue;
    const value = annotations[key];
    names ??= new Set(containersOf(template).map(({ container }) => asString(container.name)));
    const container = key.slice(APPARMOR_PREFIX.length);
    const path = fieldAppend(`${template.metadataPath}.annotations`, key);
    if (!names.has(container)) {
      refuse(report, 'api/apparmor-container', path, container, `the AppArmor annotation names container ${JSON.stringify(container)}, which the pod does not have`, 'Name an existing container after the "/", or use securityContext.appArmorProfile.');
    } else if (typeof value === 'string' && value !== 'runtime/default' && value !== 'unconfined' && !/^localhost\/.+/.test(value)) {
      refuse(report, 'api/apparmor-profile', path, value, `AppArmor profile ${JSON.stringify(value)} must be runtime/default, unconfined or localhost/<profile>`, 'Use runtime/default.');
    }
  }
}
