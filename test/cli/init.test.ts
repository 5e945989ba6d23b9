/** `shipshape init`, run as users run it. The full npm install / synth / test of a new project is in test/package/. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, runCli, tempDir } from '../helpers/cli';

describe('shipshape init', () => {
  test('writes the project files into a new folder, with shipshape from a tarball path', () => {
    const parent = tempDir();
    writeFileSync(join(parent, 'shipshape-0.1.0.tgz'), '');
    const result = runCli(['init', 'My Shop', '--from', 'shipshape-0.1.0.tgz'], { cwd: parent });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Created 8 files in My Shop\//);
    expect(result.stdout).toMatch(/npm install\n {2}npm run synth/);
    const manifest = JSON.parse(readFileSync(join(parent, 'My Shop', 'package.json'), 'utf8'));
    expect(manifest.name).toBe('my-shop');
    expect(manifest.dependencies.shipshape).toBe(`file:${join(parent, 'shipshape-0.1.0.tgz')}`);
    // The versions shipshape is built and tested with.
    const own = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
    expect(manifest.dependencies.cdk8s).toBe(own.dependencies.cdk8s);
    expect(manifest.devDependencies.typescript).toBe(own.devDependencies.typescript);
    expect(readFileSync(join(parent, 'My Shop', 'cdk8s.yaml'), 'utf8')).toMatch(/^app: npx shipshape synth --app charts\/main\.ts$/m);
  });

  test('defaults to the current folder and to this copy of shipshape', () => {
    const dir = tempDir();
    mkdirSync(join(dir, '.git'));
    const result = runCli(['init'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).dependencies.shipshape).toBe(`file:${REPO}`);
  });

  test('refuses a folder that is not empty, and writes into it with --force', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    const refused = runCli(['init', dir]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/is not empty \(notes\.txt\)\. Use an empty folder, or --force/);
    const forced = runCli(['init', dir, '--force']);
    expect(forced.code).toBe(0);
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('mine');
    expect(readFileSync(join(dir, 'charts', 'main.ts'), 'utf8')).toMatch(/new Environment\(app, settings\.name\)/);
  });

  test('fails with a usage error for a tarball that does not exist or a bad project name', () => {
    const dir = tempDir();
    const missing = runCli(['init', 'app', '--from', 'nope.tgz'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--from: nope\.tgz does not exist/);
    const badName = runCli(['init', 'app', '--name', 'Bad Name'], { cwd: dir });
    expect(badName.code).toBe(2);
    expect(badName.stderr).toMatch(/--name: "Bad Name" is not a valid npm package name/);
  });

  test('is listed in the top-level help', () => {
    expect(runCli(['--help']).stdout).toMatch(/^ {2}init /m);
  });
});
