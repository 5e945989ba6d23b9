import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { openCluster, parseDeployArgs } from '../../../src/cli/private/cluster-session';
import { hasCommand } from '../../cluster/harness';
import { runMain, tempDir } from '../../helpers/cli';

/** An output folder with one environment, `dev`, of the app `shop`. */
function outputFolder(): string {
  const output = join(tempDir(), 'dist');
  mkdirSync(join(output, 'dev'), { recursive: true });
  writeFileSync(join(output, '.shipshape-output'), '{"app":"shop"}\n');
  writeFileSync(join(output, 'dev', 'app.k8s.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: default\ndata:\n  x: "1"\n');
  return output;
}

describe('the preamble of the cluster commands', () => {
  test.each(['diff', 'status', 'apply'])('%s loads the environment, then refuses a missing kubectl with exit 2', async (command) => {
    const output = outputFolder();
    const result = await runMain([command, '--dir', output], { cwd: output, env: { SHIPSHAPE_KUBECTL: '/nonexistent/kubectl' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`^shipshape ${command}: kubectl was not found \\(tried '/nonexistent/kubectl'\\)`));
  });

  test.each(['diff', 'status', 'apply'])('%s reports an environment that does not exist before it looks for kubectl', async (command) => {
    const output = outputFolder();
    const result = await runMain([command, '--dir', output, '--environment', 'prod'], { cwd: output, env: { SHIPSHAPE_KUBECTL: '/nonexistent/kubectl' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`^shipshape ${command}: .*prod`));
    expect(result.stderr).not.toMatch(/kubectl was not found/);
  });

  (hasCommand('kubectl', ['version', '--client']) ? test : test.skip)('openCluster gives the environment, a kubectl for the chosen context and its checked version', async () => {
    const output = outputFolder();
    const io = { stdout: new PassThrough(), stderr: new PassThrough(), stdin: Readable.from([]), cwd: output, env: process.env, interactive: false };
    const session = await openCluster(parseDeployArgs(['--dir', output, '--context', 'nowhere'], false), io);
    expect(session.target).toMatchObject({ app: 'shop', environment: 'dev', dir: join(output, 'dev') });
    expect(session.target.manifests.map(({ object }) => `${object.kind}/${object.metadata.name}`)).toEqual(['ConfigMap/a']);
    const client = (JSON.parse(execFileSync('kubectl', ['version', '--client', '--output=json'], { encoding: 'utf8' })) as { clientVersion: { major: string; minor: string } }).clientVersion;
    expect(session.kubectlVersion).toBe(`${client.major}.${Number.parseInt(client.minor, 10)}`);
  });
});

describe('parseDeployArgs with a command\'s own flags', () => {
  const own = { valued: ['--timeout'], optionallyValued: ['--wait'], switches: ['--force'] };

  test('reads them in the same pass as the shared options, and of a flag given several times the last counts', () => {
    const args = parseDeployArgs(['--timeout', '1m', '--wait=2m', '--context', 'prod', '--force', '--timeout=3m', '--wait', '--dry-run'], true, own);
    expect(args).toMatchObject({ context: 'prod', dryRun: true });
    expect([...args.commandFlags]).toEqual([['--timeout', '3m'], ['--wait', undefined], ['--force', undefined]]);
    expect(parseDeployArgs(['--context', 'prod'], false).commandFlags.size).toBe(0);
  });

  test('a command\'s own flag counts even between a shared flag and its value', () => {
    const args = parseDeployArgs(['--context', '--force', '--wait=1m', '--timeout', '5m', 'prod'], false, own);
    expect(args.context).toBe('prod');
    expect([...args.commandFlags]).toEqual([['--force', undefined], ['--wait', '1m'], ['--timeout', '5m']]);
  });

  test('a flag that takes a value only after = leaves the next argument to the others', () => {
    expect(() => parseDeployArgs(['--wait', '5m'], false, own)).toThrow(/unknown option '5m'/);
  });

  test('fails when a flag that needs a value has none', () => {
    expect(() => parseDeployArgs(['--context', 'prod', '--timeout'], false, own)).toThrow(/^--timeout needs a value$/);
    expect(() => parseDeployArgs(['--timeout=', '--context', 'prod'], false, own)).toThrow(/^--timeout needs a value$/);
    // Only the value that counts must be there.
    expect(parseDeployArgs(['--timeout=', '--timeout=1m'], false, own).commandFlags.get('--timeout')).toBe('1m');
  });

  test('fails when a switch is given a value', () => {
    expect(() => parseDeployArgs(['--force=yes'], false, own)).toThrow(/unknown option '--force=yes'/);
  });
});
