/**
 * The code cache of the files the command line loads (src/cli/private/cached-script.ts), in fresh Node.js
 * processes, since caches are written when a process exits.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const REPO = join(__dirname, '..', '..', '..');
const CACHED_SCRIPT = join(REPO, 'lib', 'src', 'cli', 'private', 'cached-script.js');

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'shipshape-cache-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Loads `file` through the cache in a fresh process and prints what it exports. */
function load(file: string): string {
  const script = `const { loadCached } = require(${JSON.stringify(CACHED_SCRIPT)}); process.stdout.write(JSON.stringify(loadCached(${JSON.stringify(file)})));`;
  return execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' });
}

describe('the code cache', () => {
  test('a chunk is loaded, its cache written at exit, and the caches of the old whole-version bundles removed', () => {
    const chunk = join(dir, 'lib', 'schemas', 'kubernetes-1.27', 'chunk-0.js');
    mkdirSync(join(dir, 'lib', 'schemas', 'kubernetes-1.27'), { recursive: true });
    writeFileSync(chunk, 'exports.answer = 42;\n');
    const caches = join(dir, 'node_modules', '.cache', 'shipshape-v8');
    mkdirSync(caches, { recursive: true });
    writeFileSync(join(caches, 'kubernetes-1.27-0123456789abcdef.v8'), 'old');
    writeFileSync(join(caches, 'kubernetes-1.36-fedcba9876543210.v8'), 'old');
    writeFileSync(join(caches, 'shipshape-0123456789abcdef.v8'), 'kept: another file of its own');

    expect(JSON.parse(load(chunk))).toEqual({ answer: 42 });

    const after = readdirSync(caches).sort();
    expect(after.filter((name) => /^kubernetes-1\.27-chunk-0-[0-9a-f]{16}\.v8$/.test(name))).toHaveLength(1);
    expect(after).not.toContain('kubernetes-1.27-0123456789abcdef.v8');
    expect(after).not.toContain('kubernetes-1.36-fedcba9876543210.v8');
    expect(after).toContain('shipshape-0123456789abcdef.v8');
    // The second run reads the cache it wrote, and writes nothing.
    const written = readdirSync(caches).sort();
    expect(JSON.parse(load(chunk))).toEqual({ answer: 42 });
    expect(readdirSync(caches).sort()).toEqual(written);
  });
});
