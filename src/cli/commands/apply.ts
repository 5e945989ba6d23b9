/**
 * `shipshape apply`: synthesize, then server-side apply one environment to the cluster of a
 * kubeconfig context, in dependency order, pruning the objects that are no longer synthesized.
 */
import { resolve } from 'node:path';
import { ShipshapeError } from '../../errors';
import { Manifest } from '../../manifest/kube-object';
import { applyEnvironment, DeployEvent } from '../../deploy/apply-environment';
import { selectEnvironment } from '../../deploy/environments';
import { ApplyRejectedError } from '../../deploy/errors';
import { AppIdError, checkAppName } from '../../deploy/app-id';
import { Kubectl, parseRequestTimeout } from '../../deploy/kubectl';
import { OUTPUT_MARKER, readOutputMarker } from '../../synth/write-output';
import { printable, printableLines } from '../../manifest/printable';
import { loadManifests } from '../../deploy/load';
import { Command, CommandIo, ExitCode, UsageError } from '../command';
import { DEFAULT_WAIT_MS, parseDuration, waitAndReport } from '../private/rollout-view';

/** Options shared by `diff` and `apply`. */
export interface DeployArgs {
  readonly context?: string;
  readonly kubeconfig?: string;
  readonly environment?: string;
  /** An output folder (or one environment folder) to use as it is, without synthesizing. */
  readonly dir?: string;
  readonly synth: boolean;
  readonly app?: string;
  readonly output?: string;
  readonly dryRun: boolean;
  /** The app name that names the ApplySets, instead of the one recorded by synth. */
  readonly appName?: string;
  /** kubectl's request timeout (`30s`, `2m`, `0` for none). */
  readonly requestTimeout?: string;
}

/** The objects of the environment to deploy, and where they were read from. */
export interface DeployTarget {
  /** The app id that, with the environment, names the ApplySets. */
  readonly app: string;
  readonly environment: string;
  readonly dir: string;
  readonly manifests: readonly Manifest[];
}

const VALUE_FLAGS = ['--context', '--kubeconfig', '--environment', '--dir', '--app', '--output', '--app-name', '--request-timeout'] as const;

/** Parses the options `diff` and `apply` share; `--dry-run` only where the command offers it. */
export function parseDeployArgs(args: readonly string[], allowDryRun: boolean): DeployArgs {
  const values: Record<string, string> = {};
  let synth = true;
  let dryRun = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if ((VALUE_FLAGS as readonly string[]).includes(flag)) {
      const value = inline ?? args[++i];
      if (value === undefined || value === '') throw new UsageError(`${flag} needs a value`);
      values[flag.slice(2)] = value;
    } else if (arg === '--no-synth') {
      synth = false;
    } else if (arg === '--dry-run' && allowDryRun) {
      dryRun = true;
    } else {
      throw new UsageError(`unknown option '${arg}'`);
    }
  }
  if (values.dir !== undefined) synth = false;
  const requestTimeout = values['request-timeout'];
  if (requestTimeout !== undefined && parseRequestTimeout(requestTimeout) === undefined) {
    throw new UsageError(`--request-timeout must be a duration such as 30s, 2m or 0 (no limit), got '${requestTimeout}'`);
  }
  return {
    appName: values['app-name'],
    requestTimeout,
    context: values.context,
    kubeconfig: values.kubeconfig,
    environment: values.environment,
    dir: values.dir,
    synth,
    app: values.app,
    output: values.output,
    dryRun,
  };
}

interface SynthModule {
  runSynth(
    options: { app?: string; output?: string; quiet?: boolean; appName?: string },
    io: CommandIo,
  ): Promise<{ outputDir: string; files: readonly string[]; objectCount: number }>;
}

/** Synthesizes (unless told not to) and reads back the chosen environment's objects. */
export async function loadDeployTarget(args: DeployArgs, io: CommandIo): Promise<DeployTarget> {
  let outputDir = resolve(io.cwd, args.dir ?? args.output ?? 'dist');
  if (args.synth) {
    // Loaded on demand, like the commands in main.ts, so that `--no-synth` never loads the constructs.
    const synth = require('./synth') as SynthModule;
    outputDir = resolve(io.cwd, (await synth.runSynth({ app: args.app, output: args.output, quiet: true, appName: args.appName }, io)).outputDir);
  }
  const environment = selectEnvironment(outputDir, args.environment);
  const app = args.appName !== undefined ? checkAppName(args.appName) : readOutputMarker(environment.dir)?.app;
  if (app === undefined) {
    throw new AppIdError(
      `cannot tell which app '${environment.dir}' belongs to: it has no ${OUTPUT_MARKER} marker naming one (shipshape synth writes it). ` +
        'Synthesize it with shipshape synth, or pass --app-name NAME; the name keeps apps with the same environment names from pruning each other.',
    );
  }
  return { app, environment: environment.name, dir: environment.dir, manifests: loadManifests(environment.files, io.cwd) };
}

/** The kubectl bound to the chosen context. */
export function kubectlFor(args: DeployArgs, io: CommandIo): Kubectl {
  return new Kubectl({ context: args.context, kubeconfig: args.kubeconfig, requestTimeout: args.requestTimeout, env: io.env });
}

const TARGET_HELP = `  --context NAME        kubeconfig context to use (default: the current context)
  --kubeconfig FILE     kubeconfig file (default: kubectl's: $KUBECONFIG or ~/.kube/config)
  --environment NAME    environment folder under the output folder (needed when there are several)
  --app FILE            the app entry file to synthesize (default: synth's)
  --output DIR          the output folder (default: dist)
  --no-synth            use the YAML already in the output folder instead of synthesizing
  --dir DIR             use this output or environment folder as it is (implies --no-synth)
  --app-name NAME       the app's name, which names its ApplySets (default: the one synth recorded
                        in the output folder's .shipshape-output marker)
  --request-timeout D   how long kubectl waits for each answer from the cluster (default: 30s;
                        0 for no limit); a frozen server fails the command with exit 2`;

/** Shared help text for the options of `diff` and `apply`. */
export const DEPLOY_OPTIONS_HELP = TARGET_HELP;

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
${TARGET_HELP}
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
      const target = await loadDeployTarget(args, io);
      const kubectl = kubectlFor(args, io);
      const version = await kubectl.checkVersion();
      const mode = args.dryRun ? ' (server-side dry run)' : '';
      io.stdout.write(
        `Applying ${target.manifests.length} objects of app '${target.app}', environment '${target.environment}'${mode} ` +
          `to ${args.context ? `context '${args.context}'` : 'the current context'} with kubectl ${version}\n`,
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

/** Prints a deploy failure and maps it to an exit code: 1 for objects the cluster rejected, else 2. */
export function reportDeployError(name: string, error: unknown, io: CommandIo): number {
  if (error instanceof UsageError) throw error;
  const message = error instanceof Error ? error.message : String(error);
  // Server reasons quote object names and values from the files: no raw control bytes reach the terminal.
  io.stderr.write(`shipshape ${name}: ${printableLines(message)}\n`);
  if (error instanceof ApplyRejectedError) return ExitCode.FAILURE;
  // Invalid charts, unreadable output and kubectl problems are errors; anything not a
  // ShipshapeError is a bug, reported the same way but with its stack for the issue.
  if (!(error instanceof ShipshapeError) && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
  return ExitCode.USAGE;
}
