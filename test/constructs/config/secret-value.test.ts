import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SecretValue } from '../../../src';

describe('SecretValue', () => {
  test('fromEnv reads the variable from the environment it is given', () => {
    const result = SecretValue.fromEnv('DB_PASSWORD').resolve(false, { DB_PASSWORD: 's3cret' });
    expect(result).toEqual({ found: true, value: Buffer.from('s3cret'), development: false });
  });

  test('fromEnv treats an empty variable as missing and names only the variable', () => {
    const result = SecretValue.fromEnv('DB_PASSWORD').resolve(false, { DB_PASSWORD: '' });
    expect(result).toEqual({
      found: false,
      reason: 'environment variable DB_PASSWORD is not set',
      fix: 'Set environment variable DB_PASSWORD, or reference an existing Secret with Secret.fromSecretName().',
    });
  });

  test('a development value stands in only when allowed, and says so', () => {
    const value = SecretValue.fromEnv('DB_PASSWORD', { developmentValue: 'dev-only' });
    expect(value.resolve(true, {})).toEqual({ found: true, value: Buffer.from('dev-only'), development: true });
    expect(value.resolve(false, {})).toMatchObject({ found: false, fix: expect.stringMatching(/development value is only used in environments that allow it/) });
  });

  test('a real value wins over the development value', () => {
    expect(SecretValue.fromEnv('X', { developmentValue: 'dev' }).resolve(true, { X: 'real' })).toMatchObject({ value: Buffer.from('real'), development: false });
  });

  test('fromFile reads the bytes unchanged and reports a missing file by path', () => {
    const folder = mkdtempSync(join(tmpdir(), 'shipshape-secret-value-'));
    try {
      const path = join(folder, 'key.bin');
      writeFileSync(path, Buffer.from([0, 255, 10]));
      expect(SecretValue.fromFile(path).resolve(false)).toEqual({ found: true, value: Buffer.from([0, 255, 10]), development: false });
      expect(SecretValue.fromFile(join(folder, 'nope')).resolve(false)).toMatchObject({ found: false, reason: `file ${join(folder, 'nope')} is not set` });
      expect(SecretValue.fromFile(path).source).toBe(`file ${path}`);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
