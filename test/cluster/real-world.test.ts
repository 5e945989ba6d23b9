/**
 * Real-world manifests (test/validate/real-world/fixtures) on a real kube-apiserver 1.36: every document whose pinned
 * offline verdict has an error of a family the server enforces is refused by a server-side dry run, and every other
 * document is accepted, except the recorded known disagreements (checked both ways, so the record cannot go stale).
 * The cluster is prepared as a platform team would: the fixtures' CRDs installed and their Namespaces created. Then
 * constructs that `shipshape import` generates from the Gateway API CRDs are synthesized and dry-run on the server.
 * Skipped like the cluster suite when Go or kubectl is missing, unless SHIPSHAPE_REQUIRE_CLUSTER=1.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseManifestsFromYaml } from '../../src/validate';
import { FIXTURES, fixtureCrds, fixtureFiles, serverShouldRefuse } from '../validate/real-world/real-world';
import { KNOWN_DISAGREEMENTS, PINNED_VERDICTS } from '../validate/real-world/verdicts';
import { REPO, runMain } from '../helpers/cli';
import { kubectl } from './cli-runner';
import { describeCluster, useCluster } from './harness';

/** Every document of the fixtures, keyed as the pinned verdicts are. */
function fixtureDocuments(): { key: string; object: object }[] {
  return fixtureFiles().flatMap((file) =>
    parseManifestsFromYaml(readFileSync(join(FIXTURES, file), 'utf8'), file).manifests.map((manifest) => {
      const { kind, metadata } = manifest.object;
      const where = metadata.namespace === undefined ? '' : `${metadata.namespace}/`;
      return { key: `${file}#${manifest.documentIndex ?? -1} ${kind} ${where}${metadata.name ?? '(unnamed)'}`, object: manifest.object };
    }),
  );
}

describeCluster('real-world manifests on kube-apiserver 1.36', () => {
  const harness = useCluster({ workPrefix: 'shipshape-real-world-' });

  beforeAll(() => {
    const crds = fixtureCrds().map((crd) => JSON.stringify(crd)).join('\n');
    for (const args of [['apply', '--server-side', '--filename=-'], ['wait', '--for=condition=Established', '--timeout=60s', '--filename=-']]) {
      const result = kubectl(args, harness.kubeconfig, crds);
      if (result.code !== 0) throw new Error(`kubectl ${args[0]} of the fixtures' CRDs failed: ${result.stderr}`);
    }
    const namespaces = new Set(fixtureDocuments().map(({ object }) => (object as { metadata: { namespace?: string } }).metadata.namespace).filter((name) => name !== undefined));
    for (const namespace of namespaces) {
      const result = kubectl(['create', 'namespace', namespace], harness.kubeconfig);
      if (result.code !== 0 && !/AlreadyExists/.test(result.stderr)) throw new Error(`kubectl create namespace ${namespace} failed: ${result.stderr}`);
    }
  }, 120_000);

  test('the server refuses exactly the documents whose verdict says it does, apart from the recorded disagreements', () => {
    const differences: string[] = [];
    const documents = fixtureDocuments();
    expect(documents.map(({ key }) => key).sort()).toEqual(Object.keys(PINNED_VERDICTS).sort());
    for (const { key, object } of documents) {
      const errors = PINNED_VERDICTS[key] ?? [];
      const known = KNOWN_DISAGREEMENTS[key];
      const refuses = serverShouldRefuse({ file: '', document: 0, object: '', errors }) !== (known !== undefined);
      const result = kubectl(['apply', '--server-side', '--force-conflicts', '--dry-run=server', '--field-manager=shipshape', '--filename=-'], harness.kubeconfig, JSON.stringify(object));
      const refused = result.code !== 0;
      if (refused !== refuses) {
        differences.push(
          `${key}: the server ${refused ? `refuses it (${result.stderr.trim().split('\n')[0]})` : 'accepts it'}, ` +
            `but the pinned verdict [${errors.join(', ')}]${known === undefined ? '' : ` with the known disagreement "${known}"`} says it ${refuses ? 'refuses' : 'accepts'} it`,
        );
      }
    }
    expect(differences).toEqual([]);
  }, 300_000);

  test('constructs imported from the Gateway API CRDs synthesize to objects the server accepts, CEL rules on defaulted fields included', async () => {
    const imports = join(harness.work, 'imports');
    const imported = await runMain(['import', join(FIXTURES, 'gateway-api-crds.yaml'), '-o', imports, '--module', join(REPO, 'src')], { cwd: harness.work });
    expect(imported).toMatchObject({ code: 0, stderr: '' });
    mkdirSync(join(harness.work, 'charts'));
    // The route leaves group and kind of its references to the CRD's defaults, which its CEL rules read.
    writeFileSync(join(harness.work, 'charts', 'main.ts'), `
import { App, AppChart, Deployment, Environment, Service } from ${JSON.stringify(join(REPO, 'src'))};
import { GatewayClassV1, GatewayV1, HTTPRouteV1 } from '../imports/gateway.networking.k8s.io';

export function buildApp(): App {
  const app = new App();
  const chart = new AppChart(new Environment(app, 'dev'), 'shop');
  const web = new Deployment(chart, 'Web', { containers: [{ image: 'nginx:1.27.2', ports: [{ number: 8080, name: 'http' }] }] });
  const service = new Service(chart, 'Service', { name: 'web', selects: web, ports: [{ port: 80, targetPort: 'http' }] });
  new GatewayClassV1(chart, 'Class', { name: 'example', spec: { controllerName: 'example.com/gateway-controller' } });
  new GatewayV1(chart, 'Gateway', { name: 'shop', spec: { gatewayClassName: 'example', listeners: [{ name: 'http', protocol: 'HTTP', port: 80, hostname: 'shop.example.com' }] } });
  new HTTPRouteV1(chart, 'Route', { name: 'shop', spec: { parentRefs: [{ name: 'shop' }], hostnames: ['shop.example.com'], rules: [{ backendRefs: [{ name: service.name, port: 80 }] }] } });
  return app;
}
`);
    const synth = await runMain(['synth', '--app', 'charts/main.ts', '-o', 'dist', '--kubernetes-version', '1.36', '-q'], { cwd: harness.work });
    expect(synth).toMatchObject({ code: 0, stderr: '' });
    const output = join(harness.work, 'dist', 'dev', 'shop.k8s.yaml');
    expect(readFileSync(output, 'utf8')).toMatch(/kind: HTTPRoute/);
    // The server can dry-run objects of a Namespace only once it exists.
    expect(kubectl(['create', 'namespace', 'shop-dev'], harness.kubeconfig).stderr).toBe('');
    const dryRun = kubectl(['apply', '--server-side', '--dry-run=server', `--filename=${output}`], harness.kubeconfig);
    expect(dryRun.stderr).toBe('');
    expect(dryRun.stdout).toMatch(/httproute\.gateway\.networking\.k8s\.io\/shop serverside-applied \(server dry run\)/);
  }, 180_000);
});
