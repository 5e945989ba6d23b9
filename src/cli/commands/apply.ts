/**
 * `shipshape apply`: synthesize, then server-side apply one environment to the cluster of a
 * kubeconfig context, in dependency order, pruning the objects that are no longer synthesized.
 */
import { applyEnvironment, DeployEvent } from '../../deploy/apply-environment';
import { printable } from '../../manifest/printable';
import { Command, CommandIo, ExitCode, UsageError } from '../command';
import { DEPLOY_OPTIONS_HELP, openCluster, parseDeployArgs, reportDeployError } from '../private/cluster-session';
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

Options:
${DEPLOY_OPTIONS_HELP}
  --dry-run             let the server validate and admit everything, but change nothing
  --wait[=DURATION]     then wait (default 5m) until Deployments, StatefulSets, DaemonSets and Jobs
                        have rolled out, autoscalers act, claims are bound and Services have
                        ready endpoints;
                        on failure or timeout, print what is stuck and why, and exit 1

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
    const waitMs = parseWait(rawArgs);
    const args = parseDeployArgs(rawArgs.filter((arg) => arg !== '--wait' && !arg.startsWith('--wait=')), true);
    if (waitMs !== undefined && args.dryRun) throw new UsageError('--wait cannot be combined with --dry-run: nothing rolls out');
    try {
      const { target, kubectl, kubectlVersion } = await openCluster(args, io);
      const mode = args.dryRun ? ' (server-side dry run)' : '';
      io.stdout.write(
        `Applying ${target.manifests.length} objects of app '${target.app}', environment '${target.environment}'${mode} ` +
          `to ${args.context ? `context '${args.context}'` : 'the current context'} with kubectl ${kubectlVersion}\n`,
      );
      const summary = await applyEnvironment(kubectl, {
        app: target.app,
        environment: target.environment,
        manifests: target.manifests,
        dryRun: args.dryRun,
        onEvent: (event) => io.stdout.write(formatEvent(event, args.dryRun)),
        onWarning: (message) => io.stderr.write(`warning: ${message}\n`),
      });
      const unchecked = summary.unchecked > 0 ? `, ${summary.unchecked} not checked` : '';
      io.stdout.write(
        args.dryRun
          ? `Dry run: ${summary.applied} accepted, ${summary.pruned} would be pruned${unchecked}; nothing changed.\n`
          : `${summary.applied} applied, ${summary.pruned} pruned.\n`,
      );
      if (waitMs !== undefined && !(await waitAndReport(kubectl, target.manifests, waitMs, io))) return ExitCode.FAILURE;
      return ExitCode.OK;
    } catch (error) {
      return reportDeployError('apply', error, io);
    }
  },
};

/** `--wait` (the default duration) or `--wait=DURATION`; undefined without the flag. */
function parseWait(args: readonly string[]): number | undefined {
  const flag = args.filter((arg) => arg === '--wait' || arg.startsWith('--wait=')).pop();
  if (flag === undefined) return undefined;
  return flag === '--wait' ? DEFAULT_WAIT_MS : parseDuration('--wait', flag.slice('--wait='.length));
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
