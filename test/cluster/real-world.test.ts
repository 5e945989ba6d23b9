/**
 * Real-world manifests (test/validate/real-world/fixtures) on a real kube-apiserver 1.36: every document whose pinned
 * offline verdict has an error of a family the server enforces is refused by a server-side dry run, and every other
 * document is accepted, except the recorded known disagreements (checked both ways, so the record cannot go stale).
 * The cluster is prepared as a platform team would: the fixtures' CRDs installed and their Namespaces created.
 * Skipped like the cluster suite when Go or kubectl is missing, unless SHIPSHAPE_REQUIRE_CLUSTER=1.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseManifestsFromYaml } from '../../src/validate';
import { FIXTURES, fixtureCrds, fixtureFiles, serverShouldRefuse } from '../validate/real-world/real-world';
import { KNOWN_DISAGREEMENTS, PINNED_VERDICTS } from '../validate/real-world/verdicts';
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
  const harness = useCluster();

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
});
