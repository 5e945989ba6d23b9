/** Finding installed packages by hand: the same file `require` loads, or no answer when only Node.js can tell. */
import fs, { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { findPackage, installedPackage, packageEntry } from '../../../src/cli/private/find-package';

let root: string;

beforeEach(() => {
  root = realpathSync(mkdtempSync(join(tmpdir(), 'shipshape-find-package-')));
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

/** Writes a package into `<root>/node_modules/<name>` with the given manifest and files. */
function writePackage(name: string, manifest: Record<string, unknown>, files: readonly string[], base = root): string {
  const dir = join(base, 'node_modules', name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version: '1.2.3', ...manifest }));
  for (const file of files) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), 'module.exports = 1;\n');
  }
  return dir;
}

/** The entry found by hand, checked against what Node.js resolves from the same folder. */
function entryFrom(name: string, from: string): string | undefined {
  const found = findPackage(name, from);
  if (found === undefined) return undefined;
  const entry = packageEntry(found);
  if (entry !== undefined) expect(entry).toBe(createRequire(join(from, 'x.js')).resolve(name));
  return entry;
}

describe('findPackage and packageEntry', () => {
  test('find the main file of a package without exports, as require does', () => {
    writePackage('plain', { main: 'lib/index' }, ['lib/index.js']);
    const app = join(root, 'app', 'src');
    mkdirSync(app, { recursive: true });
    expect(findPackage('plain', app)?.manifest.version).toBe('1.2.3');
    expect(entryFrom('plain', app)).toBe(join(root, 'node_modules', 'plain', 'lib', 'index.js'));
  });

  test('fall back to index.js when there is no main', () => {
    writePackage('bare', {}, ['index.js']);
    expect(entryFrom('bare', root)).toBe(join(root, 'node_modules', 'bare', 'index.js'));
  });

  test('follow a string export and the require, node and default conditions, skipping types and import', () => {
    writePackage('string-export', { exports: './dist/main.js' }, ['dist/main.js']);
    writePackage('conditions', { exports: { '.': { types: './x.d.ts', import: './esm.mjs', default: './cjs.js' }, './package.json': './package.json' } }, ['cjs.js', 'esm.mjs']);
    writePackage('nested', { exports: { node: { require: './node.js', import: './node.mjs' }, default: './other.js' } }, ['node.js', 'node.mjs', 'other.js']);
    expect(entryFrom('string-export', root)).toBe(join(root, 'node_modules', 'string-export', 'dist', 'main.js'));
    expect(entryFrom('conditions', root)).toBe(join(root, 'node_modules', 'conditions', 'cjs.js'));
    expect(entryFrom('nested', root)).toBe(join(root, 'node_modules', 'nested', 'node.js'));
  });

  test('give the real path of a package reached through a symbolic link, as require.cache keys are', () => {
    const real = writePackage('linked', { main: 'main.js' }, ['main.js'], join(root, 'store'));
    const app = join(root, 'app');
    mkdirSync(join(app, 'node_modules'), { recursive: true });
    symlinkSync(real, join(app, 'node_modules', 'linked'));
    expect(entryFrom('linked', app)).toBe(join(real, 'main.js'));
  });

  test('leave to require.resolve the exports it does not follow', () => {
    writePackage('unknown-condition', { exports: { 'module-sync': './sync.js', default: './cjs.js' } }, ['sync.js', 'cjs.js']);
    writePackage('array', { exports: { '.': ['./a.js'] } }, ['a.js']);
    writePackage('missing-target', { exports: './nothing.js' }, []);
    for (const name of ['unknown-condition', 'array', 'missing-target']) {
      const found = findPackage(name, root);
      expect(found).toBeDefined();
      expect(packageEntry(found!)).toBeUndefined();
    }
  });

  test('find nothing where no node_modules folder holds the package', () => {
    expect(findPackage('no-such-package-anywhere', root)).toBeUndefined();
  });
});

describe('installedPackage', () => {
  /** How many package.json files `action` reads. */
  const manifestReads = (action: () => void): number => {
    const read = jest.spyOn(fs, 'readFileSync');
    try {
      action();
      return read.mock.calls.filter(([file]) => String(file).endsWith('package.json')).length;
    } finally {
      read.mockRestore();
    }
  };

  test('gives the version and the entry of a package found by hand, reading its package.json once for both', () => {
    writePackage('plain', { main: 'lib/main.js' }, ['lib/main.js']);
    let version: string | undefined;
    let entry: string | undefined;
    expect(manifestReads(() => {
      const installed = installedPackage('plain', root);
      version = installed.version();
      entry = installed.entry();
    })).toBe(1);
    expect(version).toBe('1.2.3');
    expect(entry).toBe(createRequire(join(root, 'x.js')).resolve('plain'));
  });

  test('leaves the entry to require.resolve where the exports are beyond the hand search', () => {
    writePackage('unknown-condition', { exports: { 'module-sync': './sync.js', default: './cjs.js' } }, ['sync.js', 'cjs.js']);
    const installed = installedPackage('unknown-condition', root);
    expect(installed.version()).toBe('1.2.3');
    expect(installed.entry()).toBe(createRequire(join(root, 'x.js')).resolve('unknown-condition'));
  });

  test('finds through the extra search paths what no node_modules folder above the folder holds', () => {
    const elsewhere = join(root, 'tool');
    writePackage('shared', { main: 'main.js' }, ['main.js'], elsewhere);
    const app = join(root, 'app');
    mkdirSync(app, { recursive: true });
    const installed = installedPackage('shared', app, [app, elsewhere]);
    expect(installed.version()).toBe('1.2.3');
    expect(installed.entry()).toBe(join(elsewhere, 'node_modules', 'shared', 'main.js'));
  });

  test('has no version and throws as require.resolve does for a package that is nowhere', () => {
    const installed = installedPackage('no-such-package-anywhere', root);
    expect(installed.version()).toBeUndefined();
    expect(() => installed.entry()).toThrow(/no-such-package-anywhere/);
  });
});

