/** `shipshape synth`: charts → validated YAML in the output folder, replaced as a whole or not at all. */
import { join, relative, resolve } from 'node:path';
import { AppIdError, appIdFromEntry, checkAppName } from '../../deploy/app-id';
import { checkOutputFolder, gitIgnoreStatus, type GitIgnoreStatus, OutputFolderError, SECRETS_IGNORE_RULE } from '../../synth/write-output';
import { parseArgs } from 'node:util';
import { Command, CommandIo, ExitCode, UsageError } from '../command';
import { loadApp } from '../private/load-app';
import { ProgressLine } from '../private/progress';
import { readCrdOption } from '../private/read-crds';
import type * as Synthesis from '../../synth';
import { formatProblemText, KUBERNETES_VERSIONS, preloadExactEngines, type ValidationReport } from '../../validate';
import { isShipshapeError } from '../../errors';
import { SynthesisError } from '../../synth/synthesis-error';

/** How many validation warnings a synth run prints at most. */
const MAX_WARNINGS_SHOWN = 20;

/** Options of a synth run. */
export interface SynthOptions {
  /** The app entry file. @default 'charts/main.ts' */
  readonly app?: string;
  /** The output folder. @default $CDK8S_OUTDIR, else 'dist' */
  readonly output?: string;
  /** Print nothing but errors. @default false */
  readonly quiet?: boolean;
  /** Kubernetes versions to validate against. @default ['1.27', '1.36'] */
  readonly kubernetesVersions?: ReadonlyArray<'1.27' | '1.36'>;
  /** Skip validation (not recommended). @default false */
  readonly skipValidation?: boolean;
  /** The app name that names its ApplySets. @default - derived from the entry file (package name and path) */
  readonly appName?: string;
  /** Files or folders of CustomResourceDefinitions whose custom resources to validate. @default [] */
  readonly crds?: readonly string[];
  /** Skip objects whose kind has no schema instead of failing. @default false */
  readonly ignoreMissingSchemas?: boolean;
  /** Also validate with the exact engine (the API server's own validation code). @default false */
  readonly exact?: boolean;
}

/** What a synth run wrote. */
export interface SynthSummary {
  /** The output folder, absolute. */
  readonly outputDir: string;
  /** The files written, relative to the output folder. */
  readonly files: readonly string[];
  /** The number of objects written. */
  readonly objectCount: number;
}

const HELP = `Usage: shipshape synth [options]

Synthesize the charts of an app into YAML, one file per chart per environment:
  <output>/<environment>/<chart>.k8s.yaml          everything but Secrets (commit it)
  <output>/<environment>/<chart>.secrets.k8s.yaml  Secrets, mode 0600 (git-ignored; never commit it)
Everything is validated first; on any error the output folder is left exactly as it was.
The output folder is replaced only when it is absent, empty or a previous output (it holds the
marker file .shipshape-output); the working folder, its ancestors, files, symbolic links and
folders with other content are refused (exit 2) and nothing is touched.

Options:
  --app <file>                  App entry file, .ts (transpiled, not type-checked) or .js
                                (default: charts/main.ts)
  -o, --output <dir>            Output folder (default: $CDK8S_OUTDIR, else dist)
  --kubernetes-version <list>   Versions to validate against: 1.27, 1.36 or both, comma-separated
                                (default: 1.27,1.36)
  --app-name <name>             The app's name, recorded in the output for \`shipshape apply\`, which names
                                its ApplySets after it (default: package name and entry path,
                                e.g. shop/charts/main)
  --crd <file|folder>           CustomResourceDefinitions to validate custom resources against (repeatable;
                                CRDs imported with \`shipshape import\` and CRDs in the charts need none)
  --ignore-missing-schemas      Skip objects whose kind has no schema instead of failing
  --skip-validation             Write without validating (not recommended)
  --exact                       Also validate with the exact engine: the API server's own validation
                                code, compiled to WebAssembly (build it: bash src/validate/exact/engine/build.sh)
  -q, --quiet                   Print errors only
  -h, --help                    Show this help

Exit codes: 0 written, 1 invalid charts (nothing written), 2 usage error or refused output folder.
`;

/**
 * The warnings of a successful run: a screenful of them (thousands of charts can mean thousands of warnings),
 * then how many more there are and where to read them, then the count of all of them.
 */
function formatWarnings(report: ValidationReport, where: string): string {
  const warnings = report.problems.filter((problem) => problem.severity === 'warning');
  if (warnings.length === 0) return '';
  const blocks = warnings.slice(0, MAX_WARNINGS_SHOWN).map(formatProblemText);
  if (warnings.length > MAX_WARNINGS_SHOWN) {
    blocks.push(`... and ${warnings.length - MAX_WARNINGS_SHOWN} more warnings; run \`shipshape validate ${where}\` to list them all.`);
  }
  const switchedOff = report.suppressedCount > 0 ? `, ${report.suppressedCount} switched off` : '';
  const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;
  blocks.push(`0 errors, ${plural(warnings.length, 'warning')} in ${plural(report.resourceCount, 'resource')}${switchedOff}.`);
  return `${blocks.join('\n\n')}\n`;
}

/** Synthesizes an app to a folder and reports what was written; throws on invalid input. */
export async function runSynth(options: SynthOptions, io: CommandIo): Promise<SynthSummary> {
  const started = Date.now();
  const outputDir = resolve(io.cwd, options.output ?? io.env.CDK8S_OUTDIR ?? 'dist');
  // Refused before loading the app, so that a wrong -o costs nothing and touches nothing.
  checkOutputFolder(outputDir, io.cwd);
  const entry = options.app ?? 'charts/main.ts';
  const appId = options.appName !== undefined ? checkAppName(options.appName) : appIdFromEntry(resolve(io.cwd, entry));
  const exact = options.exact === true && !options.skipValidation;
  // The exact engines load in worker threads while the app is loaded and rendered.
  if (exact) preloadExactEngines(options.kubernetesVersions ?? KUBERNETES_VERSIONS);
  const app = loadApp(entry, io.cwd);
  // Loaded here, not at the top, so that `shipshape synth --help` does not load cdk8s.
  const { synthesizeToFolderAsync } = require('../../synth') as typeof Synthesis;
  const crds = await readCrdOption(options.crds ?? [], io);
  if (crds.problems.length > 0) throw new UsageError(crds.problems.join('; '));
  // SHIPSHAPE_PROGRESS_DELAY_MS changes how long a run goes before the line appears (1 s), e.g. 0 to always see it.
  const configured = io.env.SHIPSHAPE_PROGRESS_DELAY_MS;
  const delay = configured !== undefined && /^\d+$/.test(configured) ? Number(configured) : 1000;
  const progress = new ProgressLine(io.stderr, io.interactive && !options.quiet, delay);
  let result;
  // Whether git ignores the Secrets files is asked while validation runs (a git process costs milliseconds).
  let secretFiles: string[] = [];
  let ignoreCheck: Promise<GitIgnoreStatus> | undefined;
  try {
    result = await synthesizeToFolderAsync(app, outputDir, {
      onRendered: (files) => {
        secretFiles = files.filter((file) => file.private).map((file) => join(outputDir, ...file.path.split('/')));
        if (secretFiles.length > 0) ignoreCheck = gitIgnoreStatus(outputDir, secretFiles);
      },
      outputDir: relative(io.cwd, outputDir) || '.',
      appId,
      cwd: io.cwd,
      validate: !options.skipValidation,
      validation: {
        ...(options.kubernetesVersions ? { kubernetesVersions: options.kubernetesVersions } : {}),
        ...(crds.crds.length > 0 ? { customResourceDefinitions: crds.crds } : {}),
        ...(options.ignoreMissingSchemas === true ? { ignoreMissingSchemas: true } : {}),
        ...(exact ? { exact } : {}),
      },
      onProgress: (phase, done, total) => progress.update(phase, done, total, phase === 'writing' ? 'files' : 'objects'),
    });
  } finally {
    progress.clear();
  }
  const secrets = secretFiles.length;
  const ignore = await ignoreCheck;
  if (ignore?.kind === 'not-ignored') {
    // Loud even with --quiet: these files hold real credentials.
    const shown = ignore.files.slice(0, 5).map((file) => `  ${relative(io.cwd, file) || file}\n`).join('');
    const more = ignore.files.length > 5 ? `  ... and ${ignore.files.length - 5} more\n` : '';
    const staging = ignore.staging === undefined ? '' : `  synth's staging folders ${relative(io.cwd, ignore.staging) || ignore.staging}, where they are written first\n`;
    io.stderr.write(
      `WARNING: ${secrets === 1 ? 'a Secrets file holds' : `${secrets} Secrets files hold`} real credentials, but git does not ignore:\n` +
        `${shown}${more}${staging}` +
        `Add this line to ${relative(io.cwd, ignore.ignoreFile) || ignore.ignoreFile} (it also covers synth's staging folders):\n  ${SECRETS_IGNORE_RULE}\n`,
    );
  }
  if (!options.quiet) {
    const where = relative(io.cwd, outputDir) || '.';
    if (result.report !== undefined) io.stderr.write(formatWarnings(result.report, where));
    const ignoreNote = ignore?.kind === 'ignored' ? 'git-ignored' : ignore?.kind === 'unknown' ? `not checked against git: ${ignore.reason}` : 'NOT git-ignored';
    const secretNote = secrets > 0 ? ` (${secrets} of them Secrets files, ${ignoreNote}, mode 0600)` : '';
    io.stdout.write(`Synthesized ${result.manifests.length} objects into ${result.files.length} files${secretNote} in ${where}/ in ${Date.now() - started} ms.\n`);
  }
  await Promise.resolve();
  return { outputDir, files: result.files.map((file) => file.path), objectCount: result.manifests.length };
}

function parseVersions(value: string | undefined): Array<'1.27' | '1.36'> | undefined {
  if (value === undefined) return undefined;
  const versions = value.split(',').map((part) => part.trim());
  for (const version of versions) {
    if (version !== '1.27' && version !== '1.36') throw new UsageError(`--kubernetes-version: "${version}" is not supported; use 1.27, 1.36 or both.`);
  }
  return versions as Array<'1.27' | '1.36'>;
}

/** The `synth` command. */
export const command: Command = {
  name: 'synth',
  summary: 'Synthesize the charts of an app into validated YAML in dist/',
  help: HELP,
  async run(args, io) {
    let values;
    try {
      ({ values } = parseArgs({
        args: [...args],
        options: {
          app: { type: 'string' },
          output: { type: 'string', short: 'o' },
          'kubernetes-version': { type: 'string' },
          'skip-validation': { type: 'boolean' },
          'app-name': { type: 'string' },
          crd: { type: 'string', multiple: true },
          'ignore-missing-schemas': { type: 'boolean' },
          exact: { type: 'boolean' },
          quiet: { type: 'boolean', short: 'q' },
        },
        allowPositionals: false,
      }));
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    try {
      await runSynth(
        {
          app: values.app,
          output: values.output,
          quiet: values.quiet,
          skipValidation: values['skip-validation'],
          appName: values['app-name'],
          exact: values.exact,
          kubernetesVersions: parseVersions(values['kubernetes-version']),
          crds: values.crd ?? [],
          ignoreMissingSchemas: values['ignore-missing-schemas'],
        },
        io,
      );
      return ExitCode.OK;
    } catch (error) {
      if (error instanceof SynthesisError) {
        const where = relative(io.cwd, resolve(io.cwd, values.output ?? io.env.CDK8S_OUTDIR ?? 'dist')) || '.';
        const report = error.format({ errorsOnly: values.quiet, maxWarnings: MAX_WARNINGS_SHOWN, moreWarningsHint: `fix the errors, then run \`shipshape validate ${where}\`` });
        io.stderr.write(`${report}\n`);
        return ExitCode.FAILURE;
      }
      if (isShipshapeError(error)) {
        io.stderr.write(`${error.message}\n`);
        return error instanceof OutputFolderError || error instanceof AppIdError ? ExitCode.USAGE : ExitCode.FAILURE;
      }
      throw error;
    }
  },
};
