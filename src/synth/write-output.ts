/**
 * Replaces the output folder as a whole: files are written to a fresh sibling folder, which then takes the
 * old folder's place by rename. On any error before that, the old folder is untouched.
 *
 * Only a folder that is absent, empty, or written by shipshape before (it holds the marker file
 * `.shipshape-output`, or only `*.k8s.yaml` files as shipshape wrote them before the marker existed) is ever
 * replaced: `-o .`, `-o ..`, `-o src`, a file or a symbolic link is refused with nothing touched.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import * as fs from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import { runInThisContext } from 'node:vm';
import { Worker } from 'node:worker_threads';
import { basename, dirname, join, parse, relative, resolve, sep } from 'node:path';
import { ShipshapeError } from '../errors';

/** One file to write. */
export interface OutputFile {
  /** Path relative to the output folder, with `/` separators. */
  readonly path: string;
  readonly content: string;
  /** Owner-only permissions (for files holding Secrets). */
  readonly private?: boolean;
}

/** The file synth writes into every output folder, marking it as replaceable by the next synth. */
export const OUTPUT_MARKER = '.shipshape-output';

/** The `.gitignore` line that keeps every Secrets file out of git, staging folders included. */
export const SECRETS_IGNORE_RULE = '*.secrets.k8s.yaml';

/** What the marker file records. */
export interface OutputMarker {
  /** The app the output belongs to: it names the ApplySets `shipshape apply` uses. */
  readonly app?: string;
}

/** Options of replacing an output folder. */
export interface ReplaceOutputOptions {
  /**
   * The app id recorded in the marker file, which `shipshape apply` reads back.
   * @default - none recorded: `apply` then needs `--app-name`
   */
  readonly appId?: string;
  /**
   * The working folder, which (like its ancestors) is never replaced.
   * @default process.cwd()
   */
  readonly cwd?: string;
}

/** The output folder is one shipshape must not replace; nothing was touched. */
export class OutputFolderError extends ShipshapeError {}

/** The marker file's content: deterministic, so that committed output does not change between runs. */
function markerContent(appId: string | undefined): string {
  const marker = {
    generator: 'shipshape synth',
    note: 'This folder is replaced as a whole by every synth; keep nothing else in it.',
    ...(appId === undefined ? {} : { app: appId }),
  };
  return `${JSON.stringify(marker, null, 2)}\n`;
}

/** Reads the marker of an output folder (or of the output folder above an environment folder). */
export function readOutputMarker(dir: string): OutputMarker | undefined {
  for (const candidate of [join(dir, OUTPUT_MARKER), join(dirname(resolve(dir)), OUTPUT_MARKER)]) {
    let text: string;
    try {
      if (!lstatSync(candidate).isFile()) continue;
      text = readFileSync(candidate, 'utf8');
    } catch {
      continue;
    }
    try {
      const parsed = JSON.parse(text) as { app?: unknown };
      return typeof parsed.app === 'string' && parsed.app !== '' ? { app: parsed.app } : {};
    } catch {
      return {};
    }
  }
  return undefined;
}

/** The real path of a path that may not exist yet: its nearest existing ancestor's real path, plus the rest. */
function realPathOf(path: string): string {
  const rest: string[] = [];
  let current = path;
  for (;;) {
    try {
      return join(realpathSync(current), ...rest.reverse());
    } catch {
      const parent = dirname(current);
      if (parent === current) return path;
      rest.push(basename(current));
      current = parent;
    }
  }
}

/** Whether `inner` is `outer` or below it. */
function isWithin(inner: string, outer: string): boolean {
  return inner === outer || inner.startsWith(outer.endsWith(sep) ? outer : outer + sep);
}

/** Whether a folder holds only what shipshape wrote before the marker existed: `*.k8s.yaml` files, one level of folders. */
function isLegacyOutput(dir: string, entries: readonly string[]): boolean {
  return entries.every((name) => {
    const path = join(dir, name);
    const stat = lstatSync(path);
    if (stat.isFile()) return name.endsWith('.k8s.yaml');
    if (!stat.isDirectory() || name.startsWith('.')) return false;
    return readdirSync(path).every((child) => child.endsWith('.k8s.yaml') && lstatSync(join(path, child)).isFile());
  });
}

/**
 * Throws OutputFolderError unless `outputDir` may be replaced: it must not be the working folder or one of its
 * ancestors, the root or the home folder, a symbolic link or a file; when it exists it must be empty or a
 * previous shipshape output.
 */
export function checkOutputFolder(outputDir: string, cwd: string = process.cwd()): void {
  const target = resolve(cwd, outputDir);
  const shown = relative(cwd, target) || '.';
  const refuse = (why: string, fix: string): never => {
    throw new OutputFolderError(`refusing to write the output to '${shown}': ${why}. Nothing was changed. ${fix}`);
  };
  const elsewhere = 'Choose a new or empty folder, such as dist.';
  if (target === parse(target).root) refuse('it is the root of the file system', elsewhere);
  const real = realPathOf(target);
  const realCwd = realPathOf(resolve(cwd));
  if (isWithin(realCwd, real)) refuse('it is the working folder or one of its ancestors, and synth replaces the output folder as a whole', elsewhere);
  if (real === realPathOf(homedir())) refuse('it is the home folder', elsewhere);
  const stat = lstatSync(target, { throwIfNoEntry: false });
  if (stat === undefined) return;
  if (stat.isSymbolicLink()) refuse('it is a symbolic link, which synth would replace by a folder', 'Point -o at the real folder, or at a new one.');
  if (!stat.isDirectory()) refuse('it is a file, not a folder', elsewhere);
  const entries = readdirSync(target);
  if (entries.length === 0 || entries.includes(OUTPUT_MARKER)) return;
  if (isLegacyOutput(target, entries)) return;
  const foreign = entries.sort().slice(0, 3).map((name) => `'${name}'`).join(', ');
  refuse(
    `it holds files that shipshape did not write (${foreign}${entries.length > 3 ? ', ...' : ''}) and no ${OUTPUT_MARKER} marker`,
    `${elsewhere} If the folder is an old output, delete it yourself.`,
  );
}

/** The prefix of staging folders for an output folder: a sibling whose files `*.secrets.k8s.yaml` still covers. */
function stagingPrefix(target: string): string {
  return `.${basename(target)}.shipshape-staging-`;
}

/**
 * Removes staging folders that killed runs left next to the output: ours name the process that made them and are
 * removed once it is gone; those of older versions (`.dist.next-*`) once they are ten minutes old.
 */
export function cleanStaleStaging(outputDir: string): string[] {
  const target = resolve(outputDir);
  const parent = dirname(target);
  const prefix = stagingPrefix(target);
  const legacyPrefix = `.${basename(target)}.next-`;
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    let stale = false;
    if (name.startsWith(prefix)) {
      const pid = Number.parseInt(name.slice(prefix.length), 10);
      stale = pid === process.pid ? !ACTIVE.has(join(parent, name.replace(/\.old$/, ''))) : !(Number.isInteger(pid) && isAlive(pid));
    } else if (name.startsWith(legacyPrefix)) {
      const stat = lstatSync(join(parent, name), { throwIfNoEntry: false });
      stale = stat !== undefined && Date.now() - stat.mtimeMs > 10 * 60_000;
    }
    if (!stale) continue;
    rmSync(join(parent, name), { recursive: true, force: true });
    removed.push(join(parent, name));
  }
  return removed;
}

/** Staging folders of this process that are being written now (concurrent synths in one process). */
const ACTIVE = new Set<string>();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Signals that end a run: while the output is written they wait until the staging folder is gone (see interruptible). */
const DEFERRED_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** Writes `files` into a new folder and swaps it in place of `outputDir`; see checkOutputFolder for what is refused. */
export function replaceOutputFolder(outputDir: string, files: readonly OutputFile[], options: ReplaceOutputOptions = {}): void {
  // Writing is synchronous, so a signal's listener runs only once it is over (staging folder renamed or removed);
  // without one, the default action would kill the process mid-write and leave the staging folder, with Secrets in
  // it. Listening starts before the staging folder exists, so that no signal can leave it behind.
  let replacement: OutputReplacement | undefined;
  const signals = interruptible(() => {
    replacement?.dispose();
    return Promise.resolve();
  });
  try {
    replacement = OutputReplacement.begin(outputDir, options);
  } catch (error) {
    signals.release();
    throw error;
  }
  try {
    for (const file of files) replacement.writeFile(file);
    replacement.commit();
  } finally {
    replacement.dispose();
    signals.release();
  }
}

/** Below this many files a background writer costs more than it saves: they are written at commit. */
const BACKGROUND_WRITE_THRESHOLD = 64;

/**
 * Replaces `outputDir` with `files` while `work` runs (validation): the files are written to the staging folder
 * by a worker thread, so that the kernel's cost of creating thousands of files (often waiting on the file
 * system's journal) overlaps with the work instead of following it. The folder takes the output's place only
 * when `work` resolves and every file is written; when `work` throws, the staging folder is removed and the
 * output folder is left as it was.
 */
export async function replaceOutputFolderWhile(
  outputDir: string,
  files: readonly OutputFile[],
  work: () => void | Promise<void>,
  options: ReplaceOutputOptions = {},
): Promise<void> {
  let replacement: OutputReplacement | undefined;
  let writer: BackgroundWriter | undefined;
  // The main thread waits below, so a signal's listener runs before the work is over: it stops the writer,
  // removes the staging folder and ends the process with the signal. Listening starts before the staging
  // folder exists, so that no signal can leave it behind.
  const signals = interruptible(async () => {
    await writer?.stop();
    replacement?.dispose();
  });
  try {
    replacement = OutputReplacement.begin(outputDir, options);
    writer = files.length >= BACKGROUND_WRITE_THRESHOLD ? new BackgroundWriter(replacement) : undefined;
  } catch (error) {
    replacement?.dispose();
    signals.release();
    throw error;
  }
  try {
    if (writer !== undefined) for (const file of files) writer.write(file);
    const written = writer?.finish();
    // Settled in any case, so that a failed write does not become an unhandled rejection while `work` runs.
    written?.catch(() => undefined);
    // The work starts at once, while the writer thread starts: it sets the process's V8 flags again itself.
    await work();
    if (written !== undefined) await written;
    else for (const file of files) replacement.writeFile(file);
    signals.throwIfInterrupted();
    replacement.commit();
  } finally {
    await writer?.stop();
    replacement.dispose();
    signals.release();
  }
}

/** A signal came while the output was being written; the staging folder was removed. */
class InterruptedError extends ShipshapeError {}

/**
 * Listens for SIGINT, SIGTERM and SIGHUP until released: on the first, runs `cleanUp`, then ends the process
 * with the same signal (its listeners gone, the default action applies). A signal that arrived during
 * synchronous code is delivered to the listener only after that code, so listening goes on a moment after
 * release.
 */
function interruptible(cleanUp: () => Promise<void>): { throwIfInterrupted(): void; release(): void } {
  let caught: NodeJS.Signals | undefined;
  const stopListening = (): void => {
    for (const name of DEFERRED_SIGNALS) process.removeListener(name, handler);
  };
  function handler(signal: NodeJS.Signals): void {
    if (caught !== undefined) return;
    caught = signal;
    void cleanUp().finally(() => {
      stopListening();
      process.kill(process.pid, signal);
    });
  }
  for (const name of DEFERRED_SIGNALS) process.on(name, handler);
  return {
    throwIfInterrupted: () => {
      if (caught !== undefined) throw new InterruptedError(`synth was interrupted by ${caught}; the output folder was left as it was.`);
    },
    release: () => {
      setTimeout(stopListening, 500).unref();
    },
  };
}

/** What STAGED_FILE_WRITER's source evaluates to; compiled once, on the first replacement. */
type MakeStagedFileWriter = (fileSystem: typeof fs, paths: typeof path, staging: string, target: string, hadOutput: boolean) => StagedFileWriter;
let makeStagedFileWriter: MakeStagedFileWriter | undefined;

/** An output folder being replaced: files go to a staging folder, which takes the folder's place on commit. */
class OutputReplacement {
  /** Starts a replacement: checks the output folder and makes the staging folder next to it. */
  static begin(outputDir: string, options: ReplaceOutputOptions): OutputReplacement {
    const target = resolve(outputDir);
    checkOutputFolder(target, options.cwd);
    const parent = dirname(target);
    mkdirSync(parent, { recursive: true });
    cleanStaleStaging(target);
    const staging = join(parent, `${stagingPrefix(target)}${process.pid}-${randomBytes(6).toString('hex')}`);
    const replacement = new OutputReplacement(target, staging, existsSync(target), options);
    try {
      mkdirSync(staging, { mode: 0o755 });
      // The process umask may have taken bits away; the output folder is meant to be readable like any checkout.
      chmodSync(staging, 0o755);
    } catch (error) {
      replacement.dispose();
      throw error;
    }
    return replacement;
  }

  readonly target: string;
  readonly staging: string;
  /** Whether an output folder exists, whose unchanged files are hard-linked rather than written again. */
  readonly hadOutput: boolean;
  readonly #options: ReplaceOutputOptions;
  readonly #write: StagedFileWriter;
  #swapped = false;

  private constructor(target: string, staging: string, hadOutput: boolean, options: ReplaceOutputOptions) {
    this.target = target;
    this.staging = staging;
    this.hadOutput = hadOutput;
    this.#options = options;
    makeStagedFileWriter ??= runInThisContext(STAGED_FILE_WRITER) as MakeStagedFileWriter;
    this.#write = makeStagedFileWriter(fs, path, staging, target, hadOutput);
    ACTIVE.add(staging);
  }

  /** Writes one file into the staging folder (or hard-links the unchanged previous one). */
  writeFile(file: OutputFile): void {
    this.#write(file.path, Buffer.from(file.content, 'utf8'), file.private ? 0o600 : 0o644);
  }

  /** Writes the marker and swaps the staging folder in place of the output folder. */
  commit(): void {
    writeFileSync(join(this.staging, OUTPUT_MARKER), markerContent(this.#options.appId), { mode: 0o644 });
    // Checked again right before the swap: the folder may have changed while the files were written.
    checkOutputFolder(this.target, this.#options.cwd);
    const retired = `${this.staging}.old`;
    if (this.hadOutput) renameSync(this.target, retired);
    try {
      renameSync(this.staging, this.target);
      this.#swapped = true;
    } catch (error) {
      // Put the previous output back so that a failed swap leaves things as they were.
      if (this.hadOutput) renameSync(retired, this.target);
      throw error;
    }
  }

  /** Removes the staging folder (after a failure) or the retired output (after a swap). Idempotent. */
  dispose(): void {
    ACTIVE.delete(this.staging);
    rmSync(this.staging, { recursive: true, force: true });
    if (this.#swapped) rmSync(`${this.staging}.old`, { recursive: true, force: true });
  }
}

/**
 * Writes one file into a staging folder, or hard-links the previous output's file when it has the same bytes and
 * mode (see linkUnchanged's reason below). Plain JavaScript, so that the main thread (small outputs) and the
 * writer thread (large ones, run with `eval`, which works the same from TypeScript sources, lib/ and the bundle)
 * run the same code: `(fs, path, staging, target, hadOutput) => (relativePath, bytes, mode) => void`.
 *
 * Re-synthesizing mostly produces the files that are already there, and creating a file costs the kernel far
 * more than linking one (on a busy ext4 disk, 10-20x). So a previous file with the same bytes and mode, linked
 * nowhere else, is linked into the new folder instead of written again; its old folder entry goes away with the
 * old folder, so afterwards it is an ordinary file again.
 */
const STAGED_FILE_WRITER = `(fs, path, staging, target, hadOutput) => {
  const folders = new Set([staging]);
  const linkUnchanged = (previous, file, bytes, mode) => {
    try {
      const stat = fs.lstatSync(previous, { throwIfNoEntry: false });
      if (stat === undefined || !stat.isFile() || stat.nlink !== 1 || stat.size !== bytes.length || (stat.mode & 0o7777) !== mode) return false;
      if (!fs.readFileSync(previous).equals(bytes)) return false;
      fs.linkSync(previous, file);
      return true;
    } catch {
      // Unreadable, or a file system without hard links: write the file instead.
      return false;
    }
  };
  return (relativePath, bytes, mode) => {
    const segments = relativePath.split('/');
    const file = path.join(staging, ...segments);
    const folder = path.dirname(file);
    if (!folders.has(folder)) {
      fs.mkdirSync(folder, { recursive: true });
      folders.add(folder);
    }
    if (!(hadOutput && linkUnchanged(path.join(target, ...segments), file, bytes, mode))) fs.writeFileSync(file, bytes, { mode });
  };
}`;

/** Writes a file into the staging folder: relative path, bytes, mode. */
type StagedFileWriter = (relativePath: string, bytes: Buffer, mode: number) => void;

/** The writer thread: batches of files in (bytes transferred, not copied), one acknowledgement per batch out. */
/**
 * V8 flags the process wants every thread to keep (the command line's young generation setting): V8 resets some
 * flags, which are process-wide, when a thread's isolate starts, so the writer sets them again as its first act.
 * The command line names them through this global because the library must not depend on it.
 */
const WORKER_V8_FLAGS = Symbol.for('shipshape.worker-v8-flags');

const WRITER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
if (workerData.v8Flags) require('node:v8').setFlagsFromString(workerData.v8Flags);
const write = (${STAGED_FILE_WRITER})(require('node:fs'), require('node:path'), workerData.staging, workerData.target, workerData.hadOutput);
parentPort.on('message', (batch) => {
  try {
    for (const file of batch) write(file.path, Buffer.from(file.bytes), file.mode);
    parentPort.postMessage({ written: batch.length });
  } catch (error) {
    parentPort.postMessage({ error: String(error && error.message || error) });
  }
});
`;

function workerV8Flags(): string | undefined {
  const flags = (globalThis as Record<symbol, unknown>)[WORKER_V8_FLAGS];
  return typeof flags === 'string' ? flags : undefined;
}

const UTF8 = new TextEncoder();

/** Files per message to the writer: few enough to start writing early, enough to keep messages rare. */
const WRITER_BATCH = 32;

/** Writes files into a staging folder from a worker thread, in the order given. */
class BackgroundWriter {
  readonly #worker: Worker;
  #batch: Array<{ path: string; bytes: ArrayBuffer; mode: number }> = [];
  #sent = 0;
  #written = 0;
  #failure: Error | undefined;
  #stopped: Promise<void> | undefined;
  #settle: { resolve(): void; reject(error: Error): void } | undefined;

  constructor(replacement: OutputReplacement) {
    this.#worker = new Worker(WRITER_SOURCE, {
      eval: true,
      workerData: { staging: replacement.staging, target: replacement.target, hadOutput: replacement.hadOutput, v8Flags: workerV8Flags() },
      // Writing needs little heap; a small young generation keeps the process's memory down.
      resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 64 },
    });
    this.#worker.on('message', (message: { written?: number; error?: string }) => {
      if (message.error !== undefined) this.#fail(new ShipshapeError(`writing the output failed: ${message.error}. The output folder was left as it was.`));
      else this.#written += message.written ?? 0;
      if (this.#written === this.#sent) this.#settle?.resolve();
    });
    this.#worker.on('error', (error) => this.#fail(error));
    this.#worker.on('exit', () => {
      if (this.#stopped === undefined) this.#fail(new ShipshapeError('the output writer stopped before it had written every file. The output folder was left as it was.'));
    });
  }

  /** Queues a file; it is sent to the worker with the next full batch. */
  write(file: OutputFile): void {
    // A buffer of its own (Buffer.from would slice small ones from Node's shared pool), so that it can be transferred.
    const bytes = UTF8.encode(file.content).buffer;
    this.#batch.push({ path: file.path, bytes, mode: file.private ? 0o600 : 0o644 });
    if (this.#batch.length >= WRITER_BATCH) this.#flush();
  }

  /** Resolves when every queued file is written; rejects with the first failure. */
  finish(): Promise<void> {
    this.#flush();
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    if (this.#written === this.#sent) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.#settle = { resolve, reject };
    });
  }

  /** Stops the worker; no file is written after the returned promise resolves. */
  stop(): Promise<void> {
    this.#stopped ??= this.#worker.terminate().then(() => undefined);
    return this.#stopped;
  }

  #flush(): void {
    if (this.#batch.length === 0 || this.#failure !== undefined) return;
    const batch = this.#batch;
    this.#batch = [];
    this.#sent += batch.length;
    this.#worker.postMessage(batch, batch.map((file) => file.bytes));
  }

  #fail(error: Error): void {
    if (this.#failure !== undefined) return;
    this.#failure = error;
    this.#settle?.reject(error);
  }
}

/** Whether git ignores files, as `git check-ignore` says (tracked files count as not ignored). */
export type GitIgnoreStatus =
  | { readonly kind: 'ignored' }
  | {
      readonly kind: 'not-ignored';
      /** The Secrets files git does not ignore. */
      readonly files: readonly string[];
      /** The staging folder name git does not ignore (where the files are written first), if any. */
      readonly staging?: string;
      readonly ignoreFile: string;
    }
  | { readonly kind: 'unknown'; readonly reason: string };

/**
 * Asks git whether it ignores the given files (absolute paths), together with the staging folder names synth
 * writes them under first. Answers `unknown` outside a git work tree or without git.
 */
export async function gitIgnoreStatus(outputDir: string, files: readonly string[]): Promise<GitIgnoreStatus> {
  if (files.length === 0) return { kind: 'ignored' };
  const target = resolve(outputDir);
  const parent = dirname(target);
  const staging = join(parent, `${stagingPrefix(target)}0-0`);
  const paths = [...files, ...files.map((file) => join(staging, relative(target, file)))];
  // One git process in the common case (everything ignored), which runs beside synthesis when started early; the
  // work tree's root is asked for only to name the .gitignore file in a warning.
  const result = await runGit(['check-ignore', '-z', '--stdin'], parent, paths.map((path) => `${path}\0`).join(''));
  if (result.error !== undefined) return { kind: 'unknown', reason: 'git is not available' };
  if (result.status !== 0 && result.status !== 1) {
    if (/not a git repository/i.test(result.stderr)) return { kind: 'unknown', reason: 'the output folder is not in a git work tree' };
    const inWorkTree = await runGit(['rev-parse', '--is-inside-work-tree'], parent);
    if (inWorkTree.status !== 0 || inWorkTree.stdout.trim() !== 'true') return { kind: 'unknown', reason: 'the output folder is not in a git work tree' };
    return { kind: 'unknown', reason: `git check-ignore failed: ${result.stderr.trim().split('\n')[0] ?? ''}` };
  }
  const ignored = new Set(result.stdout.split('\0').filter((path) => path !== '').map((path) => resolve(parent, path)));
  const missing = files.filter((path) => !ignored.has(path));
  const stagingMissing = paths.slice(files.length).some((path) => !ignored.has(path));
  if (missing.length === 0 && !stagingMissing) return { kind: 'ignored' };
  const top = await runGit(['rev-parse', '--show-toplevel'], parent);
  const root = top.status === 0 ? top.stdout.trim() : parent;
  return {
    kind: 'not-ignored',
    files: missing,
    ...(stagingMissing ? { staging: join(parent, `${stagingPrefix(target)}*`) } : {}),
    ignoreFile: join(root, '.gitignore'),
  };
}

/** Runs git without blocking, stopped after 10 s; never rejects. */
function runGit(args: readonly string[], cwd: string, input?: string): Promise<{ status: number | null; stdout: string; stderr: string; error?: Error }> {
  return new Promise((resolveRun) => {
    let stdout = '';
    let stderr = '';
    let failure: Error | undefined;
    const child = spawn('git', args, { cwd, stdio: ['pipe', 'pipe', 'pipe'], timeout: 10_000 });
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', (error) => (failure = error));
    // A git that exits before reading all of its input must not fail the run.
    child.stdin.on('error', () => undefined);
    child.stdin.end(input ?? '');
    child.on('close', (status) => resolveRun({ status, stdout, stderr, ...(failure === undefined ? {} : { error: failure }) }));
  });
}

