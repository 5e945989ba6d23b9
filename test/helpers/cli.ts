/** Runs the real, compiled `shipshape` command line in a child process (build first: `npm run build`). */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { main } from '../../src/cli/main';

/** The repository root. */
export const REPO = resolve(__dirname, '..', '..');
/** The compiled CLI entry. */
export const CLI = join(REPO, 'lib', 'src', 'cli', 'main.js');
/** The compiled library, for temporary apps to import. */
export const LIBRARY = join(REPO, 'lib', 'src', 'index.js');

/** What a CLI run printed and returned. */
export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** What an in-process run of the command line printed and returned. */
export interface InProcessResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `shipshape <args>` in this process (the source, not the compiled CLI), capturing what it prints;
 * not interactive, standard input empty unless given.
 */
export async function runMain(
  args: readonly string[],
  options: { readonly cwd?: string; readonly env?: NodeJS.ProcessEnv; readonly stdin?: NodeJS.ReadableStream } = {},
): Promise<InProcessResult> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const stdin = options.stdin ?? Readable.from([]);
  const code = await main(args, { stdout, stderr, stdin, cwd: options.cwd ?? process.cwd(), env: options.env ?? process.env, interactive: false });
  return { code, stdout: out, stderr: err };
}

/** Runs `shipshape <args>`; `env` is added to a copy of the environment without the reference app's secret variables. */
export function runCli(args: readonly string[], options: { cwd?: string; env?: Record<string, string | undefined>; input?: string } = {}): CliResult {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
  const env: Record<string, string | undefined> = { ...process.env };
  for (const key of Object.keys(env)) if (/^MONGO/.test(key)) delete env[key];
  Object.assign(env, options.env);
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: options.cwd ?? REPO, env, encoding: 'utf8', input: options.input, timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A fresh temporary folder. */
export function tempDir(prefix = 'shipshape-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * Writes a TypeScript app entry into `dir` whose body builds charts with the compiled library in scope as
 * `s` (`const s = require(LIBRARY)`), and returns its path. The body must create `app`.
 */
export function writeApp(dir: string, body: string): string {
  const file = join(dir, 'app.ts');
  writeFileSync(file, `const s = require(${JSON.stringify(LIBRARY)});\n${body}\nexport { app };\n`);
  return file;
}

/** Every file below a folder with a hash of its bytes, for "left exactly as it was" checks. */
export function snapshotFolder(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!existsSync(dir)) return out;
  const walk = (current: string): void => {
    for (const name of readdirSync(current)) {
      const path = join(current, name);
      if (statSync(path).isDirectory()) walk(path);
      else out[relative(dir, path)] = createHash('sha256').update(readFileSync(path)).digest('hex');
    }
  };
  walk(dir);
  return out;
}
