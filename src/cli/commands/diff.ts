/**
 * `shipshape diff`: how the synthesized output of one environment differs from the cluster, as
 * the server would apply it (server-side dry run), including objects `apply` would prune.
 */
import { diffEnvironment } from '../../deploy/diff-environment';
import { Command, CommandIo, ExitCode } from '../command';
import { DEPLOY_OPTIONS_HELP, openCluster, parseDeployArgs, reportDeployError } from '../private/cluster-session';

const HELP = `Usage: shipshape diff [options]

Synthesizes the app, then shows how one environment folder differs from the cluster of a
kubeconfig context: kubectl diff --server-side for each Namespace, objects in Namespaces that do
not exist yet in full, and objects a \`shipshape apply\` would prune.

Options:
${DEPLOY_OPTIONS_HELP}

Needs kubectl 1.27 or later on PATH (or SHIPSHAPE_KUBECTL). Set KUBECTL_EXTERNAL_DIFF to change the diff program.
Exit status: 0 no differences, 1 differences, 2 error.
`;

/** The `shipshape diff` command. */
export const command: Command = {
  name: 'diff',
  summary: 'Show how the synthesized output differs from the cluster (kubectl diff)',
  help: HELP,
  async run(rawArgs: readonly string[], io: CommandIo): Promise<number> {
    const args = parseDeployArgs(rawArgs, false);
    try {
      const { target, kubectl } = await openCluster(args, io);
      const result = await diffEnvironment(kubectl, { app: target.app, environment: target.environment }, target.manifests);
      io.stdout.write(result.text);
      if (!result.different) io.stderr.write(`No differences in environment '${target.environment}'.\n`);
      return result.different ? ExitCode.FAILURE : ExitCode.OK;
    } catch (error) {
      reportDeployError('diff', error, io);
      // For diff, 1 means "different": every failure, even a rejected object, is an error (2).
      return ExitCode.USAGE;
    }
  },
};
