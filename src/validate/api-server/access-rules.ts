/**
 * The API server's rules for RBAC objects and claims that no schema carries (pkg/apis/rbac/validation,
 * pkg/apis/core/validation): role references and subject kinds, rules with verbs, claims with access modes
 * and a storage request.
 */
import type { ObjectEntry } from '../private/object-entry';
import { asArray, asRecord, asString, type JsonRecord } from '../private/json';
import type { KubernetesVersion } from '../options';
import { checkEnum, checkEnumWhereSchemaLacksIt, refuse, versionsBefore136, type Report } from './report';
import { parseQuantity } from '../private/quantity';
import { dns1123SubdomainError, pathSegmentNameError } from '../private/name-syntax';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** Runs the RBAC and claim rules on one object. */
export function checkAccessRules(entry: ObjectEntry, versions: readonly KubernetesVersion[], report: Report): void {
  switch (entry.ref.kind) {
    case 'RoleBinding':
    case 'ClusterRoleBinding':
      checkBinding(entry, report);
      break;
    case 'Role':
    case 'ClusterRole':
      asArray(entry.object.rules).forEach((rule, index) => checkPolicyRule(asRecord(rule) ?? {}, `rules[${index}]`, entry.ref.kind === 'Role', report));
      break;
    case 'PersistentVolumeClaim':
      checkClaimSpec(asRecord(entry.object.spec) ?? {}, 'spec', versions, report);
      break;
    case 'StatefulSet':
      asArray(asRecord(entry.object.spec)?.volumeClaimTemplates).forEach((item, index) => {
        checkClaimSpec(asRecord(asRecord(item)?.spec) ?? {}, `spec.volumeClaimTemplates[${index}].spec`, versions, report);
      });
      break;
    default:
  }
}

function checkBinding(entry: ObjectEntry, report: Report): void {
  const cluster = entry.ref.kind === 'ClusterRoleBinding';
  const roleRef = asRecord(entry.object.roleRef) ?? {};
  const allowedKinds = cluster ? ['ClusterRole'] : ['Role', 'ClusterRole'];
  if (typeof roleRef.kind === 'string' && !allowedKinds.includes(roleRef.kind)) {
    refuse(report, 'api/role-ref-kind', 'roleRef.kind', roleRef.kind, `a ${entry.ref.kind} may refer to ${allowedKinds.join(' or ')}, got ${JSON.stringify(roleRef.kind)}`, `Use roleRef.kind ${allowedKinds.join(' or ')}.`);
  }
  if (typeof roleRef.apiGroup === 'string' && roleRef.apiGroup !== RBAC_GROUP) {
    refuse(report, 'api/role-ref-group', 'roleRef.apiGroup', roleRef.apiGroup, `roleRef.apiGroup must be ${RBAC_GROUP}, got ${JSON.stringify(roleRef.apiGroup)}`, `Set roleRef.apiGroup: ${RBAC_GROUP}.`);
  }
  const roleName = asString(roleRef.name);
  if (roleName === '') {
    refuse(report, 'api/role-ref-name', 'roleRef.name', '', 'roleRef.name is required', 'Name the role to bind.');
  } else if (roleName !== undefined && pathSegmentNameError(roleName) !== undefined) {
    refuse(report, 'api/role-ref-name', 'roleRef.name', roleName, `roleRef.name ${pathSegmentNameError(roleName) ?? ''}`, 'Name the role to bind.');
  }
  asArray(entry.object.subjects).forEach((item, index) => {
    const subject = asRecord(item) ?? {};
    const at = `subjects[${index}]`;
    const kind = subject.kind;
    checkEnum(report, kind, `${at}.kind`, ['ServiceAccount', 'User', 'Group']);
    const group = asString(subject.apiGroup) ?? '';
    if (kind === 'ServiceAccount') {
      if (group !== '') refuse(report, 'api/subject-group', `${at}.apiGroup`, group, `a ServiceAccount subject has apiGroup "", got ${JSON.stringify(group)}`, 'Remove apiGroup from the ServiceAccount subject.');
      if (cluster && (asString(subject.namespace) ?? '') === '') {
        refuse(report, 'api/subject-namespace', `${at}.namespace`, undefined, 'a ServiceAccount subject of a ClusterRoleBinding needs a namespace', 'Set the namespace the ServiceAccount lives in.');
      }
      const name = asString(subject.name);
      const error = name === undefined || name === '' ? undefined : dns1123SubdomainError(name);
      if (error !== undefined) refuse(report, 'api/subject-name', `${at}.name`, name, `a ServiceAccount name ${error}`, 'Use the ServiceAccount\'s name, a DNS-1123 subdomain.');
    } else if ((kind === 'User' || kind === 'Group') && group !== '' && group !== RBAC_GROUP) {
      refuse(report, 'api/subject-group', `${at}.apiGroup`, group, `a ${kind} subject has apiGroup ${RBAC_GROUP}, got ${JSON.stringify(group)}`, `Set apiGroup: ${RBAC_GROUP}.`);
    }
    if (asString(subject.name) === '') refuse(report, 'api/subject-name', `${at}.name`, '', `${at}.name is required`, 'Name the subject.');
  });
}

function checkPolicyRule(rule: JsonRecord, at: string, namespaced: boolean, report: Report): void {
  if (asArray(rule.verbs).length === 0) {
    refuse(report, 'api/rule-verbs', `${at}.verbs`, undefined, `${at}.verbs must contain at least one value`, 'List the verbs, e.g. [get, list, watch].');
  }
  const urls = asArray(rule.nonResourceURLs);
  if (urls.length > 0) {
    if (namespaced) {
      refuse(report, 'api/rule-non-resource', `${at}.nonResourceURLs`, undefined, 'a Role (namespaced) cannot grant non-resource URLs', 'Move the rule to a ClusterRole.');
    } else if (asArray(rule.resources).length > 0 || asArray(rule.apiGroups).length > 0) {
      refuse(report, 'api/rule-non-resource', `${at}.nonResourceURLs`, undefined, 'a rule may grant resources or non-resource URLs, not both', 'Split the rule in two.');
    }
    return;
  }
  if (asArray(rule.resources).length === 0) {
    refuse(report, 'api/rule-resources', `${at}.resources`, undefined, `${at} must name resources (or non-resource URLs)`, 'List the resources, e.g. [pods].');
  }
  if (rule.apiGroups === undefined || asArray(rule.apiGroups).length === 0) {
    refuse(report, 'api/rule-api-groups', `${at}.apiGroups`, undefined, `${at} must name at least one API group ("" is the core group)`, 'Add apiGroups: [""] for core resources such as pods.');
  }
}

function checkClaimSpec(spec: JsonRecord, at: string, versions: readonly KubernetesVersion[], report: Report): void {
  const modes = asArray(spec.accessModes);
  if (modes.length === 0 && spec.dataSourceRef === undefined && spec.dataSource === undefined) {
    refuse(report, 'api/claim-access-modes', `${at}.accessModes`, undefined, 'a claim needs at least one access mode', 'Set accessModes: [ReadWriteOnce].');
  }
  modes.forEach((mode, index) => checkEnumWhereSchemaLacksIt(report, mode, `${at}.accessModes[${index}]`, ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'], versionsBefore136(versions)));
  const storage = asRecord(asRecord(spec.resources)?.requests)?.storage;
  if (storage === undefined) {
    refuse(report, 'api/claim-storage', `${at}.resources.requests.storage`, undefined, 'a claim needs a storage request', 'Set resources.requests.storage, e.g. 10Gi.');
  } else {
    const amount = parseQuantity(storage);
    if (amount !== undefined && amount <= 0) {
      refuse(report, 'api/claim-storage', `${at}.resources.requests.storage`, storage, `the storage request must be greater than zero, got ${JSON.stringify(storage)}`, 'Request a positive size, e.g. 10Gi.');
    }
  }
}
