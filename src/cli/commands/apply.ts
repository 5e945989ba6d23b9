/**
 * `shipshape apply`: synthesize, then server-side apply one environment to the cluster of a
 * kubeconfig context, in dependency order, pruning the objects that are no longer synthesized.
 */
import { constants } from 'node:os';
import { applyEnvironment, DeployEvent } from '../../deploy/apply-environment';
import { ApplyLock, LEASE_DURATION_SECONDS, LOCK_NAMESPACE, lockScopes } from '../../deploy/apply-lock';
import { Kubectl } from '../../deploy/kubectl';
import { printable } from '../../manifest/printable';
import { Command, CommandIo, ExitCode, UsageError } from '../command';
import { CommandFlags, DEPLOY_OPTIONS_HELP, openCluster, parseDeployArgs, reportDeployError } from '../private/cluster-session';
import { DEFAULT_WAIT_MS, parseDuration, waitAndReport } from '../private/rollout-view';

const HELP = `Usage: shipshape apply [options]

Synthesizes and validates the app, then server-side applies one environment folder
(dist/<environment>/*.k8s.yaml, including *.secrets.k8s.yaml) with kubectl: cluster-scoped
objects first, then per Namespace: ConfigMaps, Secrets and volume claims, Services, workloads,
Ingresses. Objects applied by an earlier \`shipshape apply\` of the same app and environment and
no longer synthesized are pruned (kubectl ApplySets: one parent Secret
'shipshape-<app>-<environment>-<hash>' per Namespace, and '...-cluster' in 'default' for
cluster-scoped objects). Objects that this app did not apply are never pruned, and objects that
belong to another app's ApplySet are refused (exit 2) before anything is applied. A Namespace with
workloads is dry-run on the server first, so a rejected ConfigMap or Secret never rolls a workload.

Two runs never interleave: an apply holds a lock (Leases in Namespace '${LOCK_NAMESPACE}': one for the
app and environment, held until the end of --wait, and one per Namespace and cluster-scoped object
it writes, shared by every app, held until the prune is done). A run that finds the lock held fails
at once, naming the holder; a crashed run's lock expires ${LEASE_DURATION_SECONDS} s after its last renewal.
It needs create, get, update and delete on leases (coordination.k8s.io) in '${LOCK_NAMESPACE}'; where
those are off-limits, --no-lock applies without the lock.

Options:
${DEPLOY_OPTIONS_HELP}
  --dry-run             let the server validate and admit everything, but change nothing
  --wait[=DURATION]     then wait (default 5m) until Deployments, StatefulSets, DaemonSets and Jobs
                        have rolled out, autoscalers act, claims are bound and Services have
                        ready endpoints;
                        on failure or timeout, print what is stuck and why, and exit 1
  --lock-timeout D      wait up to D (e.g. 5m) for another run's lock instead of failing at once
  --force-unlock        take the lock even from a run that still holds it (only when that run is
                        known to be dead; the lock also expires by itself)
  --no-lock             take no lock (for identities that may not manage Leases in '${LOCK_NAMESPACE}'):
                        concurrent applies of the same app or Namespace are then not prevented,
                        so make sure that nothing else applies them at the same time

Needs kubectl 1.27 or later on PATH (or SHIPSHAPE_KUBECTL).
Exit status: 0 applied (and rolled out), 1 the cluster rejected objects or the rollout failed or
timed out, 2 usage or environment error.
`;

/** The `shipshape apply` command. */
export const command: Command = {
  name: 'apply',
  summary: 'Synthesize, validate and server-side apply to the cluster, pruning removed objects',
  help: HELP,
  async run(rawArgs: readonly string[], io: CommandIo): Promise<number> {
    const args = parseDeployArgs(rawArgs, true, APPLY_FLAGS);
    const { waitMs, lockTimeoutMs, forceUnlock, noLock } = applyFlags(args.commandFlags);
    if (waitMs !== undefined && args.dryRun) throw new UsageError('--wait cannot be combined with --dry-run: nothing rolls out');
    if ((lockTimeoutMs !== undefined || forceUnlock) && args.dryRun) {
      throw new UsageError('--lock-timeout and --force-unlock cannot be combined with --dry-run: a dry run changes nothing and takes no lock');
    }
    if (noLock && (forceUnlock || lockTimeoutMs !== undefined)) {
      throw new UsageError(`--no-lock cannot be combined with ${forceUnlock ? '--force-unlock' : '--lock-timeout'}: a run without the lock neither takes nor waits for it`);
    }
    let lock: ApplyLock | undefined;
    let stopOnSignal: (() => void) | undefined;
    try {
      const { target, kubectl, kubectlVersion } = await openCluster(args, io);
      const mode = args.dryRun ? ' (server-side dry run)' : '';
      io.stdout.write(
        `Applying ${target.manifests.length} objects of app '${target.app}', environment '${target.environment}'${mode} ` +
          `to ${args.context ? `context '${args.context}'` : 'the current context'} with kubectl ${kubectlVersion}\n`,
      );
      const identity = { app: target.app, environment: target.environment };
      if (noLock && !args.dryRun) {
        io.stderr.write(`warning: --no-lock: no apply lock is taken, so concurrent applies of the same app or Namespace are not prevented\n`);
      } else if (!args.dryRun) {
        const stopping = new AbortController();
        // The lock talks to the cluster with its own kubectl, so that stopping the apply's still releases it.
        const acquiring = ApplyLock.acquire(kubectl.clone(), {
          identity,
          scopes: lockScopes(identity, target.manifests),
          timeoutMs: lockTimeoutMs ?? 0,
          force: forceUnlock,
          onNotice: (message) => io.stderr.write(`${message}\n`),
          signal: stopping.signal,
        });
        stopOnSignal = releaseOnSignal(kubectl, stopping, acquiring, io);
        lock = await acquiring;
      }
      const summary = await applyEnvironment(kubectl, {
        ...identity,
        manifests: target.manifests,
        dryRun: args.dryRun,
        kubectlVersion,
        onEvent: (event) => io.stdout.write(formatEvent(event, args.dryRun)),
        onWarning: (message) => io.stderr.write(`warning: ${message}\n`),
        ...(lock === undefined ? {} : { beforeChange: () => lock?.check() }),
      });
      const unchecked = summary.unchecked > 0 ? `, ${summary.unchecked} not checked` : '';
      io.stdout.write(
        args.dryRun
          ? `Dry run: ${summary.applied} accepted, ${summary.pruned} would be pruned${unchecked}; nothing changed.\n`
          : `${summary.applied} applied, ${summary.pruned} pruned.\n`,
      );
      // Ownership is settled: other apps may apply to the same Namespaces while this one waits.
      await lock?.releaseScopes();
      if (waitMs !== undefined && !(await waitAndReport(kubectl, target.manifests, waitMs, io))) return ExitCode.FAILURE;
      return ExitCode.OK;
    } catch (error) {
      return reportDeployError('apply', error, io);
    } finally {
      stopOnSignal?.();
      await lock?.release();
    }
  },
};

const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Until the returned function is called, SIGINT, SIGTERM and SIGHUP stop the apply: the kubectl
 * runs in flight are ended and waited for (so nothing is still writing), the lock is released, and
 * the process exits with 128 + the signal number. Without this, a cancelled CI job would leave its
 * lock until it expires.
 */
function releaseOnSignal(kubectl: Kubectl, stopping: AbortController, acquiring: Promise<ApplyLock>, io: CommandIo): () => void {
  const handler = (signal: NodeJS.Signals): void => {
    if (stopping.signal.aborted) return;
    stopping.abort();
    io.stderr.write(`shipshape apply: stopped by ${signal}; the objects reported as applied were applied. Releasing the apply lock.\n`);
    void kubectl.stop()
      // A lock still being taken is given back by acquire itself.
      .then(() => acquiring.then((lock) => lock.release(), () => undefined))
      .finally(() => process.exit(128 + constants.signals[signal]));
  };
  for (const signal of STOP_SIGNALS) process.on(signal, handler);
  return () => {
    for (const signal of STOP_SIGNALS) process.off(signal, handler);
  };
}

/** The flags only apply has, read by parseDeployArgs with the shared ones. */
const APPLY_FLAGS: CommandFlags = { valued: ['--lock-timeout'], optionallyValued: ['--wait'], switches: ['--force-unlock', '--no-lock'] };

/** What apply's own flags ask for: `--wait` alone waits the default duration. */
function applyFlags(flags: ReadonlyMap<string, string | undefined>): { waitMs?: number; lockTimeoutMs?: number; forceUnlock: boolean; noLock: boolean } {
  const wait = flags.get('--wait');
  const waitMs = !flags.has('--wait') ? undefined : wait === undefined ? DEFAULT_WAIT_MS : parseDuration('--wait', wait);
  const lockTimeout = flags.get('--lock-timeout');
  const lockTimeoutMs = lockTimeout === undefined ? undefined : lockTimeout === '0' ? 0 : parseDuration('--lock-timeout', lockTimeout);
  return {
    ...(waitMs === undefined ? {} : { waitMs }),
    ...(lockTimeoutMs === undefined ? {} : { lockTimeoutMs }),
    forceUnlock: flags.has('--force-unlock'),
    noLock: flags.has('--no-lock'),
  };
}

const DRY_RUN_WORDS: Readonly<Record<DeployEvent['action'], string>> = {
  applied: 'accepted',
  pruned: 'would prune',
  unchecked: 'unchecked',
};

function formatEvent(event: DeployEvent, dryRun: boolean): string {
  const note = event.note ? ` (${event.note})` : '';
  const word = dryRun ? DRY_RUN_WORDS[event.action] : event.action;
  return `  ${word.padEnd(11)} ${printable(event.object)}${printable(note)}\n`;
}
