import { validateYaml } from '../../src/validate';
import { parseQuantity } from '../../src/validate/private/quantity';

const NS = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team\n';
const deployment = (resources: string, replicas = 1): string => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: team}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: main
          image: nginx:1.27.0
          resources: ${resources}
`;
const limitRange = (item: string): string => `apiVersion: v1\nkind: LimitRange\nmetadata: {name: limits, namespace: team}\nspec:\n  limits:\n    - ${item}\n`;
const quota = (hard: string, extra = ''): string => `apiVersion: v1\nkind: ResourceQuota\nmetadata: {name: quota, namespace: team}\nspec:\n  hard: ${hard}\n${extra}`;

const findings = (...documents: string[]) =>
  validateYaml([{ file: 'x.yaml', text: [NS, ...documents].join('---\n') }], { kubernetesVersions: ['1.36'], policies: false }).problems
    .filter((problem) => problem.ruleId.startsWith('admission/'))
    .map((problem) => `${problem.severity} ${problem.ruleId} ${problem.fieldPath ?? ''}: ${problem.message}`);

describe('budgets: pods against their namespace\'s LimitRanges and ResourceQuotas', () => {
  test('a container within the bounds, or filled in by the defaults, passes', () => {
    expect(findings(limitRange('{type: Container, max: {cpu: "2"}, min: {memory: 32Mi}, defaultRequest: {memory: 64Mi}}'), deployment('{limits: {cpu: 500m}}'))).toEqual([]);
  });

  test('a limit above the LimitRange max is an error, as LimitRanger refuses the pods', () => {
    expect(findings(limitRange('{type: Container, max: {cpu: "1"}}'), deployment('{limits: {cpu: "2"}}'))).toEqual([
      expect.stringMatching(/^error admission\/limit-range spec\.template\.spec\.containers\[0\]\.resources\.limits\.cpu: cpu limit 2 is above the most a container may use, 1 \(LimitRange limits\)/),
    ]);
  });

  test('a request below the min, and a ratio above the bound, are errors', () => {
    expect(findings(limitRange('{type: Container, min: {memory: 128Mi}, maxLimitRequestRatio: {cpu: "2"}}'), deployment('{requests: {memory: 64Mi, cpu: 100m}, limits: {cpu: 500m}}'))).toEqual([
      expect.stringMatching(/memory request 64Mi is below the least a container must request, 128Mi/),
      expect.stringMatching(/cpu limit\/request is 5, above the namespace's 2/),
    ]);
  });

  test('the max fills in a default limit, so a container without limits passes it', () => {
    expect(findings(limitRange('{type: Container, max: {memory: 1Gi}}'), deployment('{}'))).toEqual([]);
  });

  test('a quota on CPU requests makes every container declare one, unless a LimitRange gives a default', () => {
    expect(findings(quota('{requests.cpu: "4"}'), deployment('{limits: {memory: 1Gi}}'))).toEqual([
      expect.stringMatching(/^error admission\/resource-quota spec\.template\.spec\.containers\[0\]\.resources\.requests\.cpu: no cpu request, but ResourceQuota quota limits requests\.cpu/),
    ]);
    expect(findings(quota('{requests.cpu: "4"}'), limitRange('{type: Container, defaultRequest: {cpu: 100m}}'), deployment('{}'))).toEqual([]);
    expect(findings(quota('{limits.memory: 1Gi}'), deployment('{limits: {memory: 256Mi}}'))).toEqual([]);
  });

  test('workloads that need more than the quota at their replica counts get a warning on the quota', () => {
    expect(findings(quota('{requests.cpu: "1", pods: "3"}'), deployment('{requests: {cpu: 500m}}', 4))).toEqual([
      expect.stringMatching(/^warning admission\/quota-total spec\.hard\.pods: the namespace's workloads need 4 of pods/),
      expect.stringMatching(/^warning admission\/quota-total spec\.hard\.requests\.cpu: the namespace's workloads need 2 of requests\.cpu at their replica counts \(autoscaled ones at their maximum\), above the quota's 1/),
    ]);
  });

  test('scoped quotas and other namespaces are left alone', () => {
    expect(findings(quota('{requests.cpu: "1"}', '  scopes: [Terminating]\n'), deployment('{}'))).toEqual([]);
    expect(findings(limitRange('{type: Container, max: {cpu: "1"}}').replace('namespace: team', 'namespace: other'), deployment('{limits: {cpu: "2"}}'))).toEqual([]);
  });

  test.each([
    ['250m', 0.25], ['2', 2], ['1.5', 1.5], ['512Mi', 512 * 2 ** 20], ['1G', 1e9], ['1e3', 1000], ['100n', 1e-7], [3, 3], ['x', undefined], ['1Qi', undefined],
  ])('parses the quantity %p', (text, value) => {
    expect(parseQuantity(text)).toBe(value);
  });
});

test('an autoscaled workload counts at its maximum against the quota', () => {
  const hpa = 'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: web, namespace: team}\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  minReplicas: 1\n  maxReplicas: 5\n';
  expect(findings(quota('{pods: "4"}'), deployment('{}').replace('  replicas: 1\n', ''), hpa)).toEqual([
    expect.stringMatching(/^warning admission\/quota-total spec\.hard\.pods: the namespace's workloads need 5 of pods at their replica counts \(autoscaled ones at their maximum\)/),
  ]);
});
