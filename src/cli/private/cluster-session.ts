/**
 * What the cluster commands (`diff`, `status`, `apply`) share: their options, the preamble that loads the
 * environment and readies kubectl for its cluster, and how a failure is reported.
 */
import { resolve } from 'node:path';
import { isShipshapeError } from '../../errors';
import { Manifest } from '../../manifest/kube-object';
import { printableLines } from '../../manifest/printable';
import { selectEnvironment } from '../../deploy/environments';
import { ApplyRejectedError } from '../../deploy/errors';
import { AppIdError, checkAppName } from '../../deploy/app-id';
import { Kubectl, parseRequestTimeout } from '../../deploy/kubectl';
import { loadManifests } from '../../deploy/load';
import { OUTPUT_MARKER, readOutputMarker } from '../../synth/write-output';
import { CommandIo, ExitCode, UsageError } from '../command';

/** The options that every cluster command (`diff`, `status`, `apply`) shares. */
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

const VALUE_FLAGS: readonly string[] = ['--context', '--kubeconfig', '--environment', '--dir', '--app', '--output', '--app-name', '--request-timeout'];

/** The flags a command has besides the shared ones, which parseDeployArgs reads in the same pass. */
export interface CommandFlags {
  /**
   * Flags that take a value: `--flag VALUE` or `--flag=VALUE`.
   * @default - none
   */
  readonly valued?: readonly string[];
  /**
   * Flags that stand alone or take a value after `=`: `--flag` or `--flag=VALUE`, never `--flag VALUE`.
   * @default - none
   */
  readonly optionallyValued?: readonly string[];
  /**
   * Flags that take no value: `--flag`.
   * @default - none
   */
  readonly switches?: readonly string[];
}

/** What parseDeployArgs read: the shared options, and the command's own flags. */
export interface ParsedDeployArgs extends DeployArgs {
  /** Each of the command's own flags that was given → the value given last (undefined when it was given without). */
  readonly commandFlags: ReadonlyMap<string, string | undefined>;
}

/** A flag's value, or a usage error when it has none. */
function flagValue(flag: string, value: string | undefined): string {
  if (value === undefined || value === '') throw new UsageError(`${flag} needs a value`);
  return value;
}

/**
 * Parses the options the cluster commands share, `--dry-run` only where the command offers it, and the
 * command's own flags; of a flag given several times, the last counts.
 */
export function parseDeployArgs(args: readonly string[], allowDryRun: boolean, own: CommandFlags = {}): ParsedDeployArgs {
  const values: Record<string, string> = {};
  const commandFlags = new Map<string, string | undefined>();
  let synth = true;
  let dryRun = false;
  // A shared flag written apart from its value takes the next argument that is not one of the command's own
  // flags: those count wherever they stand (`--context --wait prod` is `--wait --context prod`), as apply's did
  // when it read them in a pass of its own.
  let awaiting: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (own.switches?.includes(arg) === true) {
      commandFlags.set(arg, undefined);
    } else if (own.optionallyValued?.includes(flag) === true) {
      commandFlags.set(flag, inline);
    } else if (own.valued?.includes(flag) === true) {
      // Checked at the end: only the value that counts must be there.
      commandFlags.set(flag, inline ?? args[++i] ?? '');
    } else if (awaiting !== undefined) {
      values[awaiting.slice(2)] = flagValue(awaiting, arg);
      awaiting = undefined;
    } else if (VALUE_FLAGS.includes(flag)) {
      if (inline === undefined) awaiting = flag;
      else values[flag.slice(2)] = flagValue(flag, inline);
    } else if (arg === '--no-synth') {
      synth = false;
    } else if (arg === '--dry-run' && allowDryRun) {
      dryRun = true;
    } else {
      throw new UsageError(`unknown option '${arg}'`);
    }
  }
  for (const flag of own.valued ?? []) {
    if (commandFlags.has(flag)) flagValue(flag, commandFlags.get(flag));
  }
  if (awaiting !== undefined) throw new UsageError(`${awaiting} needs a value`);
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
    commandFlags,
  };
}

interface SynthModule {
  runSynth(
    options: { app?: string; output?: string; quiet?: boolean; appName?: string },
    io: CommandIo,
  ): Promise<{ outputDir: string; files: readonly string[]; objectCount: number }>;
}

/** Synthesizes (unless told not to) and reads back the chosen environment's objects. */
async function loadDeployTarget(args: DeployArgs, io: CommandIo): Promise<DeployTarget> {
  let outputDir = resolve(io.cwd, args.dir ?? args.output ?? 'dist');
  if (args.synth) {
    // Loaded on demand, like the commands in main.ts, so that `--no-synth` never loads the constructs.
    const synth = require('../commands/synth') as SynthModule;
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
function kubectlFor(args: DeployArgs, io: CommandIo): Kubectl {
  return new Kubectl({ context: args.context, kubeconfig: args.kubeconfig, requestTimeout: args.requestTimeout, env: io.env });
}

/** Help text for the options that every cluster command shares. */
export const DEPLOY_OPTIONS_HELP = `  --context NAME        kubeconfig context to use (default: the current context)
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

/** An environment's objects with a kubectl for its cluster, ready to use. */
export interface ClusterSession {
  readonly target: DeployTarget;
  readonly kubectl: Kubectl;
  /** The kubectl client version, checked to be one shipshape supports. */
  readonly kubectlVersion: string;
}

/**
 * The preamble of every cluster command: loads the environment (synthesizing unless told not to), makes the
 * kubectl of the chosen context and checks its version, in that order, so that a chart error is reported
 * before a missing kubectl.
 */
export async function openCluster(args: DeployArgs, io: CommandIo): Promise<ClusterSession> {
  const target = await loadDeployTarget(args, io);
  const kubectl = kubectlFor(args, io);
  const kubectlVersion = await kubectl.checkVersion();
  return { target, kubectl, kubectlVersion };
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
  if (!isShipshapeError(error) && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
  return ExitCode.USAGE;
}
