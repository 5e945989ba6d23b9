/**
 * References to identities and credentials: the ServiceAccounts and Roles that role bindings name,
 * the ServiceAccount a pod runs as, and the image pull Secrets of pods and ServiceAccounts. Each must
 * be part of the output, be built in, or be declared with `validate.shipshape.io/external`.
 */
import type { Finding } from './collector';
import { asArray, asRecord, asString } from './json';
import { isExternal, type ObjectEntry } from './object-entry';
import type { ObjectIndex } from './object-index';
import type { PodTemplate } from './pod-templates';

type Report = (entry: ObjectEntry, finding: Finding) => void;

/** ClusterRoles every cluster has besides the `system:` ones (the user-facing default roles). */
const BUILT_IN_CLUSTER_ROLES = new Set(['cluster-admin', 'admin', 'edit', 'view']);

/** Roles the API server bootstraps in these namespaces, besides the `system:` ones. */
const BUILT_IN_ROLES = new Map([['kube-system', new Set(['extension-apiserver-authentication-reader'])], ['kube-public', new Set<string>()]]);

/** Namespaces whose ServiceAccounts the cluster's own components create. */
const SYSTEM_NAMESPACES = new Set(['kube-system', 'kube-public', 'kube-node-lease']);

const DOCKER_CONFIG_TYPES = ['kubernetes.io/dockerconfigjson', 'kubernetes.io/dockercfg'];

/** Checks a RoleBinding or ClusterRoleBinding: its roleRef and its ServiceAccount subjects. */
export function checkRoleBinding(entry: ObjectEntry, index: ObjectIndex, report: Report): void {
  checkRoleRef(entry, index, report);
  asArray(entry.object.subjects).forEach((item, subjectIndex) => {
    const subject = asRecord(item);
    const name = asString(subject?.name);
    if (subject?.kind !== 'ServiceAccount' || name === undefined) return;
    // In a RoleBinding, a subject without a namespace is in the binding's namespace (as the authorizer reads it).
    // A ClusterRoleBinding has none, whatever metadata.namespace it carries by mistake: there the subject needs
    // one of its own, which api/subject-namespace reports, so a second error here would only mislead.
    const namespace = asString(subject.namespace) ?? (entry.ref.kind === 'RoleBinding' ? entry.namespace : undefined);
    if (namespace === undefined && entry.ref.kind !== 'RoleBinding') return;
    if (hasServiceAccount(entry, index, namespace, name) || (namespace !== undefined && SYSTEM_NAMESPACES.has(namespace))) return;
    report(entry, {
      ruleId: 'reference/binding-subject',
      severity: 'error',
      fieldPath: `subjects[${subjectIndex}].name`,
      value: name,
      message: `subject ServiceAccount ${JSON.stringify(namespace === undefined ? name : `${namespace}/${name}`)} is not part of the output, so the binding grants nothing`,
      fix: `Add the ServiceAccount ${JSON.stringify(name)}${namespace === undefined ? '' : ` in namespace ${JSON.stringify(namespace)}`}, correct the subject's name or namespace, or mark it as external: validate.shipshape.io/external: "ServiceAccount/${name}".`,
    });
  });
}

function checkRoleRef(entry: ObjectEntry, index: ObjectIndex, report: Report): void {
  const roleRef = asRecord(entry.object.roleRef);
  const kind = asString(roleRef?.kind);
  const name = asString(roleRef?.name);
  if ((kind !== 'Role' && kind !== 'ClusterRole') || name === undefined || isExternal(entry, kind, name)) return;
  if (kind === 'ClusterRole') {
    if (BUILT_IN_CLUSTER_ROLES.has(name) || name.startsWith('system:') || index.find('ClusterRole', undefined, name) !== undefined) return;
  } else {
    // A ClusterRoleBinding naming a Role is refused by the API server's own validation, not here.
    if (entry.ref.kind !== 'RoleBinding') return;
    const builtIn = entry.namespace === undefined ? undefined : BUILT_IN_ROLES.get(entry.namespace);
    if ((builtIn !== undefined && (builtIn.has(name) || name.startsWith('system:'))) || index.find('Role', entry.namespace, name) !== undefined) return;
  }
  const where = kind === 'Role' && entry.namespace !== undefined ? ` in namespace ${JSON.stringify(entry.namespace)}` : '';
  report(entry, {
    ruleId: 'reference/binding-role',
    severity: 'error',
    fieldPath: 'roleRef.name',
    value: name,
    message: `roleRef names ${kind} ${JSON.stringify(name)}${where}, which is not part of the output and is not a built-in role`,
    fix: `Add the ${kind}, bind a built-in ClusterRole (view, edit, admin, cluster-admin or a system: role), or mark it as external: validate.shipshape.io/external: "${kind}/${name}".`,
  });
}

function hasServiceAccount(entry: ObjectEntry, index: ObjectIndex, namespace: string | undefined, name: string): boolean {
  // The ServiceAccount controller creates `default` in every namespace.
  return name === 'default' || index.find('ServiceAccount', namespace, name) !== undefined || isExternal(entry, 'ServiceAccount', name);
}

/** Checks the ServiceAccount a pod runs as and its image pull Secrets. */
export function checkPodIdentity(template: PodTemplate, index: ObjectIndex, report: Report): void {
  const entry = template.entry;
  const spec = template.spec;
  const field = asString(spec.serviceAccountName) !== undefined ? 'serviceAccountName' : 'serviceAccount';
  const account = asString(spec[field]);
  if (account !== undefined && account !== '' && !hasServiceAccount(entry, index, entry.namespace, account)) {
    report(entry, {
      ruleId: 'reference/missing-service-account',
      severity: 'error',
      fieldPath: `${template.specPath}.${field}`,
      value: account,
      message: `ServiceAccount ${JSON.stringify(account)} is not part of the output; the API server refuses pods whose ServiceAccount does not exist`,
      fix: `Add the ServiceAccount, or mark it as external: validate.shipshape.io/external: "ServiceAccount/${account}".`,
    });
  }
  checkPullSecrets(entry, spec.imagePullSecrets, `${template.specPath}.imagePullSecrets`, index, report);
}

/** Checks the image pull Secrets of a ServiceAccount, which its pods inherit. */
export function checkServiceAccountPullSecrets(entry: ObjectEntry, index: ObjectIndex, report: Report): void {
  checkPullSecrets(entry, entry.object.imagePullSecrets, 'imagePullSecrets', index, report);
}

function checkPullSecrets(entry: ObjectEntry, list: unknown, path: string, index: ObjectIndex, report: Report): void {
  asArray(list).forEach((item, itemIndex) => {
    const name = asString(asRecord(item)?.name);
    if (name === undefined || name === '' || isExternal(entry, 'Secret', name)) return;
    const fieldPath = `${path}[${itemIndex}].name`;
    const secret = index.find('Secret', entry.namespace, name);
    if (secret === undefined) {
      report(entry, {
        ruleId: 'reference/missing-image-pull-secret',
        severity: 'error',
        fieldPath,
        value: name,
        message: `image pull Secret ${JSON.stringify(name)} is not part of the output, so images from a private registry cannot be pulled`,
        fix: `Add a Secret of type kubernetes.io/dockerconfigjson named ${JSON.stringify(name)}, or mark it as external: validate.shipshape.io/external: "Secret/${name}".`,
      });
      return;
    }
    const type = asString(secret.object.type) ?? 'Opaque';
    if (!DOCKER_CONFIG_TYPES.includes(type)) {
      report(entry, {
        ruleId: 'reference/image-pull-secret-type',
        severity: 'error',
        fieldPath,
        value: name,
        message: `image pull Secret ${JSON.stringify(name)} has type ${JSON.stringify(type)}, which the kubelet does not read as registry credentials`,
        fix: 'Make it a Secret of type kubernetes.io/dockerconfigjson with a .dockerconfigjson key (kubectl create secret docker-registry), or name the right Secret.',
      });
    }
  });
}
