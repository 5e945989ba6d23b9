/** dist/ is committed (rendered manifests, as GitOps teams keep them): it must match the charts. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { OUTPUT_MARKER, readOutputMarker, synthesize, SECRETS_SUFFIX } from '../../src/synth';
import { buildApp } from '../../charts/main';

const DIST = join(__dirname, '..', '..', 'dist');

function committedFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (!name.endsWith(SECRETS_SUFFIX) && name !== OUTPUT_MARKER) out.push(relative(DIST, path).split('\\').join('/'));
    }
  };
  walk(DIST);
  return out.sort();
}

function freshSynthesis() {
  const saved = { ...process.env };
  for (const key of Object.keys(process.env)) if (key.startsWith('MONGO') || key === 'SHIPSHAPE_RESTORE') delete process.env[key];
  try {
    return synthesize(buildApp());
  } finally {
    Object.assign(process.env, saved);
  }
}

describe('dist/', () => {
  test('is up to date with charts/ (run `npm run synth` and commit dist/ when this fails)', () => {
    const files = freshSynthesis().files.filter((file) => !file.private);
    expect(committedFiles()).toEqual(files.map((file) => file.path).sort());
    for (const file of files) {
      expect({ file: file.path, content: readFileSync(join(DIST, file.path), 'utf8') }).toEqual({ file: file.path, content: file.content });
    }
  });

  test('carries the marker that names the app, so that synth may replace it and apply knows its ApplySets', () => {
    expect(readOutputMarker(DIST)).toEqual({ app: 'shipshape/charts/main' });
  });

  test('synthesis is deterministic: two runs give byte-identical files', () => {
    const first = freshSynthesis().files;
    const second = freshSynthesis().files;
    expect(second).toEqual(first);
  });
});
