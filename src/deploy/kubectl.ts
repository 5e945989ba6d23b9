/**
 * Runs kubectl, which `shipshape diff` and `shipshape apply` use to talk to the cluster. kubectl
 * is what users already trust with their kubeconfig, credentials plugins and proxies; shipshape
 * adds ordering, ApplySet bookkeeping and readable reports around it.
 */
import { spawn } from 'node:child_process';
import { KubectlError } from './errors';

/** The oldest kubectl whose ApplySet pruning and server-side diff shipshape relies on. */
export const MIN_KUBECTL_MINOR = 27;

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

  constructor(options: KubectlOptions) {
    this.#options = options;
  }

  /** The executable that runs. */
  get binary(): string {
    return this.#options.binary ?? this.#options.env.SHIPSHAPE_KUBECTL ?? 'kubectl';
  }

  /** Runs kubectl with the context flags prepended; resolves even when kubectl fails. */
  run(args: readonly string[], options: RunOptions = {}): Promise<KubectlResult> {
    const global: string[] = [];
    if (this.#options.kubeconfig) global.push(`--kubeconfig=${this.#options.kubeconfig}`);
    if (this.#options.context) global.push(`--context=${this.#options.context}`);
    // ApplySet pruning is still behind this switch in kubectl 1.27 to 1.33.
    const env = { ...this.#options.env, KUBECTL_APPLYSET: 'true' };
    return new Promise((resolve, reject) => {
      const child = spawn(this.binary, [...global, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      let pending = '';
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
        if (pending && options.onLine) options.onLine(pending);
        resolve({ code: code ?? 2, stdout, stderr });
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

/** The first non-empty line of a text, for short messages. */
export function firstLine(text: string): string {
  return text.split('\n').find((line) => line.trim() !== '')?.trim() ?? '(no output)';
}
