/**
 * Builds and runs the test cluster (test/cluster/main.go: embedded etcd + kube-apiserver on
 * 127.0.0.1, and on request kube-controller-manager, kube-scheduler and kwok's simulated nodes)
 * for the cluster suite. Every wait is bounded, and the harness process is always stopped: by
 * stop(), and otherwise because it exits when this process dies (--exit-with-parent); its
 * components die with it.
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The folder of this harness (Go module, scripts, bin/). */
export const CLUSTER_DIR = __dirname;
/** The built harness binary. */
export const HARNESS_BINARY = join(CLUSTER_DIR, 'bin', 'harness');

/** What runs besides etcd and the apiserver. */
export interface StartOptions {
  /**
   * Also run kube-controller-manager, kube-scheduler, simulated nodes (kwok), a default
   * StorageClass and a volume provisioner: workloads get pods that are scheduled and become Ready.
   * Off, nothing changes stored objects but the clients (and the harness's `default`
   * ServiceAccount controller), so resourceVersions stay put between applies.
   * @default false
   */
  readonly controlPlane?: boolean;
  /**
   * How many simulated nodes, with controlPlane.
   * @default 6
   */
  readonly nodes?: number;
  /**
   * Over how many zones (`topology.kubernetes.io/zone`: zone-a, zone-b, ...) the nodes are spread.
   * @default 3
   */
  readonly zones?: number;
}

/** One simulated node of a cluster started with controlPlane. */
export interface SimulatedNode {
  readonly name: string;
  readonly zone: string;
}

/** A running test cluster. */
export interface TestCluster {
  /** A kubeconfig whose current context reaches the cluster as a system:masters user. */
  readonly kubeconfig: string;
  /** `https://127.0.0.1:<port>`. */
  readonly server: string;
  /** Milliseconds from starting the process to /readyz answering ok. */
  readonly startupMs: number;
  /** Where the harness's own log (etcd, kube-apiserver and the other components) goes. */
  readonly logFile: string;
  /** Whether controllers, scheduler and nodes run. */
  readonly controlPlane: boolean;
  /** The simulated nodes (none without controlPlane). */
  readonly nodes: readonly SimulatedNode[];
  /** Stops the cluster and waits for the process to exit; safe to call twice. */
  stop(): Promise<void>;
}

/** Whether a command answers `--version`-style probes, i.e. is installed. */
export function hasCommand(command: string, args: readonly string[]): boolean {
  const result = spawnSync(command, args, { stdio: 'ignore', timeout: 20_000 });
  return result.status === 0;
}

/** Builds the harness with build.sh; resolves to the milliseconds it took, or throws with the log. */
export function buildHarness(timeoutMs: number): Promise<number> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(join(CLUSTER_DIR, 'build.sh'), [], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => {
      // The build runs in its own process group: end go and its compilers together.
      killGroup(child, 'SIGKILL');
      reject(new Error(`building the test cluster took longer than ${Math.round(timeoutMs / 1000)}s:\n${tail(output)}`));
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(Date.now() - started);
      else reject(new Error(`test/cluster/build.sh failed (exit ${code}):\n${tail(output)}`));
    });
  });
}

/** Starts the harness and waits, at most timeoutMs, for its ready line. */
export function startCluster(timeoutMs: number, options: StartOptions = {}): Promise<TestCluster> {
  const workDir = mkdtempSync(join(tmpdir(), 'shipshape-cluster-test-'));
  const dataDir = join(workDir, 'data');
  const logFile = join(workDir, 'harness.log');
  const log = openSync(logFile, 'a');
  const started = Date.now();
  const child = spawn(
    HARNESS_BINARY,
    [
      '--data-dir', dataDir, '--startup-timeout', `${Math.round(timeoutMs / 1000)}s`, '--exit-with-parent',
      `--control-plane=${options.controlPlane ?? false}`, `--nodes=${options.nodes ?? 6}`, `--zones=${options.zones ?? 3}`,
    ],
    // stdin stays an open pipe: the harness stops when it closes, i.e. when this process dies.
    { stdio: ['pipe', 'pipe', log] },
  );
  closeSync(log);
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(workDir, { recursive: true, force: true });
    })();
    return stopping;
  };

  return new Promise((resolve, reject) => {
    let stdout = '';
    const fail = (message: string): void => {
      clearTimeout(timer);
      const logText = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
      void stop().then(() => reject(new Error(`${message}\nharness log (last lines):\n${tail(logText)}`)));
    };
    const timer = setTimeout(() => fail(`the test cluster was not ready within ${Math.round(timeoutMs / 1000)}s`), timeoutMs);
    child.on('error', (error) => fail(`cannot run ${HARNESS_BINARY}: ${error.message}`));
    child.on('exit', (code, signal) => {
      if (!stdout.includes('\n')) fail(`the harness exited before it was ready (code ${code}, signal ${signal})`);
    });
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split('\n').find((candidate) => candidate.startsWith('{'));
      if (line === undefined || !stdout.includes('\n')) return;
      clearTimeout(timer);
      const ready = JSON.parse(line) as { server: string; kubeconfig: string; controlPlane?: boolean; nodes?: SimulatedNode[] | null };
      resolve({
        kubeconfig: ready.kubeconfig, server: ready.server, startupMs: Date.now() - started, logFile, stop,
        controlPlane: ready.controlPlane ?? false, nodes: ready.nodes ?? [],
      });
    });
  });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    child.kill(signal);
  }
}

function tail(text: string, lines = 40): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}
