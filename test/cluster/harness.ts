/**
 * Builds and runs the test cluster (test/cluster/main.go: embedded etcd + kube-apiserver on
 * 127.0.0.1, and on request kube-controller-manager, kube-scheduler and kwok's simulated nodes)
 * for the cluster suite. Every wait is bounded, and the harness process is always stopped: by
 * stop(), and otherwise because it exits when this process dies (--exit-with-parent); its
 * components die with it.
 *
 * The suites use describeCluster() and useCluster() rather than these pieces directly: they hold the skip
 * rule (go and kubectl on PATH, or SHIPSHAPE_REQUIRE_CLUSTER=1 in CI), the timeouts and the clean-up in one place.
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** How long building the harness may take: a first build compiles Kubernetes (about 4 minutes on 2 cores); a cached one takes seconds. */
export const BUILD_TIMEOUT_MS = 30 * 60_000;
/** How long a cluster without the control plane may take to become ready. */
export const START_TIMEOUT_MS = 90_000;
/** How long stopping a suite's cluster and removing its work folder may take. */
const STOP_TIMEOUT_MS = 60_000;
/** What useCluster's beforeAll may take beyond building and starting (the work folder, slack on a busy machine). */
const SETUP_SLACK_MS = 30_000;

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

let missingTools: string | undefined;

/**
 * The tools the cluster suites need that are not on PATH (`go`, `kubectl` or `go and kubectl`), or '' when both
 * are there; probed on first use, once per test file.
 */
export function missingClusterTools(): string {
  missingTools ??= [hasCommand('go', ['version']) ? '' : 'go', hasCommand('kubectl', ['version', '--client']) ? '' : 'kubectl']
    .filter(Boolean)
    .join(' and ');
  return missingTools;
}

/** Whether SHIPSHAPE_REQUIRE_CLUSTER=1 (set by CI) makes missing tools a failure rather than a reason to skip. */
export function clusterRequired(): boolean {
  return process.env.SHIPSHAPE_REQUIRE_CLUSTER === '1';
}

/** Throws when go or kubectl is missing: a cluster suite runs without them only under SHIPSHAPE_REQUIRE_CLUSTER=1, to fail. */
export function assertClusterTools(): void {
  const missing = missingClusterTools();
  if (missing) throw new Error(`SHIPSHAPE_REQUIRE_CLUSTER=1 but ${missing} is not on PATH`);
}

/** Options of describeCluster. */
export interface DescribeClusterOptions {
  /**
   * Why the suite cannot run although go and kubectl are there (an artifact that is not built): the suite is then
   * skipped with this reason, also under SHIPSHAPE_REQUIRE_CLUSTER=1.
   * @default - the suite needs nothing but go and kubectl
   */
  readonly unavailable?: string;
}

/**
 * `describe` for a suite that needs the test cluster. When go or kubectl is missing the suite is skipped, with a
 * note on stderr and the reason in its title, unless SHIPSHAPE_REQUIRE_CLUSTER=1: then it runs, and the
 * beforeAll of useCluster() (or assertClusterTools()) fails it.
 */
export function describeCluster(title: string, body: () => void, options: DescribeClusterOptions = {}): void {
  const missing = missingClusterTools();
  const reason = missing && !clusterRequired()
    ? `${missing} not on PATH (set SHIPSHAPE_REQUIRE_CLUSTER=1 to make this a failure)`
    : options.unavailable;
  if (reason === undefined) {
    describe(title, body);
    return;
  }
  process.stderr.write(`\nshipshape cluster suite "${title}" SKIPPED: ${reason}\n\n`);
  describe.skip(`${title} - skipped: ${reason}`, body);
}

/** Options of useCluster. */
export interface UseClusterOptions {
  /**
   * What runs besides etcd and the apiserver.
   * @default - etcd and the apiserver only
   */
  readonly start?: StartOptions;
  /**
   * How long the cluster may take to become ready.
   * @default START_TIMEOUT_MS (90 s)
   */
  readonly startTimeoutMs?: number;
  /**
   * The name prefix of a fresh temporary work folder for the suite, removed after it (e.g. 'shipshape-access-').
   * @default - no work folder
   */
  readonly workPrefix?: string;
}

/** A suite's running cluster and work folder; the getters answer from the suite's first test (or later beforeAll) on. */
export interface SuiteCluster {
  /** The running cluster. */
  readonly cluster: TestCluster;
  /** The cluster's kubeconfig. */
  readonly kubeconfig: string;
  /** The suite's work folder (only with `workPrefix`). */
  readonly work: string;
  /** How long building the harness took, in milliseconds. */
  readonly buildMs: number;
}

/**
 * Gives the enclosing describe block a test cluster: its beforeAll fails when go or kubectl is missing, builds the
 * harness, starts the cluster and makes the work folder; its afterAll stops the cluster and removes the folder.
 * A suite's own set-up goes into a beforeAll declared after this call (hooks run in the order declared).
 */
export function useCluster(options: UseClusterOptions = {}): SuiteCluster {
  const startTimeoutMs = options.startTimeoutMs ?? START_TIMEOUT_MS;
  let cluster: TestCluster | undefined;
  let work = '';
  let buildMs = 0;

  beforeAll(async () => {
    assertClusterTools();
    buildMs = await buildHarness(BUILD_TIMEOUT_MS);
    cluster = await startCluster(startTimeoutMs, options.start);
    if (options.workPrefix !== undefined) work = mkdtempSync(join(tmpdir(), options.workPrefix));
  }, BUILD_TIMEOUT_MS + startTimeoutMs + SETUP_SLACK_MS);

  afterAll(async () => {
    await cluster?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  }, STOP_TIMEOUT_MS);

  const running = (): TestCluster => {
    if (cluster === undefined) throw new Error('the test cluster is not running: the beforeAll of useCluster() failed or has not run yet');
    return cluster;
  };
  return {
    get cluster() {
      return running();
    },
    get kubeconfig() {
      return running().kubeconfig;
    },
    get work() {
      if (!work) throw new Error(options.workPrefix === undefined ? 'useCluster() was called without workPrefix: there is no work folder' : 'the work folder is not made yet: the beforeAll of useCluster() failed or has not run yet');
      return work;
    },
    get buildMs() {
      return buildMs;
    },
  };
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
