/** The command line's entry: the version and the help, from the built package as users run it. */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, REPO, runCli, tempDir, writeApp } from '../helpers/cli';

/** What the probe saw of V8 flag tuning in a run of the command line. */
interface Tuning {
  /** The flags the command line asks worker threads to keep, or null. */
  readonly flags: string | null;
  /** How many listeners re-apply the flags as a worker thread starts. */
  readonly workerListeners: number;
  /** The flags synth's writer thread was started with, one entry per writer. */
  readonly writerFlags: Array<string | null>;
}

/**
 * A script loaded before the command line (`node --require`) that reports, as the process exits, the flags the
 * command line set for worker threads, its worker listeners and the workerData of synth's writer threads.
 */
const PROBE = `
const threads = require('node:worker_threads');
const writerFlags = [];
const Original = threads.Worker;
threads.Worker = class extends Original {
  constructor(source, options) {
    super(source, options);
    const data = options && options.workerData;
    if (data && 'staging' in data) writerFlags.push(data.v8Flags === undefined ? null : data.v8Flags);
  }
};
process.on('exit', () => {
  const flags = globalThis[Symbol.for('shipshape.worker-v8-flags')];
  process.stderr.write('probe ' + JSON.stringify({ flags: flags === undefined ? null : flags, workerListeners: process.listenerCount('worker'), writerFlags }) + '\\n');
});
`;

/** Runs the built command line under the probe; returns its exit code and what the probe saw. */
function tuningOf(args: readonly string[], cwd: string): { code: number | null; tuning: Tuning } {
  const probe = join(tempDir('shipshape-probe-'), 'probe.js');
  writeFileSync(probe, PROBE);
  const result = spawnSync(process.execPath, ['--require', probe, CLI, ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
  const line = /^probe (.*)$/m.exec(result.stderr);
  if (line?.[1] === undefined) throw new Error(`the probe printed nothing; stderr: ${result.stderr}`);
  return { code: result.status, tuning: JSON.parse(line[1]) as Tuning };
}

describe('shipshape (the built command line)', () => {
  test('--version prints the version of the package.json it was installed with', () => {
    const { version } = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string };
    const result = runCli(['--version']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(`${version}\n`);
    expect(result.code).toBe(0);
  });

  test('an unknown command names the commands there are and exits 2', () => {
    const result = runCli(['sinth']);
    expect(result.stderr).toMatch(/unknown command 'sinth'. Commands: init, synth, validate/);
    expect(result.code).toBe(2);
  });

  describe('keeps the young generation small only for the commands that build or read many objects', () => {
    const tuned: Tuning = { flags: '--semi-space-growth-factor=1', workerListeners: 1, writerFlags: [] };
    const untouched: Tuning = { flags: null, workerListeners: 0, writerFlags: [] };

    test.each(['synth', 'validate', 'diff', 'apply', 'status'])('`%s` sets the flag and asks worker threads to keep it', (command) => {
      expect(tuningOf([command, '--help'], REPO)).toEqual({ code: 0, tuning: tuned });
    });

    test.each(['init --help', 'import --help', '--version', '--help'])('`%s` leaves V8 as it is', (line) => {
      expect(tuningOf(line.split(' '), REPO)).toEqual({ code: 0, tuning: untouched });
    });

    test("synth's writer thread, started for 64 files or more, gets the flag to keep", () => {
      const dir = tempDir();
      const charts = Array.from({ length: 70 }, (_, index) => `new s.ConfigMap(new s.AppChart(env, 'team-${index}'), 'Settings', { data: { team: '${index}' } });`);
      const app = writeApp(dir, `const app = new s.App();\nconst env = new s.Environment(app, 'dev');\n${charts.join('\n')}`);
      const { code, tuning } = tuningOf(['synth', '--app', app, '--output', join(dir, 'dist'), '-q'], dir);
      expect(code).toBe(0);
      expect(readdirSync(join(dir, 'dist', 'dev')).filter((name) => name.endsWith('.k8s.yaml'))).toHaveLength(70);
      expect(tuning).toEqual({ ...tuned, writerFlags: ['--semi-space-growth-factor=1'] });
    });
  });
});

