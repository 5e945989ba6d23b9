#!/usr/bin/env node
/**
 * Entry point of the `shipshape` command. It only parses the first word and loads the matching
 * command module on demand, which keeps start-up fast.
 */
import { Command, CommandIo, ExitCode, UsageError } from './command';

/** Command names mapped to loaders, so that a command's dependencies load only when it runs. */
const COMMANDS: Readonly<Record<string, () => Command>> = {
  init: () => (require('./commands/init') as { command: Command }).command,
  synth: () => (require('./commands/synth') as { command: Command }).command,
  validate: () => (require('./commands/validate') as { command: Command }).command,
  diff: () => (require('./commands/diff') as { command: Command }).command,
  apply: () => (require('./commands/apply') as { command: Command }).command,
  import: () => (require('./commands/import') as { command: Command }).command,
  status: () => (require('./commands/status') as { command: Command }).command,
};

const SUMMARIES: Readonly<Record<string, string>> = {
  init: 'Create a new project: a small app in dev and prod, its test, and npm scripts',
  synth: 'Synthesize the charts of an app into validated YAML in dist/',
  validate: 'Validate Kubernetes YAML files (any, not only shipshape output)',
  diff: 'Show how the synthesized output differs from the cluster (kubectl diff)',
  apply: 'Synthesize, validate and server-side apply to the cluster, pruning removed objects',
  import: 'Generate typed constructs from CustomResourceDefinitions (imports/<group>.ts)',
  status: 'Show whether an environment has rolled out, and what is stuck and why',
};

function mainHelp(): string {
  const width = Math.max(...Object.keys(SUMMARIES).map((name) => name.length));
  const lines = Object.entries(SUMMARIES).map(([name, summary]) => `  ${name.padEnd(width)}  ${summary}`);
  return [
    'Usage: shipshape <command> [options]',
    '',
    'Typed Kubernetes constructs in TypeScript, synthesized into validated, deterministic YAML.',
    '',
    'Commands:',
    ...lines,
    '',
    'Run `shipshape <command> --help` for the options of a command.',
    '',
  ].join('\n');
}

/** Runs the command line and resolves to the exit code; never throws. */
export async function main(argv: readonly string[], io: CommandIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(mainHelp());
    return name === undefined ? ExitCode.USAGE : ExitCode.OK;
  }
  if (name === '--version') {
    // Found by walking up: the package root is two folders up from src/cli but three from lib/src/cli.
    const { packageManifest } = require('./private/package-root') as typeof import('./private/package-root');
    io.stdout.write(`${packageManifest().version ?? ''}\n`);
    return ExitCode.OK;
  }
  const load = COMMANDS[name];
  if (load === undefined) {
    io.stderr.write(`shipshape: unknown command '${name}'. Commands: ${Object.keys(COMMANDS).join(', ')}.\n`);
    return ExitCode.USAGE;
  }
  const command = load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(command.help.endsWith('\n') ? command.help : `${command.help}\n`);
    return ExitCode.OK;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    return reportFailure(name, error, io);
  }
}

function reportFailure(name: string, error: unknown, io: CommandIo): number {
  if (error instanceof UsageError) {
    io.stderr.write(`shipshape ${name}: ${error.message}\nRun \`shipshape ${name} --help\` for usage.\n`);
    return ExitCode.USAGE;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr.write(`shipshape ${name}: ${message}\n`);
  return ExitCode.FAILURE;
}

/**
 * The commands that build or read many objects, for which keepYoungGenerationSmall pays: synth, and the commands
 * that synthesize or validate on their way (validate, diff, apply, and status, which synthesizes unless told
 * --no-synth). init, import, --version and help allocate little, and keep V8's own setting.
 */
const OBJECT_HEAVY_COMMANDS: ReadonlySet<string> = new Set(['synth', 'validate', 'diff', 'apply', 'status']);

/**
 * Keeps V8's young generation at its first size instead of letting it grow to 3 x 16 MiB: synth keeps most of what
 * it allocates (the construct tree, the objects), so a larger one saves no time and adds ~35 MiB of peak memory at
 * 8,000 objects and ~80 MiB at 40,000 (bench/run.js, side by side). V8 reads the flag whenever it would grow the
 * space, but every new isolate (a worker thread) resets it to at least 2, so it is set again once a worker runs;
 * synth's writer thread sets it itself as it starts (the main thread is busy validating by then).
 */
function keepYoungGenerationSmall(): void {
  const v8 = require('node:v8') as typeof import('node:v8');
  const flags = '--semi-space-growth-factor=1';
  const apply = (): void => v8.setFlagsFromString(flags);
  apply();
  (globalThis as Record<symbol, unknown>)[Symbol.for('shipshape.worker-v8-flags')] = flags;
  process.on('worker', (worker: import('node:worker_threads').Worker) => worker.once('online', apply));
}

if (require.main === module) {
  if (OBJECT_HEAVY_COMMANDS.has(process.argv[2] ?? '')) keepYoungGenerationSmall();
  const io: CommandIo = {
    stdout: process.stdout,
    stderr: process.stderr,
    // Read on first use: making process.stdin costs about a millisecond, and only `validate -` reads it.
    get stdin() {
      return process.stdin;
    },
    cwd: process.cwd(),
    env: process.env,
    interactive: Boolean(process.stderr.isTTY),
  };
  // The bundle (lib/shipshape.js, with a code cache) starts in a fraction of the time of these files.
  const run = (require('./private/bundle') as typeof import('./private/bundle')).loadBundledMain(process.argv[2]) ?? main;
  run(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`shipshape: internal error: ${String(error)}\n`);
      process.exitCode = ExitCode.USAGE;
    },
  );
}
