import type { KubeObject, Manifest } from '../../src/manifest/kube-object';
import { validateManifests } from '../../src/validate';
import { oneVersionCrd } from '../helpers/crd';

const container = { name: 'web', image: 'nginx:1.27.0', ports: [{ containerPort: 8080, name: 'http' }], securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false } };
const web = (podSpec: Record<string, unknown> = {}, labels: Record<string, string> = { app: 'web' }): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [container], ...podSpec } } },
});
const errors = (objects: KubeObject[]) =>
  validateManifests(objects.map((object): Manifest => ({ object })), { policies: false }).problems.filter((problem) => problem.severity === 'error');

describe('reference checks', () => {
  test('optional ConfigMap and Secret references may be missing', () => {
    const podSpec = {
      containers: [{ ...container, envFrom: [{ configMapRef: { name: 'maybe', optional: true } }], env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 's', key: 'k', optional: true } } }] }],
      volumes: [{ name: 'v', secret: { secretName: 'certs', optional: true } }],
    };
    expect(errors([web(podSpec)])).toEqual([]);
  });

  test('a Service selecting pods by a subset of their labels matches, one selecting an extra label does not', () => {
    const service = (selector: Record<string, string>): KubeObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector, ports: [{ port: 80, targetPort: 'http' }] } });
    expect(errors([web({}, { app: 'web', tier: 'front' }), service({ app: 'web' })])).toEqual([]);
    expect(errors([web(), service({ app: 'web', tier: 'front' })]).map((problem) => problem.ruleId)).toEqual(['reference/service-selects-nothing']);
  });

  test('references do not cross namespaces', () => {
    const config: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'other' }, data: {} };
    const namespaces: KubeObject[] = ['other', 'shop'].map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }));
    const deployment = web({ containers: [{ ...container, envFrom: [{ configMapRef: { name: 'settings' } }] }] });
    const inShop = { ...deployment, metadata: { name: 'web', namespace: 'shop' } };
    expect(errors([...namespaces, config, inShop]).map((problem) => problem.ruleId)).toEqual(['reference/missing-configmap']);
  });

  test('an Ingress TLS Secret issued by cert-manager need not be in the output', () => {
    const ingress: KubeObject = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'web', annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt' } },
      // The server wants rules or a default backend; a resource backend refers to nothing the checks look for.
      spec: { tls: [{ hosts: ['a.example.com'], secretName: 'a-tls' }], defaultBackend: { resource: { apiGroup: 'k8s.example.com', kind: 'Bucket', name: 'static' } } },
    };
    expect(errors([ingress])).toEqual([]);
  });

  test('a duplicate names where the first object came from', () => {
    const config: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } };
    const report = validateManifests([{ object: config, constructPath: 'prod/a/c' }, { object: config, constructPath: 'prod/b/c' }]);
    expect(report.problems).toEqual([expect.objectContaining({ ruleId: 'reference/duplicate-object', constructPath: 'prod/b/c', message: expect.stringContaining('also at prod/a/c') })]);
  });

  test('the same name in two API groups is not a duplicate', () => {
    const a: KubeObject = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'x' }, spec: { podSelector: {} } };
    const b: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } };
    expect(errors([a, b])).toEqual([]);
  });

  test('a budget that allows no disruption is a warning', () => {
    const budget: KubeObject = { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web' }, spec: { maxUnavailable: 0, selector: { matchLabels: { app: 'web' } } } };
    const report = validateManifests([{ object: web() }, { object: budget }], { policies: false });
    expect(report.problems.map((problem) => [problem.ruleId, problem.severity])).toEqual([['reference/pdb-blocks-eviction', 'warning']]);
  });
});

describe('access control and network references', () => {
  const inShop = (object: KubeObject): KubeObject => ({ ...object, metadata: { ...object.metadata, namespace: 'shop' } });
  const shop: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } };
  const account = (name: string, extra: Record<string, unknown> = {}): KubeObject => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: 'shop' }, ...extra });
  const role: KubeObject = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'reader', namespace: 'shop' }, rules: [] };
  const binding = (roleRef: Record<string, string>, subjects: Record<string, string>[], kind = 'RoleBinding'): KubeObject => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind,
    metadata: kind === 'RoleBinding' ? { name: 'b', namespace: 'shop' } : { name: 'b' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', ...roleRef },
    subjects,
  });
  const found = (objects: KubeObject[]) =>
    validateManifests(objects.map((object): Manifest => ({ object })), { policies: false, podSecurity: false }).problems.map((problem) => `${problem.severity} ${problem.ruleId} ${problem.fieldPath ?? ''} ${problem.value === undefined ? '' : JSON.stringify(problem.value).replace(/^"|"$/g, '')}`.trim());

  test('a RoleBinding to a Role and ServiceAccount of the output passes', () => {
    expect(found([shop, role, account('backup'), binding({ kind: 'Role', name: 'reader' }, [{ kind: 'ServiceAccount', name: 'backup' }])])).toEqual([]);
  });

  test('fails when a binding names a Role or ServiceAccount that is not in the output', () => {
    expect(found([shop, binding({ kind: 'Role', name: 'reader' }, [{ kind: 'ServiceAccount', name: 'backup', namespace: 'shop' }])])).toEqual([
      'error reference/binding-role roleRef.name reader',
      'error reference/binding-subject subjects[0].name backup',
    ]);
  });

  test('a Role of the same name in another namespace does not count', () => {
    const elsewhere: KubeObject = { ...role, metadata: { name: 'reader', namespace: 'other' } };
    const other: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'other' } };
    expect(found([shop, other, elsewhere, binding({ kind: 'Role', name: 'reader' }, [])])).toEqual(['error reference/binding-role roleRef.name reader']);
  });

  test('built-in ClusterRoles, the default ServiceAccount, users, groups and system namespaces need nothing in the output', () => {
    for (const name of ['view', 'edit', 'admin', 'cluster-admin', 'system:auth-delegator']) {
      expect(found([shop, binding({ kind: 'ClusterRole', name }, [{ kind: 'ServiceAccount', name: 'default' }, { kind: 'User', name: 'jane' }, { kind: 'Group', name: 'devs' }])])).toEqual([]);
    }
    expect(found([binding({ kind: 'ClusterRole', name: 'view' }, [{ kind: 'ServiceAccount', name: 'coredns', namespace: 'kube-system' }], 'ClusterRoleBinding')])).toEqual([]);
  });

  test('a ClusterRoleBinding needs its ClusterRole and its subjects in their own namespaces', () => {
    const clusterRole: KubeObject = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'crd-reader' }, rules: [] };
    const subjects = [{ kind: 'ServiceAccount', name: 'backup', namespace: 'shop' }];
    expect(found([shop, clusterRole, account('backup'), binding({ kind: 'ClusterRole', name: 'crd-reader' }, subjects, 'ClusterRoleBinding')])).toEqual([]);
    expect(found([shop, binding({ kind: 'ClusterRole', name: 'crd-reader' }, subjects, 'ClusterRoleBinding')])).toEqual([
      'error reference/binding-role roleRef.name crd-reader',
      'error reference/binding-subject subjects[0].name backup',
    ]);
  });

  test('roles and subjects declared external need nothing in the output', () => {
    const external = binding({ kind: 'Role', name: 'reader' }, [{ kind: 'ServiceAccount', name: 'backup' }]);
    const annotated = { ...external, metadata: { ...external.metadata, annotations: { 'validate.shipshape.io/external': 'Role/reader, ServiceAccount/backup' } } };
    expect(found([shop, annotated])).toEqual([]);
  });

  test("fails when a pod's ServiceAccount is not in the output, except default", () => {
    expect(found([shop, account('backup'), inShop(web({ serviceAccountName: 'backup' }))])).toEqual([]);
    expect(found([shop, inShop(web({ serviceAccountName: 'default' }))])).toEqual([]);
    expect(found([shop, inShop(web({ serviceAccountName: 'backup' }))])).toEqual(['error reference/missing-service-account spec.template.spec.serviceAccountName backup']);
    expect(found([shop, inShop(web({ serviceAccount: 'backup' }))])).toEqual(['error reference/missing-service-account spec.template.spec.serviceAccount backup']);
  });

  test('image pull Secrets must exist and hold docker registry credentials, for pods and ServiceAccounts', () => {
    const keyOf: Record<string, string> = { 'kubernetes.io/dockerconfigjson': '.dockerconfigjson', 'kubernetes.io/dockercfg': '.dockercfg' };
    const secret = (type?: string): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'registry', namespace: 'shop' },
      ...(type === undefined ? {} : { type }),
      // Typed Secrets need their key (the server refuses them without it); 'e30=' is base64 of '{}'.
      data: type === undefined ? {} : { [keyOf[type]!]: 'e30=' },
    });
    const pulling = inShop(web({ imagePullSecrets: [{ name: 'registry' }] }));
    expect(found([shop, secret('kubernetes.io/dockerconfigjson'), pulling])).toEqual([]);
    expect(found([shop, secret('kubernetes.io/dockercfg'), pulling])).toEqual([]);
    expect(found([shop, pulling])).toEqual(['error reference/missing-image-pull-secret spec.template.spec.imagePullSecrets[0].name registry']);
    expect(found([shop, secret(), pulling])).toEqual(['error reference/image-pull-secret-type spec.template.spec.imagePullSecrets[0].name registry']);
    expect(found([shop, account('builder', { imagePullSecrets: [{ name: 'registry' }] })])).toEqual(['error reference/missing-image-pull-secret imagePullSecrets[0].name registry']);
    const external = { ...pulling, metadata: { ...pulling.metadata, annotations: { 'validate.shipshape.io/external': 'Secret/registry' } } };
    expect(found([shop, external])).toEqual([]);
  });

  test('a NetworkPolicy whose pod selector matches no pod template in its namespace is a warning; an empty selector is fine', () => {
    const policy = (podSelector: Record<string, unknown>): KubeObject => ({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'db-ingress', namespace: 'shop' },
      spec: { podSelector, policyTypes: ['Ingress'] },
    });
    expect(found([shop, inShop(web()), policy({ matchLabels: { app: 'web' } })])).toEqual([]);
    expect(found([shop, inShop(web()), policy({ matchExpressions: [{ key: 'app', operator: 'In', values: ['web', 'db'] }] })])).toEqual([]);
    expect(found([shop, inShop(web()), policy({})])).toEqual([]);
    expect(found([shop, inShop(web()), policy({ matchLabels: { app: 'db' } })])).toEqual(['warning reference/network-policy-selects-nothing spec.podSelector']);
    expect(found([shop, web(), policy({ matchLabels: { app: 'web' } })])).toEqual(['warning reference/network-policy-selects-nothing spec.podSelector']);
  });

  test('a NetworkPolicy peer selecting pods of its own namespace that do not exist is a warning; other namespaces are not judged', () => {
    const policy = (peer: Record<string, unknown>): KubeObject => ({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'web-ingress', namespace: 'shop' },
      spec: { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ from: [peer] }], egress: [{ to: [peer] }] },
    });
    expect(found([shop, inShop(web()), policy({ podSelector: { matchLabels: { app: 'web' } } })])).toEqual([]);
    expect(found([shop, inShop(web()), policy({ podSelector: { matchLabels: { app: 'proxy' } }, namespaceSelector: { matchLabels: { team: 'edge' } } })])).toEqual([]);
    expect(found([shop, inShop(web()), policy({ podSelector: { matchLabels: { app: 'proxy' } } })])).toEqual([
      'warning reference/network-policy-peer-selects-nothing spec.ingress[0].from[0].podSelector',
      'warning reference/network-policy-peer-selects-nothing spec.egress[0].to[0].podSelector',
    ]);
  });
});

describe('PriorityClass references', () => {
  const podSpec = (priorityClassName: string) => ({ priorityClassName, containers: [container] });
  const template = (priorityClassName: string) => ({ metadata: { labels: { app: 'web' } }, spec: podSpec(priorityClassName) });
  const selector = { matchLabels: { app: 'web' } };
  /** One object of every kind that makes pods, each naming the class, with the path of its priorityClassName. */
  const everyKind = (priorityClassName: string, annotations: Record<string, string> = {}): Array<[KubeObject, string]> => {
    const metadata = (name: string) => ({ name, namespace: 'shop', annotations });
    return [
      [{ apiVersion: 'v1', kind: 'Pod', metadata: metadata('pod'), spec: podSpec(priorityClassName) }, 'spec.priorityClassName'],
      [{ apiVersion: 'apps/v1', kind: 'Deployment', metadata: metadata('deployment'), spec: { selector, template: template(priorityClassName) } }, 'spec.template.spec.priorityClassName'],
      [{ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: metadata('stateful-set'), spec: { selector, serviceName: '', template: template(priorityClassName) } }, 'spec.template.spec.priorityClassName'],
      [{ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: metadata('daemon-set'), spec: { selector, template: template(priorityClassName) } }, 'spec.template.spec.priorityClassName'],
      [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: metadata('replica-set'), spec: { selector, template: template(priorityClassName) } }, 'spec.template.spec.priorityClassName'],
      [{ apiVersion: 'v1', kind: 'ReplicationController', metadata: metadata('controller'), spec: { selector: { app: 'web' }, template: template(priorityClassName) } }, 'spec.template.spec.priorityClassName'],
      [{ apiVersion: 'batch/v1', kind: 'Job', metadata: metadata('job'), spec: { template: { spec: { ...podSpec(priorityClassName), restartPolicy: 'Never' } } } }, 'spec.template.spec.priorityClassName'],
      [
        { apiVersion: 'batch/v1', kind: 'CronJob', metadata: metadata('cron-job'), spec: { schedule: '@daily', jobTemplate: { spec: { template: { spec: { ...podSpec(priorityClassName), restartPolicy: 'Never' } } } } } },
        'spec.jobTemplate.spec.template.spec.priorityClassName',
      ],
    ];
  };
  const shop: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } };
  const priorityClass = (name: string): KubeObject => ({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name }, value: 1000 });
  const missing = (objects: KubeObject[]) =>
    validateManifests(objects.map((object): Manifest => ({ object })), { policies: false, podSecurity: false })
      .problems.filter((problem) => problem.ruleId === 'reference/missing-priority-class')
      .map((problem) => ({ severity: problem.severity, object: `${problem.object.kind} ${problem.object.name ?? ''}`, fieldPath: problem.fieldPath, value: problem.value, message: problem.message, fix: problem.fix }));

  test('fails for every kind of pod and pod template whose PriorityClass is not in the output, naming the object, the field, the class and the fix', () => {
    const objects = everyKind('platform-high');
    expect(missing([shop, ...objects.map(([object]) => object)])).toEqual(
      objects.map(([object, fieldPath]) => ({
        severity: 'error',
        object: `${object.kind} ${object.metadata?.name ?? ''}`,
        fieldPath,
        value: 'platform-high',
        message: 'PriorityClass "platform-high" is not part of the output and is not built in; the API server refuses pods whose PriorityClass does not exist',
        fix: 'Add the PriorityClass, use system-cluster-critical or system-node-critical, or mark it as external: validate.shipshape.io/external: "PriorityClass/platform-high".',
      })),
    );
  });

  test('a PriorityClass of the output, a built-in class or one marked external passes', () => {
    const objects = (name: string, annotations?: Record<string, string>) => everyKind(name, annotations).map(([object]) => object);
    expect(missing([shop, priorityClass('platform-high'), ...objects('platform-high')])).toEqual([]);
    expect(missing([shop, ...objects('system-cluster-critical'), ...objects('system-node-critical').map((object) => ({ ...object, metadata: { ...object.metadata, name: `${object.metadata?.name ?? ''}-node` } }))])).toEqual([]);
    expect(missing([shop, ...objects('platform-high', { 'validate.shipshape.io/external': 'PriorityClass/platform-high' })])).toEqual([]);
    expect(missing([shop, ...objects('platform-high', { 'validate.shipshape.io/external': 'PriorityClass/*' })])).toEqual([]);
    // A class of another name does not count, nor a mark for another class.
    expect(missing([shop, priorityClass('platform-low'), ...objects('platform-high', { 'validate.shipshape.io/external': 'PriorityClass/platform-low' })])).toHaveLength(8);
  });

  test('fails for a system- class that is not built in, even when marked external, as no cluster can have it', () => {
    const [[pod]] = everyKind('system-very-critical', { 'validate.shipshape.io/external': 'PriorityClass/system-very-critical' }) as [[KubeObject, string]];
    expect(missing([shop, pod])).toEqual([
      expect.objectContaining({
        fieldPath: 'spec.priorityClassName',
        value: 'system-very-critical',
        message: expect.stringContaining('cannot exist: names that start with "system-" are reserved for the cluster\'s own classes, system-cluster-critical and system-node-critical'),
      }),
    ]);
  });
});

describe('PriorityClasses that ResourceQuotas are scoped to', () => {
  const shop: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } };
  const priorityClass = (name: string): KubeObject => ({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name }, value: 1000 });
  const quota = (expressions: Record<string, unknown>[], annotations: Record<string, string> = {}): KubeObject => ({
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: { name: 'q', namespace: 'shop', annotations },
    spec: { hard: { pods: '10' }, scopeSelector: { matchExpressions: expressions } },
  });
  const found = (objects: KubeObject[]) =>
    validateManifests(objects.map((object): Manifest => ({ object })), { policies: false, podSecurity: false }).problems.map((problem) => ({
      severity: problem.severity,
      ruleId: problem.ruleId,
      fieldPath: problem.fieldPath,
      value: problem.value,
      message: problem.message,
      fix: problem.fix,
    }));

  test('warns about each class, counted or excluded, that is neither in the output nor built in, naming the field, the class, the effect and the fix', () => {
    const expressions = [
      { scopeName: 'PriorityClass', operator: 'In', values: ['platform-high', 'system-node-critical', 'platform-hgih'] },
      { scopeName: 'PriorityClass', operator: 'NotIn', values: ['platform-lwo'] },
    ];
    expect(found([shop, priorityClass('platform-high'), quota(expressions)])).toEqual([
      {
        severity: 'warning',
        ruleId: 'reference/quota-priority-class',
        fieldPath: 'spec.scopeSelector.matchExpressions[0].values[2]',
        value: 'platform-hgih',
        message: 'PriorityClass "platform-hgih" is not part of the output and is not built in; until it exists, the quota counts no pod of it',
        fix: 'Correct the name, add the PriorityClass, or mark it as existing in the cluster: validate.shipshape.io/external: "PriorityClass/platform-hgih" (PriorityClass.fromPriorityClassName() in a construct).',
      },
      expect.objectContaining({
        severity: 'warning',
        fieldPath: 'spec.scopeSelector.matchExpressions[1].values[0]',
        value: 'platform-lwo',
        message: 'PriorityClass "platform-lwo" is not part of the output and is not built in; until it exists, excluding it excludes no pod',
      }),
    ]);
  });

  test('a class marked external, one with a stray namespace, Exists and other scopes pass; a reserved system- name is warned about even when marked external', () => {
    const marked = quota([{ scopeName: 'PriorityClass', operator: 'In', values: ['platform-high', 'system-very-critical'] }], { 'validate.shipshape.io/external': 'PriorityClass/platform-high, PriorityClass/system-very-critical' });
    expect(found([shop, marked])).toEqual([
      expect.objectContaining({
        value: 'system-very-critical',
        message: 'PriorityClass "system-very-critical" cannot exist: names that start with "system-" are reserved for the cluster\'s own classes, system-cluster-critical and system-node-critical; the quota counts no pod of it',
      }),
    ]);
    const other = quota([{ scopeName: 'PriorityClass', operator: 'Exists' }, { scopeName: 'Terminating', operator: 'Exists' }]);
    expect(found([shop, other])).toEqual([]);
    const stray: KubeObject = { ...priorityClass('platform-high'), metadata: { name: 'platform-high', namespace: 'shop' } };
    expect(found([shop, stray, quota([{ scopeName: 'PriorityClass', operator: 'In', values: ['platform-high'] }])]).map((problem) => problem.ruleId)).toEqual([
      'reference/cluster-scoped-namespace',
    ]);
  });
});

describe('cluster-scoped objects that carry a namespace by mistake', () => {
  const shop: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } };
  const inShop = (object: KubeObject): KubeObject => ({ ...object, metadata: { ...object.metadata, namespace: 'shop' } });
  const found = (objects: KubeObject[]) =>
    validateManifests(objects.map((object): Manifest => ({ object })), { policies: false, podSecurity: false }).problems.map(
      (problem) => `${problem.severity} ${problem.ruleId} ${problem.object.kind} ${problem.fieldPath ?? ''} ${JSON.stringify(problem.value)}`,
    );
  const priorityClass: KubeObject = { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'platform-high', namespace: 'shop' }, value: 1000 };
  const clusterRole: KubeObject = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'crd-reader', namespace: 'shop' }, rules: [] };
  const account: KubeObject = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'backup', namespace: 'shop' } };
  const binding = (kind: 'RoleBinding' | 'ClusterRoleBinding', subjects: Record<string, string>[]): KubeObject => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind,
    metadata: { name: 'b', namespace: 'shop' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'crd-reader' },
    subjects,
  });

  test('a PriorityClass with a namespace gets the one error, and the pods that name it resolve to it', () => {
    const pod: KubeObject = inShop({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { priorityClassName: 'platform-high', containers: [container] } });
    expect(found([shop, priorityClass, pod, inShop(web({ priorityClassName: 'platform-high' }))])).toEqual([
      'error reference/cluster-scoped-namespace PriorityClass metadata.namespace "shop"',
    ]);
    // Another namespace on it, or none on the pods, makes no difference: there is one PriorityClass in the cluster.
    expect(found([shop, { ...priorityClass, metadata: { name: 'platform-high', namespace: 'elsewhere' } }, pod])).toEqual([
      'error reference/cluster-scoped-namespace PriorityClass metadata.namespace "elsewhere"',
    ]);
  });

  test('a ClusterRole with a namespace gets the one error, and the RoleBindings and ClusterRoleBindings that name it resolve to it', () => {
    const subjects = [{ kind: 'ServiceAccount', name: 'backup', namespace: 'shop' }];
    expect(found([shop, account, clusterRole, binding('RoleBinding', subjects)])).toEqual([
      'error reference/cluster-scoped-namespace ClusterRole metadata.namespace "shop"',
    ]);
    expect(found([shop, account, clusterRole, binding('ClusterRoleBinding', subjects)])).toEqual([
      'error reference/cluster-scoped-namespace ClusterRole metadata.namespace "shop"',
      'error reference/cluster-scoped-namespace ClusterRoleBinding metadata.namespace "shop"',
    ]);
  });

  test('a ServiceAccount subject without a namespace in a ClusterRoleBinding gets the API server\'s error only, even when the binding carries a namespace', () => {
    const subjects = [{ kind: 'ServiceAccount', name: 'backup' }];
    const role: KubeObject = { ...clusterRole, metadata: { name: 'crd-reader' } };
    const clusterBinding = binding('ClusterRoleBinding', subjects);
    expect(found([shop, account, role, { ...clusterBinding, metadata: { name: 'b' } }])).toEqual(['error api/subject-namespace ClusterRoleBinding subjects[0].namespace undefined']);
    expect(found([shop, account, role, clusterBinding])).toEqual([
      'error api/subject-namespace ClusterRoleBinding subjects[0].namespace undefined',
      'error reference/cluster-scoped-namespace ClusterRoleBinding metadata.namespace "shop"',
    ]);
  });

  test('two cluster-scoped objects of one kind and name are duplicates whatever namespaces they carry', () => {
    const plain: KubeObject = { ...priorityClass, metadata: { name: 'platform-high' } };
    expect(found([shop, plain, priorityClass])).toEqual([
      'error reference/duplicate-object PriorityClass metadata.name "platform-high"',
      'error reference/cluster-scoped-namespace PriorityClass metadata.namespace "shop"',
    ]);
  });

  test('a custom kind named like a built-in cluster-scoped one is namespaced: no namespace error, and one per namespace is no duplicate', () => {
    const definition = oneVersionCrd({
      group: 'management.cattle.io', kind: 'Node', plural: 'nodes', version: 'v3',
      schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
    });
    const node = (namespace: string): KubeObject => ({ apiVersion: 'management.cattle.io/v3', kind: 'Node', metadata: { name: 'm-1', namespace } });
    const namespaces: KubeObject[] = ['c-a', 'c-b'].map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }));
    expect(errors([definition, ...namespaces, node('c-a'), node('c-b')])).toEqual([]);
    // The built-in Node with a namespace is still refused.
    expect(errors([...namespaces, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n-1', namespace: 'c-a' } }]).map((problem) => problem.ruleId)).toEqual(['reference/cluster-scoped-namespace']);
  });
});
