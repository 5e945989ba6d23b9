/** `npx cdk8s synth` works from cdk8s.yaml and runs the same fast pipeline as `npm run synth`. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, snapshotFolder, tempDir } from '../helpers/cli';

test('cdk8s synth writes the same manifests as the committed dist/', () => {
  const out = join(tempDir(), 'cdk8s.out');
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith('MONGO')) delete env[key];
  // --no-check-upgrade: cdk8s-cli otherwise asks the registry for a newer version of itself.
  const printed = execFileSync(join(REPO, 'node_modules', '.bin', 'cdk8s'), ['synth', '--no-check-upgrade', '--output', out], { cwd: REPO, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
  expect(printed).toMatch(/dev\/mongo\.k8s\.yaml/);
  const committed = snapshotFolder(join(REPO, 'dist'));
  const written = snapshotFolder(out);
  for (const file of Object.keys(committed).filter((f) => !f.endsWith('.secrets.k8s.yaml'))) {
    expect({ file, content: readFileSync(join(out, file), 'utf8') }).toEqual({ file, content: readFileSync(join(REPO, 'dist', file), 'utf8') });
  }
  expect(Object.keys(written).sort()).toEqual([...Object.keys(committed), 'dev/mongo.secrets.k8s.yaml'].filter((v, i, a) => a.indexOf(v) === i).sort());
});
