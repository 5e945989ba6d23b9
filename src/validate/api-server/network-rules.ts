/**
 * The API server's rules for Services, Ingresses and NetworkPolicies that no schema carries
 * (pkg/apis/core/validation, pkg/apis/networking/validation): ports required, nodePort and clusterIP by
 * Service type, unique port/protocol pairs, Ingress hosts, paths and backends, CIDRs.
 */
import type { KubernetesVersion } from '../options';
import { dns1035LabelError, dns1123LabelError, dns1123SubdomainError } from '../private/name-syntax';
import { checkPortReference } from './pod-spec-rules';
import type { ObjectEntry } from '../private/object-entry';
import { asArray, asRecord, asString, type JsonRecord } from '../private/json';
import { checkEnumWhereSchemaLacksIt, isCidr, isIp, refuse, versionsBefore136, type Report } from './report';

/** Runs the Service, Ingress and NetworkPolicy rules on one object. */
export function checkNetworkRules(entry: ObjectEntry, versions: readonly KubernetesVersion[], report: Report): void {
  const spec = asRecord(entry.object.spec);
  switch (entry.ref.kind) {
    case 'Service':
      checkServiceSpec(spec ?? {}, report);
      break;
    case 'Ingress':
      checkIngress(spec ?? {}, versions, report);
      break;
    case 'IngressClass':
      if (typeof spec?.controller !== 'string' || spec.controller === '') {
        refuse(report, 'api/ingress-class-controller', 'spec.controller', undefined, 'an IngressClass needs spec.controller', 'Name the controller, e.g. k8s.io/ingress-nginx.');
      }
      break;
    case 'NetworkPolicy':
      if (spec !== undefined) checkNetworkPolicy(spec, versions, report);
      break;
    default:
  }
}

function checkServiceSpec(spec: JsonRecord, report: Report): void {
  const type = asString(spec.type) ?? 'ClusterIP';
  const clusterIP = asString(spec.clusterIP);
  const headless = clusterIP === 'None';
  const ports = asArray(spec.ports);
  if (ports.length === 0 && !headless && type !== 'ExternalName') {
    refuse(report, 'api/service-ports-required', 'spec.ports', undefined, `a ${type} Service needs at least one port`, 'Add spec.ports, or make the Service headless (clusterIP: None).');
  }
  if (type === 'ExternalName') {
    const externalName = asString(spec.externalName);
    if (externalName === undefined || externalName === '') {
      refuse(report, 'api/external-name-required', 'spec.externalName', undefined, 'an ExternalName Service needs spec.externalName', 'Set spec.externalName to a DNS name, e.g. db.example.com.');
    } else if (dns1123SubdomainError(externalName.replace(/\.$/, '')) !== undefined) {
      refuse(report, 'api/external-name', 'spec.externalName', externalName, `spec.externalName ${JSON.stringify(externalName)} must be a DNS name`, 'Use a lowercase DNS name such as db.example.com.');
    }
  } else if (clusterIP !== undefined && clusterIP !== '' && !headless && !isIp(clusterIP)) {
    refuse(report, 'api/cluster-ip', 'spec.clusterIP', clusterIP, `spec.clusterIP must be a valid IP address or None, got ${JSON.stringify(clusterIP)}`, 'Remove clusterIP to let the cluster pick one, or set None for a headless Service.');
  }
  const seen = new Set<string>();
  ports.forEach((item, index) => {
    const port = asRecord(item);
    if (port === undefined) return;
    const path = `spec.ports[${index}]`;
    if (port.nodePort !== undefined && port.nodePort !== 0 && type !== 'NodePort' && type !== 'LoadBalancer') {
      refuse(report, 'api/node-port-type', `${path}.nodePort`, port.nodePort, `${path}.nodePort may not be used when the Service type is ${type}`, 'Remove nodePort, or use type NodePort or LoadBalancer.');
    }
    const key = `${String(port.port)}/${asString(port.protocol) ?? 'TCP'}`;
    if (typeof port.port === 'number' && seen.has(key)) {
      refuse(report, 'api/duplicate-service-port', path, key, `${path} repeats port ${key}`, 'Give each port/protocol pair one entry.');
    }
    seen.add(key);
  });
  if (asArray(spec.loadBalancerSourceRanges).length > 0 && type !== 'LoadBalancer') {
    refuse(report, 'api/source-ranges-type', 'spec.loadBalancerSourceRanges', undefined, `spec.loadBalancerSourceRanges may only be used when the Service type is LoadBalancer, not ${type}`, 'Remove loadBalancerSourceRanges, or use type LoadBalancer.');
  }
  asArray(spec.loadBalancerSourceRanges).forEach((item, index) => {
    if (typeof item === 'string' && !isCidr(item.trim())) {
      refuse(report, 'api/cidr', `spec.loadBalancerSourceRanges[${index}]`, item, `${JSON.stringify(item)} must be a CIDR such as 10.0.0.0/8`, 'Write an address range in CIDR notation.');
    }
  });
  if (spec.externalTrafficPolicy !== undefined && type !== 'NodePort' && type !== 'LoadBalancer') {
    refuse(report, 'api/external-traffic-policy', 'spec.externalTrafficPolicy', spec.externalTrafficPolicy, `spec.externalTrafficPolicy may only be set for NodePort and LoadBalancer Services, not ${type}`, 'Remove externalTrafficPolicy.');
  }
}

function checkIngress(spec: JsonRecord, versions: readonly KubernetesVersion[], report: Report): void {
  const rules = asArray(spec.rules);
  if (rules.length === 0 && spec.defaultBackend === undefined) {
    refuse(report, 'api/ingress-rules-required', 'spec.rules', undefined, 'an Ingress needs spec.defaultBackend or spec.rules', 'Add a rule with a host and paths, or a defaultBackend.');
  }
  if (spec.defaultBackend !== undefined) checkBackend(asRecord(spec.defaultBackend), 'spec.defaultBackend', versions, report);
  rules.forEach((item, index) => {
    const rule = asRecord(item);
    if (rule === undefined) return;
    const path = `spec.rules[${index}]`;
    const host = asString(rule.host);
    if (host !== undefined && host !== '') checkIngressHost(host, `${path}.host`, report);
    const http = asRecord(rule.http);
    if (http === undefined) return;
    asArray(http.paths).forEach((pathItem, pathIndex) => {
      const entry = asRecord(pathItem);
      if (entry === undefined) return;
      const at = `${path}.http.paths[${pathIndex}]`;
      checkIngressPath(entry, at, report);
      checkBackend(asRecord(entry.backend), `${at}.backend`, versions, report);
    });
  });
  asArray(spec.tls).forEach((item, index) => {
    asArray(asRecord(item)?.hosts).forEach((host, hostIndex) => {
      if (typeof host === 'string') checkIngressHost(host, `spec.tls[${index}].hosts[${hostIndex}]`, report, true);
    });
  });
}

function checkIngressHost(host: string, path: string, report: Report, tls = false): void {
  if (isIp(host)) {
    if (!tls) refuse(report, 'api/ingress-host', path, host, `${path} must be a DNS name, not an IP address`, 'Use a DNS name; an Ingress without a host matches every address.');
    return;
  }
  const name = host.startsWith('*.') ? host.slice(2) : host;
  if (name.includes('*') || dns1123SubdomainError(name) !== undefined) {
    refuse(report, 'api/ingress-host', path, host, `${path} ${JSON.stringify(host)} must be a lowercase DNS name, with a wildcard only as the whole first label ("*.example.com")`, 'Write the host like shop.example.com or *.example.com.');
  }
}

function checkIngressPath(entry: JsonRecord, at: string, report: Report): void {
  const pathType = entry.pathType;
  const value = asString(entry.path) ?? '';
  if (pathType === undefined) {
    refuse(report, 'api/ingress-path-type', `${at}.pathType`, undefined, `${at}.pathType must be specified`, 'Set pathType: Prefix (or Exact, or ImplementationSpecific).');
    return;
  }
  const absolute = value.startsWith('/');
  if ((pathType === 'Exact' || pathType === 'Prefix') && !absolute) {
    refuse(report, 'api/ingress-path', `${at}.path`, value, `${at}.path must be an absolute path (start with "/"), got ${JSON.stringify(value)}`, 'Start the path with "/".');
  } else if (pathType === 'ImplementationSpecific' && value !== '' && !absolute) {
    refuse(report, 'api/ingress-path', `${at}.path`, value, `${at}.path must be an absolute path (start with "/"), got ${JSON.stringify(value)}`, 'Start the path with "/".');
  } else if (pathType === 'Exact' || pathType === 'Prefix') {
    const bad = ['//', '/./', '/../', '%2f', '%2F'].find((sequence) => value.includes(sequence)) ?? ['/..', '/.'].find((suffix) => value.endsWith(suffix));
    if (bad !== undefined) refuse(report, 'api/ingress-path', `${at}.path`, value, `${at}.path must not contain or end with ${JSON.stringify(bad)}`, 'Write a normalized path such as /shop/api.');
  }
}

function checkBackend(backend: JsonRecord | undefined, at: string, versions: readonly KubernetesVersion[], report: Report): void {
  if (backend === undefined) return;
  const service = asRecord(backend.service);
  if (service !== undefined && backend.resource !== undefined) {
    refuse(report, 'api/ingress-backend', at, undefined, `${at} may set service or resource, not both`, 'Keep one of service and resource.');
  } else if (service === undefined && backend.resource === undefined) {
    refuse(report, 'api/ingress-backend', at, undefined, `${at} needs a service or a resource`, 'Set service.name and service.port.');
  }
  if (service === undefined) return;
  const name = asString(service.name);
  for (const version of name === undefined ? [] : versions) {
    // Service names became DNS-1123 labels (may start with a digit) in 1.34; before, DNS-1035 labels.
    const error = version >= '1.34' ? dns1123LabelError(name ?? '') : dns1035LabelError(name ?? '');
    if (error !== undefined) {
      report({ ruleId: 'api/ingress-backend-service', severity: 'error', kubernetesVersion: version, fieldPath: `${at}.service.name`, value: name, message: `${at}.service.name names a Service, and Service names ${error}`, fix: 'Name the Service the Ingress routes to.' });
    }
  }
  const port = asRecord(service.port);
  if (typeof port?.number === 'number' && port.number !== 0) checkPortReference(port.number, `${at}.service.port.number`, report, false);
  if (typeof port?.name === 'string' && port.name !== '') checkPortReference(port.name, `${at}.service.port.name`, report, true);
  const hasName = typeof port?.name === 'string' && port.name !== '';
  const hasNumber = typeof port?.number === 'number' && port.number !== 0;
  if (hasName === hasNumber) {
    refuse(
      report,
      'api/ingress-backend-port',
      `${at}.service.port`,
      undefined,
      hasName ? `${at}.service.port may set name or number, not both` : `${at}.service.port needs a port name or number`,
      'Set service.port.number (e.g. 80) or service.port.name (e.g. http).',
    );
  }
}

function checkNetworkPolicy(spec: JsonRecord, versions: readonly KubernetesVersion[], report: Report): void {
  asArray(spec.policyTypes).forEach((item, index) => checkEnumWhereSchemaLacksIt(report, item, `spec.policyTypes[${index}]`, ['Ingress', 'Egress'], versionsBefore136(versions)));
  for (const direction of ['ingress', 'egress'] as const) {
    const peersField = direction === 'ingress' ? 'from' : 'to';
    asArray(spec[direction]).forEach((item, index) => {
      const rule = asRecord(item);
      const at = `spec.${direction}[${index}]`;
      asArray(rule?.[peersField]).forEach((peerItem, peerIndex) => {
        const peer = asRecord(peerItem) ?? {};
        if (peer.podSelector === undefined && peer.namespaceSelector === undefined && peer.ipBlock === undefined) {
          refuse(report, 'api/network-policy-peer', `${at}.${peersField}[${peerIndex}]`, undefined, `${at}.${peersField}[${peerIndex}] must specify a peer (podSelector, namespaceSelector or ipBlock)`, 'Select pods, namespaces or an address block; an empty list entry means nothing.');
        }
      });
      asArray(rule?.ports).forEach((portItem, portIndex) => {
        const port = asRecord(portItem);
        checkPortReference(port?.port, `${at}.ports[${portIndex}].port`, report, true);
        if (port?.endPort !== undefined) checkPortReference(port.endPort, `${at}.ports[${portIndex}].endPort`, report, false);
        if (typeof port?.endPort === 'number') {
          if (typeof port.port !== 'number') {
            refuse(report, 'api/network-policy-end-port', `${at}.ports[${portIndex}].endPort`, port.endPort, 'endPort needs a numeric port', 'Set port to the first number of the range.');
          } else if (port.endPort < port.port) {
            refuse(report, 'api/network-policy-end-port', `${at}.ports[${portIndex}].endPort`, port.endPort, `endPort ${port.endPort} is below port ${port.port}`, 'Make endPort at least port.');
          }
        }
      });
      asArray(rule?.[peersField]).forEach((peerItem, peerIndex) => {
        const block = asRecord(asRecord(peerItem)?.ipBlock);
        if (block === undefined) return;
        const blockPath = `${at}.${peersField}[${peerIndex}].ipBlock`;
        const cidr = asString(block.cidr);
        if (cidr === undefined || !isCidr(cidr)) {
          refuse(report, 'api/cidr', `${blockPath}.cidr`, block.cidr, `${blockPath}.cidr must be a CIDR such as 10.0.0.0/8, got ${JSON.stringify(block.cidr)}`, 'Write the range in CIDR notation.');
        }
        asArray(block.except).forEach((except, exceptIndex) => {
          if (typeof except !== 'string' || !isCidr(except)) {
            refuse(report, 'api/cidr', `${blockPath}.except[${exceptIndex}]`, except, `${JSON.stringify(except)} must be a CIDR`, 'Write the range in CIDR notation.');
          }
        });
      });
    });
  }
}
