/**
 * Runs kubectl, which `shipshape diff` and `shipshape apply` use to talk to the cluster. kubectl
 * is what users already trust with their kubeconfig, credentials plugins and proxies; shipshape
 * adds ordering, ApplySet bookkeeping and readable reports around it.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { KubectlError } from './errors';

/** The oldest kubectl whose ApplySet pruning and server-side diff shipshape relies on. */
export const MIN_KUBECTL_MINOR = 27;

/** How long kubectl waits for one answer from the API server unless told otherwise. */
export const DEFAULT_REQUEST_TIMEOUT = '30s';

/** What kubectl prints when a request to the server ran out of time (client or server side). */
const TIMEOUT_MESSAGE = /Client\.Timeout exceeded|context deadline exceeded|request canceled|i\/o timeout|TLS handshake timeout|unable to return a response in the time allotted|Timeout: request did not complete/;

/** Parses a kubectl duration (`30s`, `2m`, `1h`, `500ms`, or a number of seconds) into milliseconds; 0 means none. */
export function parseRequestTimeout(value: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(value.trim());
  if (match === null) return undefined;
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match[2] ?? 's'] ?? 1000;
  return Math.round(Number(match[1]) * unit);
}

/** Where kubectl is and which cluster it talks to. */
export interface KubectlOptions {
  /**
   * The kubectl executable.
   * @default - `$SHIPSHAPE_KUBECTL`, else `kubectl` found on PATH
   */
  readonly binary?: string;
  /**
   * The kubeconfig file.
   * @default - kubectl's own choice (`$KUBECONFIG`, else `~/.kube/config`)
   */
  readonly kubeconfig?: string;
  /**
   * The kubeconfig context.
   * @default - the current context
   */
  readonly context?: string;
  /**
   * How long each request to the API server may take (kubectl `--request-timeout`, e.g. `30s`,
   * `2m`; `0` for no limit). A run that the server does not answer in time fails with a message
   * that says so, instead of hanging on a frozen server.
   * @default '30s'
   */
  readonly requestTimeout?: string;
  /** The environment kubectl runs with (PATH, HOME, KUBECONFIG...). */
  readonly env: NodeJS.ProcessEnv;
}

/** What one kubectl run printed and how it ended. */
export interface KubectlResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of one kubectl run. */
export interface RunOptions {
  /** Text fed to kubectl's stdin (manifests for `-f -`). */
  readonly input?: string;
  /** Called with each complete line kubectl prints on stdout, as it prints it. */
  readonly onLine?: (line: string) => void;
}

/** A kubectl executable bound to one kubeconfig context. */
export class Kubectl {
  readonly #options: KubectlOptions;
  readonly #running = new Set<ChildProcess>();
  #stopped = false;

  constructor(options: KubectlOptions) {
    this.#options = options;
  }

  /** A kubectl for the same cluster whose runs `stop()` of this one does not end (the apply lock's own). */
  clone(): Kubectl {
    return new Kubectl(this.#options);
  }

  /**
   * Ends every kubectl this instance is running (SIGTERM, SIGKILL after 5 s) and refuses new runs;
   * resolves once they have exited, so that nothing is still writing to the cluster afterwards.
   */
  async stop(): Promise<void> {
    this.#stopped = true;
    const exits = [...this.#running].map((child) => new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) {
        resolve();
        return;
      }
      const force = setTimeout(() => child.kill('SIGKILL'), 5000);
      child.once('close', () => {
        clearTimeout(force);
        resolve();
      });
      child.kill('SIGTERM');
    }));
    await Promise.all(exits);
  }

  /** The executable that runs. */
  get binary(): string {
    return this.#options.binary ?? this.#options.env.SHIPSHAPE_KUBECTL ?? 'kubectl';
  }

  /** The request timeout kubectl runs with. */
  get requestTimeout(): string {
    return this.#options.requestTimeout ?? DEFAULT_REQUEST_TIMEOUT;
  }

  /**
   * Runs kubectl with the context and timeout flags prepended; resolves even when kubectl fails,
   * but rejects with a KubectlError when the server did not answer within the request timeout.
   */
  async run(args: readonly string[], options: RunOptions = {}): Promise<KubectlResult> {
    if (this.#stopped) throw new KubectlError(`'kubectl ${args[0] ?? ''}' was not started: the command is stopping`);
    const result = await this.#spawn(args, options);
    if (result.code !== 0 && !result.killed && TIMEOUT_MESSAGE.test(result.stderr)) {
      throw new KubectlError(
        `the cluster did not answer within the request timeout (${this.requestTimeout}) during 'kubectl ${args[0] ?? ''}': ` +
          `${firstLine(result.stderr.split('\n').filter((line) => TIMEOUT_MESSAGE.test(line)).join('\n'))}. ` +
          'Check that the API server is up and reachable, or raise --request-timeout. Anything not reported as applied was not applied.',
      );
    }
    if (result.killed) {
      throw new KubectlError(
        `'kubectl ${args[0] ?? ''}' was stopped after ${Math.round(this.#deadlineMs() / 1000)} s without finishing ` +
          `(${WATCHDOG_REQUESTS} times the request timeout of ${this.requestTimeout}): the cluster is not answering. ` +
          'Check the API server, or raise --request-timeout. Anything not reported as applied was not applied.',
      );
    }
    return result;
  }

  /** How long one kubectl run may take in all, however many requests it makes. */
  #deadlineMs(): number {
    const perRequest = parseRequestTimeout(this.requestTimeout) ?? 30_000;
    return perRequest === 0 ? 0 : Math.max(perRequest * WATCHDOG_REQUESTS, 60_000);
  }

  #spawn(args: readonly string[], options: RunOptions): Promise<KubectlResult & { readonly killed: boolean }> {
    const global: string[] = [`--request-timeout=${this.requestTimeout}`];
    if (this.#options.kubeconfig) global.push(`--kubeconfig=${this.#options.kubeconfig}`);
    if (this.#options.context) global.push(`--context=${this.#options.context}`);
    // ApplySet pruning is still behind this switch in kubectl 1.27 to 1.33.
    const env = { ...this.#options.env, KUBECTL_APPLYSET: 'true' };
    return new Promise((resolve, reject) => {
      const child = spawn(this.binary, [...global, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
      this.#running.add(child);
      let stdout = '';
      let stderr = '';
      let pending = '';
      let killed = false;
      const deadline = this.#deadlineMs();
      // kubectl bounds each request, not the run: a server that answers some requests and then
      // freezes, or one kubectl retries against, still ends here.
      const watchdog = deadline === 0 ? undefined : setTimeout(() => {
        killed = true;
        child.kill('SIGKILL');
      }, deadline);
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
        if (!options.onLine) return;
        pending += chunk;
        const lines = pending.split('\n');
        pending = lines.pop() ?? '';
        lines.forEach((line) => options.onLine?.(line));
      });
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      child.on('error', (error: NodeJS.ErrnoException) => {
        this.#running.delete(child);
        if (watchdog !== undefined) clearTimeout(watchdog);
        reject(
          error.code === 'ENOENT'
            ? new KubectlError(
                `kubectl was not found (tried '${this.binary}'). Install kubectl 1.${MIN_KUBECTL_MINOR} or later ` +
                  'and put it on PATH, or set SHIPSHAPE_KUBECTL to its path.',
              )
            : new KubectlError(`kubectl could not start: ${error.message}`),
        );
      });
      child.on('close', (code) => {
        this.#running.delete(child);
        if (watchdog !== undefined) clearTimeout(watchdog);
        if (pending && options.onLine) options.onLine(pending);
        resolve({ code: code ?? 2, stdout, stderr, killed });
      });
      child.stdin.on('error', () => undefined);
      child.stdin.end(options.input ?? '');
    });
  }

  /** Fails unless kubectl is present and at least 1.27; resolves to its `major.minor` version. */
  async checkVersion(): Promise<string> {
    const result = await this.run(['version', '--client', '--output=json']);
    if (result.code !== 0) {
      throw new KubectlError(`'${this.binary} version --client' failed: ${firstLine(result.stderr)}`);
    }
    const parsed = JSON.parse(result.stdout) as { clientVersion?: { major?: string; minor?: string } };
    const major = Number.parseInt(parsed.clientVersion?.major ?? '', 10);
    const minor = Number.parseInt(parsed.clientVersion?.minor ?? '', 10);
    if (major !== 1 || !(minor >= MIN_KUBECTL_MINOR)) {
      throw new KubectlError(
        `kubectl ${major}.${minor} is too old: shipshape needs kubectl 1.${MIN_KUBECTL_MINOR} or later for ApplySet pruning.`,
      );
    }
    return `${major}.${minor}`;
  }
}

/** A whole kubectl run may take this many request timeouts before it is stopped. */
const WATCHDOG_REQUESTS = 20;

/** The first non-empty line of a text, for short messages. */
export function firstLine(text: string): string {
  return text.split('\n').find((line) => line.trim() !== '')?.trim() ?? '(no output)';
}
