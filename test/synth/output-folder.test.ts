/**
 * `synth -o` replaces only what synth wrote: never the project, its parents, files, links or foreign folders;
 * staging folders never outlive a run; "git-ignored" is said only after asking git.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../../src/cli/main';
import { checkOutputFolder, cleanStaleStaging, OUTPUT_MARKER, OutputFolderError, readOutputMarker, replaceOutputFolder } from '../../src/synth/write-output';
import { CLI, runCli, snapshotFolder, tempDir, writeApp } from '../helpers/cli';

/** Every entry below a folder, links and folders included, with file hashes: "nothing touched" means equal. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (current: string, prefix: string): void => {
    for (const name of readdirSync(current).sort()) {
      const path = join(current, name);
      const stat = lstatSync(path);
      const key = `${prefix}${name}`;
      if (stat.isSymbolicLink()) out[key] = `link -> ${readlinkSync(path)}`;
      else if (stat.isDirectory()) {
        out[key] = 'dir';
        walk(path, `${key}/`);
      } else out[key] = readFileSync(path, 'utf8');
    }
  };
  walk(dir, '');
  return out;
}

/** A project folder: sources, a README, a .git folder, and a sibling project next to it. */
function project(): { root: string; dir: string } {
  const root = tempDir();
  const dir = join(root, 'project');
  mkdirSync(join(dir, 'src'), { recursive: true });
  mkdirSync(join(dir, '.git'));
  writeFileSync(join(dir, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  writeFileSync(join(dir, 'README.md'), '# project\n');
  writeFileSync(join(dir, 'src', 'index.ts'), 'export {};\n');
  mkdirSync(join(root, 'sibling'));
  writeFileSync(join(root, 'sibling', 'keep.txt'), 'keep\n');
  return { root, dir };
}

async function synthIn(cwd: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number; stderr: string }> {
  const stderr = new PassThrough();
  let err = '';
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const code = await main(['synth', ...args], { stdout: new PassThrough(), stderr, stdin: new PassThrough(), cwd, env, interactive: false });
  return { code, stderr: err };
}

describe('synth refuses output folders it did not write, with exit 2 and nothing touched', () => {
  const cases: ReadonlyArray<[string, (dir: string) => string[], RegExp]> = [
    ['-o . (the project itself, .git included)', () => ['-o', '.'], /working folder or one of its ancestors/],
    ['-o .. (the parent and its other projects)', () => ['-o', '..'], /working folder or one of its ancestors/],
    ['-o / (the root)', () => ['-o', '/'], /root of the file system/],
    ['-o README.md (a file)', () => ['-o', 'README.md'], /is a file, not a folder/],
    ['-o src (a folder of sources)', () => ['-o', 'src'], /holds files that shipshape did not write \('index\.ts'\)/],
    ['-o linked (a symbolic link to a folder)', (dir) => {
      mkdirSync(join(dir, 'real-out'));
      symlinkSync(join(dir, 'real-out'), join(dir, 'linked'));
      return ['-o', 'linked'];
    }, /symbolic link/],
  ];
  test.each(cases)('%s', async (_name, setUp, message) => {
    const { root, dir } = project();
    const args = setUp(dir);
    const before = tree(root);
    const result = await synthIn(dir, [...args, '--app', 'missing.ts']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toMatch(/Nothing was changed/);
    expect(tree(root)).toEqual(before);
  });

  test('CDK8S_OUTDIR pointing at the project is refused the same way', async () => {
    const { root, dir } = project();
    const before = tree(root);
    const result = await synthIn(dir, ['--app', 'missing.ts'], { ...process.env, CDK8S_OUTDIR: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/working folder or one of its ancestors/);
    expect(tree(root)).toEqual(before);
  });

  test('the library refuses too, before and after writing the staging folder', () => {
    const { root, dir } = project();
    const before = tree(root);
    expect(() => replaceOutputFolder(join(dir, 'src'), [{ path: 'a.k8s.yaml', content: 'x' }], { cwd: dir })).toThrow(OutputFolderError);
    expect(() => replaceOutputFolder(dir, [{ path: 'a.k8s.yaml', content: 'x' }], { cwd: join(dir, 'src') })).toThrow(/working folder or one of its ancestors/);
    expect(tree(root)).toEqual(before);
  });
});

describe('synth replaces what it may', () => {
  test('an absent, an empty, a marked and a pre-marker shipshape folder are all replaced, and get the marker', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'empty'));
    mkdirSync(join(dir, 'marked'));
    writeFileSync(join(dir, 'marked', OUTPUT_MARKER), '{}\n');
    writeFileSync(join(dir, 'marked', 'notes.txt'), 'written by hand inside an output folder\n');
    mkdirSync(join(dir, 'legacy', 'dev'), { recursive: true });
    writeFileSync(join(dir, 'legacy', 'dev', 'shop.k8s.yaml'), 'old\n');
    writeFileSync(join(dir, 'legacy', 'dev', 'shop.secrets.k8s.yaml'), 'old\n');
    for (const name of ['absent', 'empty', 'marked', 'legacy']) {
      replaceOutputFolder(join(dir, name), [{ path: 'dev/shop.k8s.yaml', content: 'new\n' }], { cwd: dir, appId: 'shop/charts/main' });
      expect(Object.keys(snapshotFolder(join(dir, name))).sort()).toEqual([OUTPUT_MARKER, join('dev', 'shop.k8s.yaml')]);
      expect(readOutputMarker(join(dir, name))).toEqual({ app: 'shop/charts/main' });
      expect(readOutputMarker(join(dir, name, 'dev'))).toEqual({ app: 'shop/charts/main' });
    }
    expect(readdirSync(dir).sort()).toEqual(['absent', 'empty', 'legacy', 'marked']);
  });

  test('checkOutputFolder accepts a folder with subfolders of old output but not one with anything else', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'out', 'dev'), { recursive: true });
    writeFileSync(join(dir, 'out', 'dev', 'a.k8s.yaml'), '');
    expect(() => checkOutputFolder(join(dir, 'out'), dir)).not.toThrow();
    writeFileSync(join(dir, 'out', 'dev', 'notes.md'), '');
    expect(() => checkOutputFolder(join(dir, 'out'), dir)).toThrow(/did not write \('dev'\)/);
  });
});

describe('staging folders', () => {
  test('a killed run\'s staging folder, full of Secrets files, is removed by the next run; a live run\'s is kept', () => {
    const dir = tempDir();
    const out = join(dir, 'dist');
    // A process id that cannot be running: above the kernel's pid_max.
    const dead = join(dir, '.dist.shipshape-staging-99999999-abcdef');
    const live = join(dir, `.dist.shipshape-staging-${process.ppid}-abcdef`);
    const legacy = join(dir, '.dist.next-XyZ123');
    for (const folder of [dead, live, legacy]) {
      mkdirSync(join(folder, 'prod'), { recursive: true });
      writeFileSync(join(folder, 'prod', 'shop.secrets.k8s.yaml'), 'kind: Secret\n');
    }
    const old = new Date(Date.now() - 3600_000);
    utimesSync(legacy, old, old);
    replaceOutputFolder(out, [{ path: 'dev/shop.k8s.yaml', content: 'x\n' }], { cwd: dir });
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(legacy)).toBe(false);
    expect(existsSync(live)).toBe(true);
    expect(cleanStaleStaging(out)).toEqual([]);
  });
});

describe('"git-ignored" is said only when git says so', () => {
  const APP = `
const app = new s.App();
const chart = new s.AppChart(new s.Environment(app, 'dev'), 'shop');
new s.Secret(chart, 'Db', { data: { password: s.SecretValue.fromEnv('SHOP_DB_PASSWORD') } });
`;
  const git = (cwd: string, args: string[]): void => {
    const result = spawnSync('git', args, { cwd, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(result.stderr);
  };

  test('without the rule in .gitignore, synth warns loudly and names the line to add', () => {
    const dir = tempDir();
    git(dir, ['init', '-q']);
    writeFileSync(join(dir, '.gitignore'), 'node_modules/\n');
    const app = writeApp(dir, APP);
    const result = runCli(['synth', '--app', app, '-o', 'dist'], { cwd: dir, env: { SHOP_DB_PASSWORD: 'secret-value-123' } });
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('files, git-ignored');
    expect(result.stdout).toContain('NOT git-ignored');
    expect(result.stderr).toMatch(/WARNING: a Secrets file holds real credentials, but git does not ignore:\n {2}dist\/dev\/shop\.secrets\.k8s\.yaml\n/);
    expect(result.stderr).toContain('Add this line to .gitignore');
    expect(result.stderr).toContain('\n  *.secrets.k8s.yaml\n');
  });

  test('with the old rule (dist/**/*.secrets.k8s.yaml), synth warns that staging folders are not covered', () => {
    const dir = tempDir();
    git(dir, ['init', '-q']);
    writeFileSync(join(dir, '.gitignore'), 'dist/**/*.secrets.k8s.yaml\n');
    const result = runCli(['synth', '--app', writeApp(dir, APP), '-o', 'dist'], { cwd: dir, env: { SHOP_DB_PASSWORD: 'secret-value-123' } });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/WARNING: a Secrets file holds real credentials, but git does not ignore:\n {2}synth's staging folders \.dist\.shipshape-staging-\*, where they are written first\n/);
    expect(result.stderr).toContain('\n  *.secrets.k8s.yaml\n');
  });

  test('with the rule, synth says git-ignored and warns about nothing', () => {
    const dir = tempDir();
    git(dir, ['init', '-q']);
    writeFileSync(join(dir, '.gitignore'), '*.secrets.k8s.yaml\n');
    const result = runCli(['synth', '--app', writeApp(dir, APP), '-o', 'dist'], { cwd: dir, env: { SHOP_DB_PASSWORD: 'secret-value-123' } });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('(1 of them Secrets files, git-ignored, mode 0600)');
    expect(result.stderr).toBe('');
  });

  test('outside a git work tree, synth says it did not check', () => {
    const dir = tempDir();
    const result = runCli(['synth', '--app', writeApp(dir, APP), '-o', 'dist'], { cwd: dir, env: { SHOP_DB_PASSWORD: 'secret-value-123', GIT_CEILING_DIRECTORIES: dir } });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('not checked against git: the output folder is not in a git work tree');
  });
});

describe('a run killed while writing', () => {
  test.each([
    ['without validation', ['--skip-validation']],
    ['while validation runs beside the writer', []],
  ])('SIGTERM during the write phase (%s) leaves no staging folder: the write finishes or is undone, then the process ends', async (_name, flags) => {
    const dir = tempDir();
    // Many environments of Secrets files make the write phase long enough to be hit.
    const app = writeApp(dir, `
const app = new s.App();
for (let index = 0; index < 400; index++) {
  const chart = new s.AppChart(new s.Environment(app, 'env' + index), 'shop');
  new s.Secret(chart, 'Db', { data: { password: s.SecretValue.fromEnv('SHOP_DB_PASSWORD') } });
}
`);
    const child = spawn(process.execPath, [CLI, 'synth', '--app', app, '-o', 'dist', ...flags, '-q'], {
      cwd: dir, env: { ...process.env, SHOP_DB_PASSWORD: 'secret-value-123' }, stdio: 'ignore',
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    let sawStaging = false;
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && child.exitCode === null && child.signalCode === null) {
      if (readdirSync(dir).some((name) => name.startsWith('.dist.shipshape-staging-'))) {
        sawStaging = true;
        child.kill('SIGTERM');
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    const signal = await exited;
    expect(sawStaging).toBe(true);
    expect(signal).toBe('SIGTERM');
    expect(readdirSync(dir).filter((name) => name.startsWith('.dist.'))).toEqual([]);
  }, 90_000);
});
