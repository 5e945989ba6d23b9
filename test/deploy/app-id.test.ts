/** The app id that names an app's ApplySets: stable across checkouts, distinct between apps. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../../src/cli/main';
import { appIdFromEntry, checkAppName } from '../../src/deploy/app-id';
import { tempDir } from '../helpers/cli';

describe('appIdFromEntry', () => {
  const checkout = (name: string, folder: string): string => {
    const dir = join(tempDir(), folder);
    mkdirSync(join(dir, 'charts'), { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name }));
    return dir;
  };

  test('is the package name and the entry path, the same in every checkout', () => {
    expect(appIdFromEntry(join(checkout('shop', 'a'), 'charts', 'main.ts'))).toBe('shop/charts/main');
    expect(appIdFromEntry(join(checkout('shop', 'b'), 'charts', 'main.js'))).toBe('shop/charts/main');
  });

  test('differs between two entry files of one package, and between packages', () => {
    const dir = checkout('@acme/platform', 'mono');
    expect(appIdFromEntry(join(dir, 'charts', 'web.ts'))).toBe('@acme/platform/charts/web');
    expect(appIdFromEntry(join(dir, 'charts', 'jobs.ts'))).toBe('@acme/platform/charts/jobs');
  });

  test('without a package.json, is the entry file path', () => {
    const dir = tempDir();
    expect(appIdFromEntry(join(dir, 'app.ts'))).toBe(join(dir, 'app'));
  });
});

describe('checkAppName', () => {
  test('accepts names such as shop, @acme/shop and team:shop.v2', () => {
    for (const name of ['shop', '@acme/shop', 'team:shop.v2']) expect(checkAppName(name)).toBe(name);
  });

  test('refuses spaces, control characters and over-long names with the rule and an example', () => {
    for (const name of ['my shop', 'shop\n', '-shop', 'x'.repeat(201)]) expect(() => checkAppName(name)).toThrow(/--app-name: .* is not a valid app name\. Use letters, digits/);
  });
});

describe('apply and diff of output without an app name', () => {
  test('are refused with exit 2 and the fix, before kubectl runs', async () => {
    const dir = join(tempDir(), 'dev');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'app.k8s.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: default}\n');
    for (const command of ['apply', 'diff']) {
      const stderr = new PassThrough();
      let err = '';
      stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
      // A kubectl that does not exist: the refusal must come first.
      const code = await main([command, '--dir', dir], { stdout: new PassThrough(), stderr, stdin: new PassThrough(), cwd: dir, env: { SHIPSHAPE_KUBECTL: '/nonexistent/kubectl' }, interactive: false });
      expect(code).toBe(2);
      expect(err).toContain(`cannot tell which app '${dir}' belongs to: it has no .shipshape-output marker naming one`);
      expect(err).toContain('pass --app-name NAME');
    }
  });
});
