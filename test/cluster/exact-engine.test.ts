/**
 * The exact engine against the real kube-apiserver 1.36 of test/cluster: every mutant of the mutation corpus
 * (test/validate/mutation-corpus.ts) is created with a server-side dry run (dryRun=All, fieldValidation=Strict,
 * as `kubectl apply --dry-run=server` asks), many requests at a time, and the server's verdict is compared
 * with the engine's. They must agree on every mutant except those listed in SERVER_DIFFERENCES
 * (test/validate/exact-differences.ts), which only admission plugins or allocators decide.
 * Skipped, with a message, when Go or kubectl is missing, unless SHIPSHAPE_REQUIRE_CLUSTER=1.
 */
import { readFileSync } from 'node:fs';
import { request, type RequestOptions } from 'node:https';
import { load } from 'js-yaml';
import { ExactEngine } from '../../src/validate';
import { SERVER_DIFFERENCES } from '../validate/exact-differences';
import { exactEngineBuilt } from '../validate/exact/engine-available';
import { generateMutants, type Mutant } from '../validate/mutation-corpus';
import { kubectl } from './cli-runner';
import { describeCluster, useCluster } from './harness';

/** REST resources of the corpus's kinds: group/version path, plural, namespaced. */
const RESOURCES: Readonly<Record<string, readonly [string, boolean]>> = {
  ConfigMap: ['configmaps', true], Secret: ['secrets', true], Service: ['services', true], ServiceAccount: ['serviceaccounts', true], Pod: ['pods', true],
  PersistentVolumeClaim: ['persistentvolumeclaims', true], Namespace: ['namespaces', false], ResourceQuota: ['resourcequotas', true], LimitRange: ['limitranges', true],
  Deployment: ['deployments', true], StatefulSet: ['statefulsets', true], DaemonSet: ['daemonsets', true], Job: ['jobs', true], CronJob: ['cronjobs', true],
  Ingress: ['ingresses', true], IngressClass: ['ingressclasses', false], NetworkPolicy: ['networkpolicies', true], PodDisruptionBudget: ['poddisruptionbudgets', true],
  HorizontalPodAutoscaler: ['horizontalpodautoscalers', true], Role: ['roles', true], ClusterRole: ['clusterroles', false], RoleBinding: ['rolebindings', true],
  ClusterRoleBinding: ['clusterrolebindings', false], PriorityClass: ['priorityclasses', false], StorageClass: ['storageclasses', false],
};

interface Connection {
  readonly server: URL;
  readonly token: string;
  readonly ca: Buffer | undefined;
}

function connection(kubeconfig: string): Connection {
  const config = load(readFileSync(kubeconfig, 'utf8')) as any;
  const cluster = config.clusters[0].cluster;
  const user = config.users[0].user;
  return {
    server: new URL(cluster.server),
    token: user.token,
    ca: cluster['certificate-authority-data'] ? Buffer.from(cluster['certificate-authority-data'], 'base64') : undefined,
  };
}

/** The server's verdict on creating one object (dry run): true when it refuses it, with its message. */
function serverRefuses(to: Connection, mutant: Mutant): Promise<[boolean, string]> {
  const object = mutant.object as any;
  const [resource, namespaced] = RESOURCES[object.kind] ?? ['unknown', true];
  const apiVersion = String(object.apiVersion);
  const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
  const namespace = typeof object.metadata?.namespace === 'string' ? object.metadata.namespace : 'default';
  const path = `${base}${namespaced ? `/namespaces/${namespace}` : ''}/${resource}?dryRun=All&fieldValidation=Strict`;
  const body = JSON.stringify(object);
  const options: RequestOptions = {
    method: 'POST',
    host: to.server.hostname,
    port: to.server.port,
    path,
    headers: { authorization: `Bearer ${to.token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    ...(to.ca === undefined ? { rejectUnauthorized: false } : { ca: to.ca }),
    timeout: 30_000,
  };
  return new Promise((resolve, reject) => {
    const req = request(options, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => resolve([(response.statusCode ?? 500) >= 400, `${response.statusCode}: ${text.slice(0, 300)}`]));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer to ${mutant.id} within 30 s`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** Runs the requests `parallel` at a time, in order of the results. */
async function inBatches<T>(items: readonly Mutant[], parallel: number, run: (item: Mutant) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await run(items[index] as Mutant);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return results;
}

const ENGINE_UNAVAILABLE = exactEngineBuilt('1.36') ? undefined : 'the 1.36 exact engine is not built';

describeCluster('the exact engine against kube-apiserver 1.36 (server-side dry run of every mutant)', () => {
  const harness = useCluster();
  const mutants = generateMutants();
  let server: [boolean, string][] = [];
  let exact: boolean[] = [];

  // Once the cluster runs: the server's and the engine's verdicts on every mutant.
  beforeAll(async () => {
    // The corpus's objects live in namespace shop (NamespaceLifecycle admission wants it to exist).
    expect(kubectl(['create', 'namespace', 'shop'], harness.kubeconfig).code).toBe(0);
    const to = connection(harness.kubeconfig);
    server = await inBatches(mutants, 16, (mutant) => serverRefuses(to, mutant));
    const engine = ExactEngine.open('1.36');
    try {
      exact = engine.validateSync(mutants.map((mutant) => mutant.object)).map((verdict) => verdict.status !== 'valid');
    } finally {
      engine.close();
    }
  }, 10 * 60_000);

  test('the engine and the server agree on every mutant but the listed admission and allocator decisions', () => {
    const differing = mutants
      .map((mutant, index) => (server[index]?.[0] === exact[index] ? undefined : `${mutant.id} refused by ${exact[index] ? 'exact' : 'server'}`))
      .filter((line): line is string => line !== undefined);
    const listed = SERVER_DIFFERENCES.map((difference) => `${difference.id} refused by ${difference.refusedBy}`);
    const details = differing.filter((line) => !listed.includes(line)).map((line) => `${line} :: ${server[mutants.findIndex((m) => line.startsWith(`${m.id} `))]?.[1] ?? ''}`);
    expect(details).toEqual([]);
    expect(differing.sort()).toEqual(listed.sort());
  });

  test('the server refuses a good share of the mutants, so the comparison is not a trivial one', () => {
    expect(server.filter(([refused]) => refused).length).toBeGreaterThan(mutants.length / 3);
  });
}, { unavailable: ENGINE_UNAVAILABLE });
