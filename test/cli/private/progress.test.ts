/** The progress line: drawn on a terminal after a delay, never elsewhere. */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { ProgressLine } from '../../../src/cli/private/progress';
import { CLI, runCli, tempDir, writeApp } from '../../helpers/cli';

function capture(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return { stream, text: () => Buffer.concat(chunks).toString() };
}

/** An app big enough that synthesis takes well over a second on any machine. */
const BIG_APP = `
const app = new s.App();
for (let i = 0; i < 4000; i++) {
  const chart = new s.AppChart(app, 'app' + i);
  const web = new s.Deployment(chart, 'Web', { replicas: 1, containers: [{ image: 'nginx:1.27', ports: [{ number: 80 }] }] });
  new s.Service(chart, 'Service', { selects: web });
}
`;

describe('ProgressLine', () => {
  test('draws phase and counts on one line, then erases it', () => {
    const out = capture();
    const line = new ProgressLine(out.stream, true, 0);
    line.update('rendering', 500, 1000);
    line.update('writing', 0, 12, 'files');
    line.clear();
    expect(out.text()).toBe('\rrendering 500/1000 objects\u001b[K\rwriting 12 files\u001b[K\r\u001b[K');
  });

  test('stays silent during its delay and when disabled', () => {
    const early = capture();
    new ProgressLine(early.stream, true, 60_000).update('rendering', 1, 2);
    const off = capture();
    const disabled = new ProgressLine(off.stream, false, 0);
    disabled.update('rendering', 1, 2);
    disabled.clear();
    expect(early.text() + off.text()).toBe('');
  });

  const hasScript = existsSync('/usr/bin/script');
  (hasScript ? test : test.skip)('a long synth shows progress on a terminal, and none when piped or --quiet', () => {
    const dir = tempDir();
    const app = writeApp(dir, BIG_APP);
    const command = `${process.execPath} ${CLI} synth --app ${app} --output ${join(dir, 'dist')}`;
    // `script` runs the command on a pseudo-terminal, as a user's shell would.
    // Synthesis got fast enough to finish 12,000 objects within the usual one-second delay: show the line at once.
    const env = { ...process.env, SHIPSHAPE_PROGRESS_DELAY_MS: '0' };
    const onTerminal = execFileSync('/usr/bin/script', ['-qec', command, '/dev/null'], { cwd: dir, encoding: 'utf8', timeout: 180_000, env });
    expect(onTerminal).toMatch(/\r(rendering \d+\/\d+ objects|validating \d+ objects|writing \d+ files)/);
    expect(onTerminal).toMatch(/Synthesized 12000 objects/);
    const quiet = execFileSync('/usr/bin/script', ['-qec', `${command} --quiet`, '/dev/null'], { cwd: dir, encoding: 'utf8', timeout: 180_000, env });
    expect(quiet).toBe('');
    const piped = runCli(['synth', '--app', app, '--output', join(dir, 'dist')], { cwd: dir, env: { SHIPSHAPE_PROGRESS_DELAY_MS: '0' } });
    expect(piped.stdout + piped.stderr).not.toMatch(/\r/);
  }, 240_000);
});
