/** Custom resources are checked against the structural schema and CEL rules of their CRDs (real CRDs in test/fixtures/crds). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';
import { KubeObject, Manifest } from '../../src/manifest/kube-object';
import { Problem, validateManifests, ValidateOptions } from '../../src/validate';
import { oneVersionCrd } from '../helpers/crd';

const FIXTURES = join(__dirname, '..', 'fixtures', 'crds');

function crds(...files: string[]): KubeObject[] {
  return files.flatMap((file) => loadAll(readFileSync(join(FIXTURES, file), 'utf8')) as KubeObject[]).filter((doc) => doc !== null);
}

const CERTIFICATE_CRD = 'cert-manager.io_certificates.yaml';
const RULE_CRD = 'monitoring.coreos.com_prometheusrules.yaml';
const SNAPSHOT_CRD = 'snapshot.storage.k8s.io_volumesnapshots.yaml';
const ALL = crds(CERTIFICATE_CRD, RULE_CRD, SNAPSHOT_CRD);

function certificate(spec: Record<string, unknown>): KubeObject {
  return { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'web-tls', namespace: 'shop' }, spec };
}
const GOOD_SPEC = { secretName: 'web-tls', dnsNames: ['shop.example.com'], issuerRef: { name: 'letsencrypt', kind: 'ClusterIssuer' } };

function problemsOf(objects: KubeObject[], options: ValidateOptions = { customResourceDefinitions: ALL }): Problem[] {
  const manifests: Manifest[] = objects.map((object) => ({ object, constructPath: `shop/${object.metadata.name}` }));
  return [...validateManifests(manifests, { references: false, policies: false, ...options }).problems];
}

const errors = (problems: Problem[]) => problems.filter((problem) => problem.severity === 'error');
const summary = (problems: Problem[]) => errors(problems).map((problem) => `${problem.ruleId} ${problem.fieldPath ?? ''}`);

describe('structural schema', () => {
  test('a valid Certificate has no problems', () => {
    expect(problemsOf([certificate(GOOD_SPEC)])).toEqual([]);
  });

  test('an unknown field is an error that names the field and suggests the right spelling', () => {
    const [problem] = errors(problemsOf([certificate({ ...GOOD_SPEC, secretNmae: 'x' })]));
    expect(problem).toMatchObject({ ruleId: 'schema/unknown-field', fieldPath: 'spec.secretNmae', constructPath: 'shop/web-tls' });
    expect(problem?.fix).toMatch(/Did you mean secretName\?/);
  });

  test('unknown fields are found at any depth', () => {
    expect(summary(problemsOf([certificate({ ...GOOD_SPEC, issuerRef: { name: 'x', namespace: 'y' } })]))).toEqual(['schema/unknown-field spec.issuerRef.namespace']);
  });

  test('a value outside the enum is an error listing the allowed values', () => {
    const [problem] = errors(problemsOf([certificate({ ...GOOD_SPEC, privateKey: { algorithm: 'DSA' } })]));
    expect(problem).toMatchObject({ ruleId: 'schema/enum', fieldPath: 'spec.privateKey.algorithm', value: 'DSA' });
    expect(problem?.message).toMatch(/"RSA", "ECDSA", "Ed25519"/);
  });

  test('a missing required field is an error', () => {
    const { issuerRef: _issuer, ...spec } = GOOD_SPEC;
    expect(summary(problemsOf([certificate(spec)]))).toEqual(['schema/required spec.issuerRef']);
  });

  test('a wrong type is an error, and an int32 format bounds integers', () => {
    expect(summary(problemsOf([certificate({ ...GOOD_SPEC, isCA: 'yes', renewBeforePercentage: 3_000_000_000 })]))).toEqual([
      'schema/type spec.isCA',
      'schema/format spec.renewBeforePercentage',
    ]);
  });

  test('a pattern is enforced, including RE2 case-insensitive flags', () => {
    const rule = (group: Record<string, unknown>): KubeObject => ({
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name: 'alerts', namespace: 'shop' },
      spec: { groups: [{ name: 'web', rules: [{ alert: 'Down', expr: 'up == 0', for: '5m' }], ...group }] },
    });
    expect(problemsOf([rule({ partial_response_strategy: 'ABORT', interval: '30s' })])).toEqual([]);
    const [problem] = errors(problemsOf([rule({ interval: '5 minutes' })]));
    expect(problem).toMatchObject({ ruleId: 'schema/pattern', fieldPath: 'spec.groups[0].interval', value: '5 minutes' });
  });

  test('x-kubernetes-int-or-string takes integers and strings only', () => {
    const rule = (expr: unknown): KubeObject => ({
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name: 'alerts', namespace: 'shop' },
      spec: { groups: [{ name: 'web', rules: [{ record: 'one', expr }] }] },
    });
    expect(problemsOf([rule(1)])).toEqual([]);
    expect(summary(problemsOf([rule(true)]))).toEqual(['schema/type spec.groups[0].rules[0].expr']);
  });

  test('list-type map entries must be unique by their keys, and required fields of list items are checked', () => {
    const object: KubeObject = {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name: 'alerts', namespace: 'shop' },
      spec: { groups: [{ name: 'web', rules: [] }, { name: 'web', rules: [{ alert: 'x' }] }] },
    };
    expect(summary(problemsOf([object]))).toEqual(['schema/duplicate-item spec.groups[1]', 'schema/required spec.groups[1].rules[0].expr']);
  });

  test('a required top-level field (spec) is checked, apiVersion/kind/metadata are not', () => {
    const object: KubeObject = { apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule', metadata: { name: 'alerts', namespace: 'shop' } };
    expect(summary(problemsOf([object]))).toEqual(['schema/required spec']);
  });

  test('null is refused unless the field is nullable', () => {
    expect(summary(problemsOf([certificate({ ...GOOD_SPEC, commonName: null })]))).toEqual(['schema/type spec.commonName']);
  });
});

describe('CEL rules', () => {
  function snapshot(source: Record<string, unknown>, extra: Record<string, unknown> = {}): KubeObject {
    return { apiVersion: 'snapshot.storage.k8s.io/v1', kind: 'VolumeSnapshot', metadata: { name: 'snap', namespace: 'shop' }, spec: { source, ...extra } };
  }

  test('a VolumeSnapshot with exactly one source passes its CEL rules, and transition rules are not reported', () => {
    expect(problemsOf([snapshot({ persistentVolumeClaimName: 'data' })])).toEqual([]);
  });

  test('a broken CEL rule is an error with the CRD message and the field', () => {
    const [problem] = errors(problemsOf([snapshot({ persistentVolumeClaimName: 'data', volumeSnapshotContentName: 'content' })]));
    expect(problem).toMatchObject({ ruleId: 'schema/cel', fieldPath: 'spec.source', constructPath: 'shop/snap' });
    expect(problem?.message).toMatch(/exactly one of volumeSnapshotContentName and persistentVolumeClaimName must be set/);
  });

  test('a CEL rule on a string field is checked with the field as self', () => {
    const [problem] = errors(problemsOf([snapshot({ persistentVolumeClaimName: 'data' }, { volumeSnapshotClassName: '' })]));
    expect(problem).toMatchObject({ ruleId: 'schema/cel', fieldPath: 'spec.volumeSnapshotClassName' });
    expect(problem?.message).toMatch(/must not be the empty string/);
  });

  test('a rule the engine cannot evaluate is a warning saying it was not checked, never a pass', () => {
    const crd = structuredClone(crds(RULE_CRD)[0]) as KubeObject & { spec: { versions: { schema: { openAPIV3Schema: { properties: { spec: Record<string, unknown> } } } }[] } };
    const specSchema = crd.spec.versions[0]?.schema.openAPIV3Schema.properties.spec;
    if (specSchema === undefined) throw new Error('fixture changed');
    specSchema['x-kubernetes-validations'] = [{ rule: 'quantity("1Gi").isGreaterThan(quantity("1Mi"))', message: 'never seen' }];
    const object: KubeObject = { apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule', metadata: { name: 'alerts', namespace: 'shop' }, spec: { groups: [] } };
    const problems = problemsOf([object], { customResourceDefinitions: [crd] });
    expect(problems.map((problem) => [problem.ruleId, problem.severity])).toEqual([['schema/cel-unchecked', 'warning']]);
    expect(problems[0]?.message).toMatch(/could not be checked offline.*quantity/);
  });
});

describe('where schemas come from', () => {
  test('a custom resource without its CRD is an error whose fix names the three ways to give one', () => {
    const [problem] = errors(problemsOf([certificate(GOOD_SPEC)], {}));
    expect(problem?.ruleId).toBe('schema/missing');
    expect(problem?.fix).toMatch(/shipshape import/);
    expect(problem?.fix).toMatch(/among the validated objects/);
    expect(problem?.fix).toMatch(/--crd/);
  });

  test('a CRD among the validated objects is used for its custom resources', () => {
    expect(summary(problemsOf([...crds(CERTIFICATE_CRD), certificate({ ...GOOD_SPEC, bogus: 1 })], {}))).toEqual(['schema/unknown-field spec.bogus']);
  });

  test('an apiVersion the CRD does not serve is an error naming the served ones', () => {
    const [problem] = errors(problemsOf([{ ...certificate(GOOD_SPEC), apiVersion: 'cert-manager.io/v1alpha2' }]));
    expect(problem).toMatchObject({ ruleId: 'schema/api-not-served', fieldPath: 'apiVersion' });
    expect(problem?.fix).toMatch(/cert-manager\.io\/v1/);
  });

  test('a cluster-scoped custom resource with a namespace is an error of the reference family, as for built-in kinds (the server drops the namespace)', () => {
    const crd = structuredClone(crds(SNAPSHOT_CRD)[0]) as KubeObject & { spec: { scope: string } };
    crd.spec.scope = 'Cluster';
    const problems = problemsOf([{ apiVersion: 'snapshot.storage.k8s.io/v1', kind: 'VolumeSnapshot', metadata: { name: 's', namespace: 'shop' }, spec: { source: { persistentVolumeClaimName: 'd' } } }], { customResourceDefinitions: [crd] });
    expect(summary(problems)).toEqual(['reference/cluster-scoped-namespace metadata.namespace']);
    expect(errors(problems)[0]?.message).toMatch(/the API server drops it/);
  });

  test('the CRDs themselves pass the Kubernetes schema of CustomResourceDefinition', () => {
    expect(errors(problemsOf(ALL, {}))).toEqual([]);
  });
});

describe('patterns JavaScript cannot run', () => {
  test('are reported as unchecked, not passed', () => {
    const crd = structuredClone(crds(RULE_CRD)[0]) as any;
    crd.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.groups.items.properties.name.pattern = '^[a-z]+(?<name$';
    const object: KubeObject = { apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule', metadata: { name: 'alerts', namespace: 'shop' }, spec: { groups: [{ name: 'web', rules: [] }] } };
    const problems = problemsOf([object], { customResourceDefinitions: [crd] });
    expect(problems.map((problem) => problem.ruleId)).toEqual(['schema/cel-unchecked']);
    expect(problems[0]?.message).toMatch(/pattern \^\[a-z\]\+\(\?<name\$.*not a JavaScript regular expression/);
  });
});

describe('a CRD whose schema is not structural', () => {
  test('is reported on the custom resource instead of stopping the run', () => {
    const crd = structuredClone(crds(RULE_CRD)[0]) as any;
    crd.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.groups.items.properties.name.enum = 'not-a-list';
    const object: KubeObject = { apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule', metadata: { name: 'alerts', namespace: 'shop' }, spec: { groups: [{ name: 'web', rules: [] }] } };
    const problems = problemsOf([object, certificate(GOOD_SPEC)], { customResourceDefinitions: [crd, ...crds(CERTIFICATE_CRD)] });
    expect(problems.map((problem) => [problem.ruleId, problem.object.kind])).toEqual([['schema/crd-unusable', 'PrometheusRule']]);
  });
});

describe('defaults', () => {
  test('a required field with a default may be left out, as the server defaults it before validating', () => {
    const crd = structuredClone(crds(RULE_CRD)[0]) as any;
    const group = crd.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.groups.items;
    group.required = ['name', 'interval'];
    group.properties.interval.default = '30s';
    const object: KubeObject = { apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule', metadata: { name: 'alerts', namespace: 'shop' }, spec: { groups: [{ name: 'web', rules: [] }] } };
    expect(problemsOf([object], { customResourceDefinitions: [crd] })).toEqual([]);
    delete group.properties.interval.default;
    expect(summary(problemsOf([object], { customResourceDefinitions: [crd] }))).toEqual(['schema/required spec.groups[0].interval']);
  });
});

describe('transition rules', () => {
  test('rules with optionalOldSelf run on creation with an empty oldSelf; other oldSelf rules do not', () => {
    const crd = structuredClone(crds(SNAPSHOT_CRD)[0]) as any;
    const className = crd.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.volumeSnapshotClassName;
    className['x-kubernetes-validations'] = [
      { rule: 'oldSelf.hasValue() || self.startsWith("csi-")', optionalOldSelf: true, message: 'new snapshots use a csi- class' },
      { rule: 'self == oldSelf', message: 'never checked on creation' },
    ];
    const object: KubeObject = { apiVersion: 'snapshot.storage.k8s.io/v1', kind: 'VolumeSnapshot', metadata: { name: 's', namespace: 'shop' }, spec: { source: { persistentVolumeClaimName: 'd' }, volumeSnapshotClassName: 'fast' } };
    const problems = problemsOf([object], { customResourceDefinitions: [crd] });
    expect(problems.map((problem) => [problem.ruleId, problem.fieldPath])).toEqual([['schema/cel', 'spec.volumeSnapshotClassName']]);
    expect(problems[0]?.message).toMatch(/new snapshots use a csi- class/);
  });
});

describe('Kubernetes CEL library functions', () => {
  function ruleCrd(rules: { rule: string; message: string }[]) {
    const crd = structuredClone(crds(RULE_CRD)[0]) as any;
    crd.spec.versions[0].schema.openAPIV3Schema.properties.spec['x-kubernetes-validations'] = rules;
    return crd;
  }
  const object = (names: string[]): KubeObject => ({
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: { name: 'alerts', namespace: 'shop' },
    spec: { groups: names.map((name) => ({ name, limit: name.length, rules: [] })) },
  });

  test('list and string functions of the Kubernetes libraries are evaluated', () => {
    const crd = ruleCrd([
      { rule: 'self.groups.map(g, g.name).isSorted()', message: 'groups must be sorted by name' },
      { rule: 'self.groups.map(g, g.limit).sum() <= 10', message: 'at most 10 in all' },
      { rule: 'self.groups.map(g, g.limit).max() <= 5 && self.groups.map(g, g.limit).min() >= 1', message: 'limits 1-5' },
      { rule: 'self.groups.map(g, g.name).lastIndexOf("web") == size(self.groups) - 1 || self.groups.map(g, g.name).indexOf("web") == -1', message: 'web last' },
      { rule: 'self.groups.all(g, g.name.charAt(0) != "_" && g.name.replace("-", "") == g.name.replace("-", "", -1) && g.name.reverse().reverse() == g.name)', message: 'names' },
    ]);
    expect(problemsOf([object(['api', 'web'])], { customResourceDefinitions: [crd] })).toEqual([]);
    const messages = errors(problemsOf([object(['web', 'api', 'longer'])], { customResourceDefinitions: [crd] })).map((problem) => problem.message);
    expect(messages).toEqual([
      expect.stringMatching(/groups must be sorted by name/),
      expect.stringMatching(/at most 10 in all/),
      expect.stringMatching(/limits 1-5/),
      expect.stringMatching(/web last/),
    ]);
  });

  test('has() of a field after an index or a call is evaluated (Gateway API tests has(self.matches[0].path)), strings left alone', () => {
    const crd = ruleCrd([
      { rule: 'size(self.groups) == 0 || has(self.groups[0].limit)', message: 'the first group needs a limit' },
      { rule: '!has(self.groups[0].partial_response_strategy) || "has(x[0].y)" != ""', message: 'never' },
    ]);
    expect(problemsOf([object(['api'])], { customResourceDefinitions: [crd] })).toEqual([]);
    const noLimit: KubeObject = { ...object([]), spec: { groups: [{ name: 'api', rules: [] }] } };
    expect(errors(problemsOf([noLimit], { customResourceDefinitions: [crd] })).map((problem) => problem.message)).toEqual([expect.stringMatching(/the first group needs a limit/)]);
  });

  test('quantity() is not known offline: reported as unchecked', () => {
    const crd = ruleCrd([{ rule: 'quantity("1Gi").isGreaterThan(quantity("1Mi"))', message: 'never' }]);
    expect(problemsOf([object(['a'])], { customResourceDefinitions: [crd] }).map((problem) => problem.ruleId)).toEqual(['schema/cel-unchecked']);
  });
});

describe('what the server does to a custom resource before validating it', () => {
  /** A CRD in the shape of Gateway API's HTTPRoute: defaulted fields that CEL rules read. */
  const routeCrd = oneVersionCrd({
    group: 'example.com', kind: 'Route', plural: 'routes',
    schema: { type: 'object', properties: { spec: { type: 'object', properties: {
      backendRefs: { type: 'array', items: {
        type: 'object', required: ['name'],
        properties: {
          group: { type: 'string', default: '' },
          kind: { type: 'string', default: 'Service', enum: ['Service', 'Bucket'] },
          name: { type: 'string' },
          port: { type: 'integer' },
          weight: { type: 'integer', default: 1, minimum: 0 },
          options: { type: 'object', default: {}, properties: { timeout: { type: 'string', default: '10s' } } },
        },
        'x-kubernetes-validations': [
          { rule: "(size(self.group) == 0 && self.kind == 'Service') ? has(self.port) : true", message: 'Must have port for Service reference' },
          { rule: "self.options.timeout == '10s' || self.weight > 0", message: 'defaults inside defaults' },
        ],
      } },
      labels: { type: 'object', additionalProperties: { type: 'string' } },
    } } } },
  });
  const route = (backendRefs: unknown[], extra: Record<string, unknown> = {}): KubeObject =>
    ({ apiVersion: 'example.com/v1', kind: 'Route', metadata: { name: 'web', namespace: 'shop' }, spec: { backendRefs, ...extra } });
  const check = (object: KubeObject) => summary(problemsOf([object], { customResourceDefinitions: [routeCrd] }));

  test('CEL rules see the fields the schema defaults, also defaults inside defaulted objects', () => {
    expect(check(route([{ name: 'web', port: 80 }]))).toEqual([]);
  });

  test('a rule on a defaulted field still refuses what the server refuses', () => {
    expect(check(route([{ name: 'web' }]))).toEqual(['schema/cel spec.backendRefs[0]']);
    expect(check(route([{ name: 'web', kind: 'Bucket' }]))).toEqual([]);
  });

  test('a null is not replaced by the default: client-side kubectl apply sends it, and the server refuses it', () => {
    expect(check(route([{ name: 'web', port: 80, kind: null }]))).toEqual(['schema/type spec.backendRefs[0].kind']);
  });

});

describe('the API server rules of built-in kinds do not apply to custom resources', () => {
  // Knative Serving's Service: kind Service, no ports or selector, its own pod template.
  const knativeCrd = oneVersionCrd({
    group: 'serving.knative.dev', kind: 'Service', plural: 'services',
    schema: { type: 'object', properties: { spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } },
  });
  const knativeService = (name: string, spec: Record<string, unknown>): KubeObject =>
    ({ apiVersion: 'serving.knative.dev/v1', kind: 'Service', metadata: { name, namespace: 'shop' }, spec });

  test('a Knative Service is not checked as a core Service, nor its selectors as label selectors', () => {
    const spec = {
      template: { spec: { containers: [{ image: 'ghcr.io/knative/helloworld-go:latest', ports: [{ containerPort: 8080 }] }] } },
      selector: { matchLabels: { 'not a label key': 'x' } },
      type: 'Anything',
    };
    expect(summary(problemsOf([knativeService('hello', spec)], { customResourceDefinitions: [knativeCrd] }))).toEqual([]);
  });

  test('its name is a DNS-1123 subdomain, as for every custom resource: dots allowed, capitals refused', () => {
    expect(summary(problemsOf([knativeService('hello.v2', {})], { customResourceDefinitions: [knativeCrd] }))).toEqual([]);
    expect(summary(problemsOf([knativeService('Hello', {})], { customResourceDefinitions: [knativeCrd] }))).toEqual(['api/name metadata.name']);
  });
});
