/**
 * A swap that fails (renaming the old output away fails as it does for a mount point, which cannot be made
 * here) leaves the old output as it was and no staging folder with Secrets behind.
 */
import * as fs from 'node:fs';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { replaceOutputFolder } from '../../src/synth/write-output';
import { snapshotFolder, tempDir } from '../helpers/cli';

jest.mock('node:fs', () => {
  const actual = jest.requireActual<typeof import('node:fs')>('node:fs');
  return { ...actual, renameSync: jest.fn(actual.renameSync) };
});

test('a failed first rename leaves the previous output and removes the staging folder', () => {
  const dir = tempDir();
  const out = join(dir, 'dist');
  replaceOutputFolder(out, [{ path: 'dev/a.k8s.yaml', content: 'old\n' }], { cwd: dir });
  const before = snapshotFolder(out);
  jest.mocked(fs.renameSync).mockImplementationOnce(() => {
    throw Object.assign(new Error('EBUSY: resource busy or locked, rename'), { code: 'EBUSY' });
  });
  expect(() => replaceOutputFolder(out, [{ path: 'dev/a.secrets.k8s.yaml', content: 'kind: Secret\n', private: true }], { cwd: dir })).toThrow(/EBUSY/);
  expect(readdirSync(dir)).toEqual(['dist']);
  expect(snapshotFolder(out)).toEqual(before);
});

test('a failed second rename puts the previous output back and removes both folders', () => {
  const dir = tempDir();
  const out = join(dir, 'dist');
  replaceOutputFolder(out, [{ path: 'dev/a.k8s.yaml', content: 'old\n' }], { cwd: dir });
  const before = snapshotFolder(out);
  const actual = jest.requireActual<typeof import('node:fs')>('node:fs');
  jest.mocked(fs.renameSync)
    .mockImplementationOnce((from, to) => actual.renameSync(from, to))
    .mockImplementationOnce(() => {
      throw Object.assign(new Error('EXDEV: cross-device link not permitted, rename'), { code: 'EXDEV' });
    });
  expect(() => replaceOutputFolder(out, [{ path: 'dev/a.secrets.k8s.yaml', content: 'kind: Secret\n', private: true }], { cwd: dir })).toThrow(/EXDEV/);
  expect(readdirSync(dir)).toEqual(['dist']);
  expect(snapshotFolder(out)).toEqual(before);
});
