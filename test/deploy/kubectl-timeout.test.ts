/**
 * A frozen API server (it accepts connections and never answers) makes `diff` and `apply` fail within the
 * request timeout, with a message that says so, instead of hanging. Real kubectl, a real socket.
 */
import { createServer, Server } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../../src/cli/main';
import { Kubectl, parseRequestTimeout } from '../../src/deploy/kubectl';
import { hasCommand } from '../cluster/harness';
import { tempDir } from '../helpers/cli';

const HAVE_KUBECTL = hasCommand('kubectl', ['version', '--client']);
const describeKubectl = HAVE_KUBECTL ? describe : describe.skip;

describeKubectl('kubectl against a frozen server', () => {
  let server: Server;
  const sockets = new Set<Socket>();
  let kubeconfig = '';
  let output = '';

  beforeAll(async () => {
    // Reads every request and never answers it.
    server = createServer(() => undefined);
    server.on('connection', (socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const dir = tempDir();
    kubeconfig = join(dir, 'kubeconfig');
    writeFileSync(kubeconfig, [
      'apiVersion: v1', 'kind: Config', 'current-context: frozen',
      'clusters:', '- name: frozen', '  cluster:', `    server: http://127.0.0.1:${port}`,
      'contexts:', '- name: frozen', '  context:', '    cluster: frozen', '    user: nobody',
      'users:', '- name: nobody', '  user:', '    token: not-a-real-token', '',
    ].join('\n'));
    output = join(dir, 'dist');
    mkdirSync(join(output, 'dev'), { recursive: true });
    writeFileSync(join(output, '.shipshape-output'), '{"app":"frozen/charts/main"}\n');
    writeFileSync(join(output, 'dev', 'app.k8s.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: default\ndata:\n  x: "1"\n');
  });

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const run = async (args: readonly string[]): Promise<{ code: number; stderr: string; ms: number }> => {
    const stderr = new PassThrough();
    let err = '';
    stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const started = Date.now();
    const code = await main(args, {
      stdout: new PassThrough(), stderr, stdin: new PassThrough(), cwd: output, env: { ...process.env, KUBECONFIG: kubeconfig }, interactive: false,
    });
    return { code, stderr: err, ms: Date.now() - started };
  };

  test.each(['apply', 'diff'])('%s fails with exit 2 and says the cluster did not answer within --request-timeout', async (command) => {
    const result = await run([command, '--dir', output, '--request-timeout', '1s']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/the cluster did not answer within the request timeout \(1s\)/);
    expect(result.stderr).toContain('raise --request-timeout');
  }, 60_000);

  test('a wrong --request-timeout is a usage error', async () => {
    const result = await run(['apply', '--dir', output, '--request-timeout', 'soon']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--request-timeout must be a duration such as 30s, 2m or 0/);
  });
});

describe('request timeouts', () => {
  test('parse as kubectl durations', () => {
    expect([parseRequestTimeout('30s'), parseRequestTimeout('2m'), parseRequestTimeout('500ms'), parseRequestTimeout('5'), parseRequestTimeout('0')]).toEqual([30_000, 120_000, 500, 5000, 0]);
    expect(parseRequestTimeout('soon')).toBeUndefined();
  });

  test('default to 30 s', () => {
    expect(new Kubectl({ env: {} }).requestTimeout).toBe('30s');
  });
});
