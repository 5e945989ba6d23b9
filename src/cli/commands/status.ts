/**
 * `shipshape status`: the rollout view of one environment (what `apply --wait` waits for), read
 * from the cluster without applying anything.
 */
import { rolloutTargets, readRolloutStatus } from '../../deploy/wait';
import { Command, CommandIo, ExitCode } from '../command';
import { formatStatus } from '../private/rollout-view';
import { DEPLOY_OPTIONS_HELP, openCluster, parseDeployArgs, reportDeployError } from '../private/cluster-session';

const HELP = `Usage: shipshape status [options]

Shows, for one environment, whether each Deployment, StatefulSet, DaemonSet and Job has rolled out,
each claim is bound and each Service has ready endpoints, as \`shipshape apply --wait\` judges them;
under each object that is not ready: its conditions, its pods' reasons and its latest events.
Nothing is applied. By default the app is synthesized first to know the environment's objects.

Options:
${DEPLOY_OPTIONS_HELP}

Needs kubectl 1.27 or later on PATH (or SHIPSHAPE_KUBECTL).
Exit status: 0 everything ready, 1 something is not, 2 usage or environment error.
`;

/** The `shipshape status` command. */
export const command: Command = {
  name: 'status',
  summary: 'Show whether an environment has rolled out, and what is stuck and why',
  help: HELP,
  async run(rawArgs: readonly string[], io: CommandIo): Promise<number> {
    const args = parseDeployArgs(rawArgs, false);
    try {
      const { target, kubectl } = await openCluster(args, io);
      const targets = rolloutTargets(target.manifests);
      const assessments = await readRolloutStatus(kubectl, targets);
      const ready = assessments.filter((assessment) => assessment.state === 'ready').length;
      io.stdout.write(`Environment '${target.environment}': ${ready} of ${assessments.length} objects ready.\n`);
      if (assessments.length > 0) io.stdout.write(formatStatus(assessments));
      return ready === assessments.length ? ExitCode.OK : ExitCode.FAILURE;
    } catch (error) {
      return reportDeployError('status', error, io);
    }
  },
};
