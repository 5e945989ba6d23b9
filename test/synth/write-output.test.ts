/** The output folder is replaced as a whole, or not at all. */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OUTPUT_MARKER, replaceOutputFolder } from '../../src/synth';
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
