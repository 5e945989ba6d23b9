/**
 * The client of the exact engine: the kube-apiserver's own create-path validation, compiled to WebAssembly
 * from k8s.io/kubernetes (src/validate/exact/engine/, built by its build.sh into lib/exact-engine/).
 *
 * Each Kubernetes version's engine runs in its own worker thread: it starts loading (decompress, compile,
 * Go's start-up) as soon as it is opened, so loading overlaps with whatever the caller does next (reading
 * files, rendering charts), and its heap is apart from the caller's. Calls send many objects at once and
 * wait for the answer synchronously (Atomics.wait on a shared flag, then receiveMessageOnPort), so that
 * `validateManifests` keeps its synchronous signature.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { ShipshapeError } from '../../errors';

/** The Kubernetes versions an exact engine can be built for. */
export type ExactEngineVersion = '1.27' | '1.36';

/** The exact engine is not built, or could not start or answer; the message says what is missing and how to fix it. */
export class ExactEngineError extends ShipshapeError {}

/** One field error, strict-decoding error or refusal, as the API server reports it. */
export interface ExactFinding {
  /** The server's error type, e.g. `FieldValueInvalid`, `FieldValueRequired`, `FieldValueUnknown`. */
  readonly type: string;
  /** The field path as the server names it, e.g. `spec.template.spec.containers[0].image`. */
  readonly field?: string;
  /** The value the server refused (may be secret: callers redact it). */
  readonly badValue?: unknown;
  /** The server's explanation, e.g. `must be greater than or equal to 0`. */
  readonly detail?: string;
}

/**
 * The server's verdict on one object: `valid`, `invalid` (field errors), `bad-request` (cannot be decoded:
 * wrong types, unknown or duplicate fields), `not-served` (an API version the release does not serve) or
 * `not-checked` (a kind the engine has no strategy for, e.g. a custom resource).
 */
export interface ExactVerdict {
  readonly status: 'valid' | 'invalid' | 'bad-request' | 'not-served' | 'not-checked';
  readonly message?: string;
  readonly errors?: readonly ExactFinding[];
  readonly warnings?: readonly string[];
}

/** What a built engine's manifest (lib/exact-engine/kubernetes-<version>.json) says about it. */
export interface ExactEngineBuild {
  readonly kubernetesVersion: string;
  readonly kubernetesModule: string;
  readonly goVersion: string;
  readonly rawBytes: number;
}

/** Settings of an engine's worker. */
export interface ExactEngineOptions {
  /**
   * The folder holding the built engines.
   * @default - $SHIPSHAPE_EXACT_ENGINE_DIR, else lib/exact-engine in the shipshape package
   */
  readonly directory?: string;
  /**
   * Go's GOGC for the engine's heap: how much it may grow between collections, in percent.
   * @default 400
   */
  readonly gogc?: number;
  /**
   * Go's GOMEMLIMIT for the engine's heap, in MiB: the collector runs harder near it.
   * @default 160
   */
  readonly memoryLimitMiB?: number;
  /**
   * How many objects go to the engine in one call.
   * @default 500
   */
  readonly batchSize?: number;
  /**
   * How long start-up, or one batch, may take before the engine is given up, in milliseconds.
   * @default 120000
   */
  readonly timeoutMs?: number;
}

/** How long loading took, measured in the worker. */
export interface ExactEngineTimings {
  /** Reading, decompressing and compiling the module (one stream). */
  readonly compileMs: number;
  /** Instantiating it and running Go's start-up (package initialisation of Kubernetes). */
  readonly startMs: number;
}

type Reply =
  | { readonly type: 'ready'; readonly compileMs: number; readonly startMs: number }
  | { readonly type: 'result'; readonly id: number; readonly json: string }
  | { readonly type: 'failed'; readonly id?: number; readonly message: string };

// Plain JavaScript, run with `eval` so that it works the same from TypeScript sources (tests) and from lib/.
const WORKER_SOURCE = `
'use strict';
const { workerData } = require('node:worker_threads');
const fs = require('node:fs');
const zlib = require('node:zlib');
const { Readable } = require('node:stream');
const { wasmFile, wasmExecFile, env, signal, port } = workerData;
const flag = new Int32Array(signal);
let output = '';
function wake() { Atomics.add(flag, 0, 1); Atomics.notify(flag, 0); }
function send(message) { port.postMessage(message); wake(); }
// No file system for the engine: wasm_exec.js then installs its own stand-in, whose calls fail at once. Go's
// file calls wait for a callback, which could never come while a synchronous call is running (time zones
// are looked up as files first: the engine embeds them instead). Its output is kept, for panics, not printed.
require(wasmExecFile);
const decoder = new TextDecoder();
globalThis.fs.writeSync = (fd, buf) => { output = (output + decoder.decode(buf)).slice(-4000); return buf.length; };
(async () => {
  const started = performance.now();
  // Decompressed and compiled as a stream: the 90 MB module is never held whole in a buffer.
  const source = fs.createReadStream(wasmFile).pipe(zlib.createBrotliDecompress());
  const response = new Response(Readable.toWeb(source), { headers: { 'content-type': 'application/wasm' } });
  const module = await WebAssembly.compileStreaming(response);
  const compiled = performance.now();
  const go = new globalThis.Go();
  go.env = env;
  const instance = await WebAssembly.instantiate(module, go.importObject);
  go.run(instance).then(() => send({ type: 'failed', message: 'the engine exited' + (output ? ': ' + output : '') }));
  if (typeof globalThis.shipshapeExactValidate !== 'function') throw new Error('the engine did not register its functions' + (output ? ': ' + output : ''));
  send({ type: 'ready', compileMs: compiled - started, startMs: performance.now() - compiled });
})().catch((error) => send({ type: 'failed', message: String(error && error.stack || error) }));
port.on('message', (message) => {
  try {
    send({ type: 'result', id: message.id, json: globalThis.shipshapeExactValidate(new Uint8Array(message.buffer)) });
  } catch (error) {
    send({ type: 'failed', id: message.id, message: String(error && error.message || error) + (output ? ': ' + output : '') });
  }
});
`;

/** The folder of the built engines: $SHIPSHAPE_EXACT_ENGINE_DIR, else lib/exact-engine in the package. */
export function exactEngineDirectory(): string {
  const fromEnv = process.env.SHIPSHAPE_EXACT_ENGINE_DIR;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  return join(packageRoot(), 'lib', 'exact-engine');
}

function packageRoot(): string {
  let dir = __dirname;
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'shipshape') return dir;
    const parent = dirname(dir);
    if (parent === dir) return join(__dirname, '..', '..', '..');
    dir = parent;
  }
}

/** The manifest of a built engine, or undefined when that engine is not built. */
export function exactEngineBuild(version: ExactEngineVersion, directory = exactEngineDirectory()): ExactEngineBuild | undefined {
  const manifest = join(directory, `kubernetes-${version}.json`);
  if (!existsSync(manifest) || !existsSync(join(directory, `kubernetes-${version}.wasm.br`))) return undefined;
  return JSON.parse(readFileSync(manifest, 'utf8')) as ExactEngineBuild;
}

function missingMessage(version: ExactEngineVersion, directory: string): string {
  const shown = relative(process.cwd(), directory) || directory;
  return (
    `the exact engine for Kubernetes ${version} is not built: ${join(shown, `kubernetes-${version}.wasm.br`)} is missing. ` +
    'It is the API server\'s own validation compiled to WebAssembly with Go. In a clone of shipshape, build it with ' +
    '`bash src/validate/exact/engine/build.sh` (Go 1.26 or later; minutes the first time), or use a shipshape package ' +
    'that includes it, or set SHIPSHAPE_EXACT_ENGINE_DIR to a folder that has it. Everything but --exact works without it.'
  );
}

/** One Kubernetes version's exact engine, running in its own worker thread. */
export class ExactEngine {
  /** Which Kubernetes version's validation this engine runs. */
  readonly version: ExactEngineVersion;
  readonly #worker: Worker;
  readonly #port: MessagePort;
  readonly #flag: Int32Array;
  readonly #batchSize: number;
  readonly #timeoutMs: number;
  #nextId = 1;
  #ready = false;
  #failure: string | undefined;
  #timings: ExactEngineTimings | undefined;

  /** Starts the engine loading in a worker thread and returns at once; throws ExactEngineError when it is not built. */
  static open(version: ExactEngineVersion, options: ExactEngineOptions = {}): ExactEngine {
    const directory = options.directory ?? exactEngineDirectory();
    if (exactEngineBuild(version, directory) === undefined || !existsSync(join(directory, 'wasm_exec.js'))) {
      throw new ExactEngineError(missingMessage(version, directory));
    }
    return new ExactEngine(version, directory, options);
  }

  private constructor(version: ExactEngineVersion, directory: string, options: ExactEngineOptions) {
    this.version = version;
    this.#batchSize = options.batchSize ?? 500;
    this.#timeoutMs = options.timeoutMs ?? 120_000;
    const signal = new SharedArrayBuffer(4);
    this.#flag = new Int32Array(signal);
    const channel = new MessageChannel();
    this.#port = channel.port1;
    this.#worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        wasmFile: join(directory, `kubernetes-${version}.wasm.br`),
        wasmExecFile: join(directory, 'wasm_exec.js'),
        env: { GOGC: String(options.gogc ?? 400), GOMEMLIMIT: `${options.memoryLimitMiB ?? 160}MiB` },
        signal,
        port: channel.port2,
      },
      transferList: [channel.port2],
      stdout: true,
      stderr: true,
    });
    // Neither the worker nor its port keeps the process alive: a CLI run ends when its work does.
    this.#worker.unref();
    this.#port.unref();
    this.#worker.on('error', (error: Error) => {
      this.#failure = error.message;
      Atomics.add(this.#flag, 0, 1);
      Atomics.notify(this.#flag, 0);
    });
  }

  /** Waits until the engine is loaded (a no-op once it is) and says how long loading took. */
  waitUntilReady(): ExactEngineTimings {
    while (!this.#ready) {
      const reply = this.#receive();
      if (reply.type === 'ready') {
        this.#ready = true;
        this.#timings = { compileMs: reply.compileMs, startMs: reply.startMs };
      } else if (reply.type === 'failed') {
        this.#fail(reply.message);
      }
    }
    return this.#timings as ExactEngineTimings;
  }

  /** The server's verdicts on the objects, in order; blocks until the engine has answered. */
  validateSync(objects: readonly unknown[]): ExactVerdict[] {
    const [verdicts] = ExactEngine.validateWithEach([this], objects);
    return verdicts ?? [];
  }

  /**
   * The verdicts of several engines (one per Kubernetes version) on the same objects. Every batch goes to
   * every engine before any answer is read, so the engines work in parallel, each on its own thread, while
   * this thread decodes the answers that are ready.
   */
  static validateWithEach(engines: readonly ExactEngine[], objects: readonly unknown[]): ExactVerdict[][] {
    for (const engine of engines) engine.waitUntilReady();
    const batches: Array<{ readonly bytes: Buffer; readonly count: number }> = [];
    const size = Math.max(1, Math.min(...engines.map((engine) => engine.#batchSize)));
    for (let start = 0; start < objects.length; start += size) {
      const batch = objects.slice(start, start + size);
      batches.push({ bytes: Buffer.from(JSON.stringify(batch)), count: batch.length });
    }
    const sent = engines.map((engine) => batches.map((batch) => ({ id: engine.#post(batch.bytes), count: batch.count })));
    return engines.map((engine, index) => (sent[index] ?? []).flatMap(({ id, count }) => engine.#collect(id, count)));
  }

  /** Stops the worker; the engine cannot be used afterwards. */
  close(): void {
    this.#failure ??= 'the engine was closed';
    void this.#worker.terminate();
  }

  #post(bytes: Buffer): number {
    const id = this.#nextId++;
    // A copy of exactly the payload, moved to the worker rather than copied again.
    const buffer = new Uint8Array(bytes).buffer;
    this.#port.postMessage({ id, buffer }, [buffer]);
    return id;
  }

  #collect(id: number, count: number): ExactVerdict[] {
    for (;;) {
      const reply = this.#receive();
      if (reply.type === 'failed') this.#fail(reply.message);
      if (reply.type !== 'result' || reply.id !== id) continue;
      const parsed = JSON.parse(reply.json) as ExactVerdict[] | { error: string };
      if (!Array.isArray(parsed)) this.#fail(parsed.error);
      if (parsed.length !== count) this.#fail(`it answered ${parsed.length} verdicts for ${count} objects`);
      return parsed;
    }
  }

  #receive(): Reply {
    const deadline = Date.now() + this.#timeoutMs;
    for (;;) {
      if (this.#failure !== undefined) this.#fail(this.#failure);
      const seen = Atomics.load(this.#flag, 0);
      const received = receiveMessageOnPort(this.#port);
      if (received !== undefined) return received.message as Reply;
      const left = deadline - Date.now();
      if (left <= 0) this.#fail(`it did not answer within ${this.#timeoutMs} ms`);
      Atomics.wait(this.#flag, 0, seen, left);
    }
  }

  #fail(reason: string): never {
    this.#failure = reason;
    void this.#worker.terminate();
    throw new ExactEngineError(`the exact engine for Kubernetes ${this.version} failed: ${reason}`);
  }
}

const openEngines = new Map<ExactEngineVersion, ExactEngine>();

/**
 * The process's engine for a version, opened (and loading in the background) on first use. Call it early,
 * before rendering or reading files, so that loading overlaps with that work.
 */
export function exactEngineFor(version: ExactEngineVersion): ExactEngine {
  let engine = openEngines.get(version);
  if (engine === undefined) {
    engine = ExactEngine.open(version);
    openEngines.set(version, engine);
  }
  return engine;
}

/** Stops the process's engines (their workers and memory); the next exact validation opens them again. */
export function closeExactEngines(): void {
  for (const engine of openEngines.values()) engine.close();
  openEngines.clear();
}
