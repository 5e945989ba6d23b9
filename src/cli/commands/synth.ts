/** `shipshape synth`: charts → validated YAML in the output folder, replaced as a whole or not at all. */
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Command, CommandIo, ExitCode, UsageError } from '../command';
import { loadApp } from '../private/load-app';
import { ProgressLine } from '../private/progress';
import type * as Synthesis from '../../synth';
import { formatReportText, KUBERNETES_VERSIONS, preloadExactEngines } from '../../validate';
import { ShipshapeError } from '../../errors';

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

Options:
  --app <file>                  App entry file, .ts (transpiled, not type-checked) or .js
                                (default: charts/main.ts)
  -o, --output <dir>            Output folder (default: $CDK8S_OUTDIR, else dist)
  --kubernetes-version <list>   Versions to validate against: 1.27, 1.36 or both, comma-separated
                                (default: 1.27,1.36)
  --skip-validation             Write without validating (not recommended)
  --exact                       Also validate with the exact engine: the API server's own validation
                                code, compiled to WebAssembly (build it: bash src/validate/exact/engine/build.sh)
  -q, --quiet                   Print errors only
  -h, --help                    Show this help

Exit codes: 0 written, 1 invalid charts or output (nothing written), 2 usage error.
`;

/** Synthesizes an app to a folder and reports what was written; throws on invalid input. */
export async function runSynth(options: SynthOptions, io: CommandIo): Promise<SynthSummary> {
  const started = Date.now();
  const outputDir = resolve(io.cwd, options.output ?? io.env.CDK8S_OUTDIR ?? 'dist');
  const exact = options.exact === true && !options.skipValidation;
  // The exact engines load in worker threads while the app is loaded and rendered.
  if (exact) preloadExactEngines(options.kubernetesVersions ?? KUBERNETES_VERSIONS);
  const app = loadApp(options.app ?? 'charts/main.ts', io.cwd);
  // Loaded here, not at the top, so that `shipshape synth --help` does not load cdk8s.
  const { synthesizeToFolder } = require('../../synth') as typeof Synthesis;
  const progress = new ProgressLine(io.stderr, io.interactive && !options.quiet);
  let result;
  try {
    result = synthesizeToFolder(app, outputDir, {
      outputDir: relative(io.cwd, outputDir) || '.',
      validate: !options.skipValidation,
      validation: {
        ...(options.kubernetesVersions ? { kubernetesVersions: options.kubernetesVersions } : {}),
        ...(exact ? { exact } : {}),
      },
      onProgress: (phase, done, total) => progress.update(phase, done, total, phase === 'writing' ? 'files' : 'objects'),
    });
  } finally {
    progress.clear();
  }
  const secrets = result.files.filter((file) => file.private).length;
  if (!options.quiet) {
    const warnings = result.report?.problems.filter((problem) => problem.severity === 'warning') ?? [];
    const where = relative(io.cwd, outputDir) || '.';
    if (warnings.length > 0 && result.report) {
      // Thousands of charts can mean thousands of warnings: show a screenful, and how to see the rest.
      const shown = warnings.slice(0, MAX_WARNINGS_SHOWN);
      io.stderr.write(`${formatReportText({ ...result.report, problems: shown })}\n`);
      if (warnings.length > shown.length) {
        io.stderr.write(`... and ${warnings.length - shown.length} more warnings; run \`shipshape validate ${where}\` to list them all.\n`);
      }
    }
    const secretNote = secrets > 0 ? ` (${secrets} of them Secrets files, git-ignored, mode 0600)` : '';
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
          exact: values.exact,
          kubernetesVersions: parseVersions(values['kubernetes-version']),
        },
        io,
      );
      return ExitCode.OK;
    } catch (error) {
      if (error instanceof ShipshapeError) {
        io.stderr.write(`${error.message}\n`);
        return ExitCode.FAILURE;
      }
      throw error;
    }
  },
};
