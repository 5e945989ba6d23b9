/** The output folder is replaced as a whole, or not at all. */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OUTPUT_MARKER, OutputFile, replaceOutputFolder, replaceOutputFolderWhile } from '../../src/synth';
import { snapshotFolder, tempDir } from '../helpers/cli';

describe('replaceOutputFolder', () => {
  test('replaces every file of the previous output, leaving no stale file behind', () => {
    const parent = tempDir();
    const out = join(parent, 'dist');
    mkdirSync(join(out, 'old-env'), { recursive: true });
    writeFileSync(join(out, 'old-env', 'gone.k8s.yaml'), 'old');
    replaceOutputFolder(out, [{ path: 'dev/app.k8s.yaml', content: 'kind: X\n' }, { path: 'dev/app.secrets.k8s.yaml', content: 's', private: true }]);
    expect(Object.keys(snapshotFolder(out)).sort()).toEqual([OUTPUT_MARKER, join('dev', 'app.k8s.yaml'), join('dev', 'app.secrets.k8s.yaml')]);
    expect(readFileSync(join(out, 'dev', 'app.k8s.yaml'), 'utf8')).toBe('kind: X\n');
    expect(statSync(join(out, 'dev', 'app.secrets.k8s.yaml')).mode & 0o777).toBe(0o600);
    expect(statSync(out).mode & 0o777).toBe(0o755);
    expect(readdirSync(parent)).toEqual(['dist']);
  });

  test('leaves the previous output untouched when writing fails midway', () => {
    const parent = tempDir();
    const out = join(parent, 'dist');
    mkdirSync(out);
    writeFileSync(join(out, 'keep.k8s.yaml'), 'previous');
    const before = snapshotFolder(out);
    // The second file needs "a.k8s.yaml" to be a folder, but the first one made it a file.
    expect(() => replaceOutputFolder(out, [{ path: 'a.k8s.yaml', content: 'x' }, { path: 'a.k8s.yaml/b.yaml', content: 'y' }])).toThrow();
    expect(snapshotFolder(out)).toEqual(before);
    expect(readdirSync(parent)).toEqual(['dist']);
  });

  test('creates the output folder when there was none', () => {
    const parent = tempDir();
    const out = join(parent, 'nested', 'dist');
    replaceOutputFolder(out, [{ path: 'x.k8s.yaml', content: 'x' }]);
    expect(existsSync(join(out, 'x.k8s.yaml'))).toBe(true);
  });
});

describe('replaceOutputFolderWhile (files written by a worker thread while the work runs)', () => {
  /** Enough files for the background writer, in two folders, every fifth one private. */
  function manyFiles(count: number, tag: string): OutputFile[] {
    return Array.from({ length: count }, (_, index) => ({
      path: `${index % 2 === 0 ? 'dev' : 'prod'}/chart-${String(index).padStart(3, '0')}.${index % 5 === 0 ? 'secrets.k8s.yaml' : 'k8s.yaml'}`,
      content: `kind: ConfigMap\nmetadata:\n  name: c${index}\ndata:\n  tag: ${tag}\n  text: "${'é'.repeat(index)}"\n`,
      private: index % 5 === 0,
    }));
  }

  test('writes the same files, bytes and modes as replaceOutputFolder, and only after the work is done', async () => {
    const parent = tempDir();
    const files = manyFiles(150, 'one');
    replaceOutputFolder(join(parent, 'sync'), files);
    const out = join(parent, 'background');
    let existedDuringWork = true;
    await replaceOutputFolderWhile(out, files, async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      existedDuringWork = existsSync(out);
    });
    expect(existedDuringWork).toBe(false);
    expect(snapshotFolder(out)).toEqual(snapshotFolder(join(parent, 'sync')));
    for (const file of files) expect(statSync(join(out, file.path)).mode & 0o777).toBe(file.private ? 0o600 : 0o644);
    expect(readdirSync(parent).sort()).toEqual(['background', 'sync']);
  });

  test('hard-links the unchanged files of the previous output and writes the changed ones', async () => {
    const out = join(tempDir(), 'dist');
    const first = manyFiles(100, 'one');
    await replaceOutputFolderWhile(out, first, () => Promise.resolve());
    const kept = join(out, 'prod', 'chart-001.k8s.yaml');
    const changed = 'prod/chart-003.k8s.yaml';
    const unchanged = statSync(kept).ino;
    const second = first.map((file) => (file.path === changed ? { ...file, content: `${file.content}# changed\n` } : file));
    await replaceOutputFolderWhile(out, second, () => Promise.resolve());
    expect(statSync(kept).ino).toBe(unchanged);
    expect(statSync(kept).nlink).toBe(1);
    expect(readFileSync(join(out, changed), 'utf8')).toContain('# changed');
  });

  test('when the work throws, the previous output stays as it was and no staging folder is left', async () => {
    const parent = tempDir();
    const out = join(parent, 'dist');
    await replaceOutputFolderWhile(out, manyFiles(80, 'one'), () => Promise.resolve());
    const before = snapshotFolder(out);
    await expect(
      replaceOutputFolderWhile(out, manyFiles(120, 'two'), () => Promise.reject(new Error('validation failed'))),
    ).rejects.toThrow('validation failed');
    expect(snapshotFolder(out)).toEqual(before);
    expect(readdirSync(parent)).toEqual(['dist']);
  });

  test('when a file cannot be written, the run fails with the reason and the previous output stays as it was', async () => {
    const parent = tempDir();
    const out = join(parent, 'dist');
    mkdirSync(out);
    writeFileSync(join(out, 'keep.k8s.yaml'), 'previous');
    const before = snapshotFolder(out);
    // The last file needs "a.k8s.yaml" to be a folder, but an earlier one made it a file.
    const files = [...manyFiles(70, 'one'), { path: 'a.k8s.yaml', content: 'x' }, { path: 'a.k8s.yaml/b.yaml', content: 'y' }];
    let workRan = false;
    await expect(
      replaceOutputFolderWhile(out, files, () => {
        workRan = true;
        return Promise.resolve();
      }),
    ).rejects.toThrow(/writing the output failed: .*a\.k8s\.yaml.*The output folder was left as it was/);
    expect(workRan).toBe(true);
    expect(snapshotFolder(out)).toEqual(before);
    expect(readdirSync(parent)).toEqual(['dist']);
  });
});
