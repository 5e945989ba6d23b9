/** Secret values are never silently changed: invalid UTF-8 is an error, binary values have their own path. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SecretValue } from '../../../src';
import { CLI, tempDir, writeApp } from '../../helpers/cli';

describe('SecretValue.fromEnv and bytes that are not UTF-8', () => {
  test('a value Node.js had to repair (U+FFFD) is an error, even where a development value could stand in', () => {
    const value = SecretValue.fromEnv('DB_PASSWORD', { developmentValue: 'dev-only' });
    const result = value.resolve(true, { DB_PASSWORD: 'pa\uFFFDss' });
    expect(result).toEqual({
      found: false,
      reason: 'environment variable DB_PASSWORD is not valid UTF-8 text (it holds U+FFFD, the character invalid bytes are replaced with, so its bytes cannot be known)',
      fix: "Pass binary values base64-encoded with SecretValue.fromEnvBase64('DB_PASSWORD'), or from a file with SecretValue.fromFile().",
    });
  });

  test('synth refuses a variable holding invalid UTF-8 bytes and writes nothing, naming the variable but not the value', () => {
    const dir = tempDir();
    const app = writeApp(dir, `
const app = new s.App();
const chart = new s.AppChart(new s.Environment(app, 'prod'), 'shop');
new s.Secret(chart, 'Db', { data: { password: s.SecretValue.fromEnv('SHOP_DB_PASSWORD') } });
`);
    // The environment is set by bash from raw bytes: Node.js cannot pass invalid UTF-8 itself.
    const result = spawnSync('bash', ['-c', `export SHOP_DB_PASSWORD=$'zqj\\xffvxw'; exec "${process.execPath}" "${CLI}" synth --app "${app}" -o dist`], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('environment variable SHOP_DB_PASSWORD is not valid UTF-8 text');
    expect(result.stderr).not.toMatch(/zqj|vxw/);
    expect(existsSync(join(dir, 'dist'))).toBe(false);
  });
});

describe('SecretValue.fromEnvBase64', () => {
  test('carries any bytes exactly', () => {
    const bytes = Buffer.from([0, 0xff, 0xfe, 0x80, 10, 13]);
    expect(SecretValue.fromEnvBase64('KEY').resolve(false, { KEY: bytes.toString('base64') })).toEqual({ found: true, value: bytes, development: false });
  });

  test('refuses text that is not base64, without showing it', () => {
    const result = SecretValue.fromEnvBase64('KEY').resolve(true, { KEY: 'not base64!' });
    expect(result).toEqual({ found: false, reason: 'environment variable KEY is not valid base64', fix: 'Set KEY to the value encoded with base64 (e.g. `base64 -w0 file`).' });
  });

  test('treats an unset variable as missing, so the development value may stand in', () => {
    expect(SecretValue.fromEnvBase64('KEY', { developmentValue: 'dev' }).resolve(true, {})).toEqual({ found: true, value: Buffer.from('dev'), development: true });
  });
});
