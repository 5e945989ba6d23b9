/**
 * `shipshape validate`: validates any Kubernetes YAML (shipshape's or not) offline against the
 * schemas of Kubernetes 1.27 and 1.36, the API server's rules, cross-object references and policies.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Problem, ValidateOptions, ValidationReport } from '../../validate';
import { Command, CommandIo, ExitCode, UsageError } from '../command';

const HELP = `Usage: shipshape validate [options] <file | folder | ->...

Validates Kubernetes YAML offline, in one pass: every object against the OpenAPI schema of each
Kubernetes version (strict: unknown fields, duplicate keys and API versions the version no longer
serves are errors), the API server's own rules (names, labels, ports, selectors), references between
the objects (Services, Ingresses, ConfigMaps, Secrets, claims, namespaces, budgets) and best-practice
policies. Folders are searched recursively for .yaml, .yml and .json files; - reads standard input.
Multi-document files and \`kind: List\` are supported.

Options:
  -o, --output <format>          text (default), json, junit or tap
  --kubernetes-version <list>    1.27, 1.36 or both, comma-separated or repeated (default: both)
  --ignore-missing-schemas       skip objects whose kind has no schema (custom resources) instead of
                                 reporting them as errors
  --existing-namespace <name>    a namespace that exists in the cluster already (repeatable)
  --disable <check=reason>       switch a check off for this run, with the reason
                                 (repeatable), e.g. --disable "policy/image-tag=pinned by digest"
  --no-policies                  skip the best-practice policy checks
  --no-references                skip cross-object checks (for files that are only part of an app)
  --exact                        also run the exact engine: the API server's own validation code,
                                 compiled to WebAssembly, for each target version (needs the built
                                 engine: bash src/validate/exact/engine/build.sh)
  --max-file-size <MiB>          refuse larger files (default 256)
  -h, --help                     show this help

Annotations on objects: validate.shipshape.io/external ("Secret/name, ConfigMap/name": objects that
exist outside these files), validate.shipshape.io/namespace-exists ("true"), and
validate.shipshape.io/skip ("check-id: reason; check-id: reason").

Prints every problem with its file, document, object, field, value and fix, then a summary line:
  N resources found in M files - Valid: a, Invalid: b, Errors: c, Skipped: d
Exit status: 0 all valid (warnings allowed), 1 something invalid or unreadable (Invalid or Errors
above zero), 2 wrong usage or a file or folder that cannot be opened.
`;

const OUTPUTS = ['text', 'json', 'junit', 'tap'] as const;
type Output = (typeof OUTPUTS)[number];

interface ValidateArgs {
  readonly paths: readonly string[];
  readonly output: Output;
  readonly options: ValidateOptions;
  readonly maxFileBytes: number;
}

function parseValidateArgs(args: readonly string[]): ValidateArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: {
        output: { type: 'string', short: 'o', default: 'text' },
        'kubernetes-version': { type: 'string', multiple: true },
        'ignore-missing-schemas': { type: 'boolean', default: false },
        'existing-namespace': { type: 'string', multiple: true },
        disable: { type: 'string', multiple: true },
        'no-policies': { type: 'boolean', default: false },
        'no-references': { type: 'boolean', default: false },
        exact: { type: 'boolean', default: false },
        'max-file-size': { type: 'string', default: '256' },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  const output = values.output as Output;
  if (!OUTPUTS.includes(output)) throw new UsageError(`--output must be one of ${OUTPUTS.join(', ')}, got '${values.output}'`);
  if (positionals.length === 0) throw new UsageError('give at least one file or folder, or - for standard input');
  const versions = (values['kubernetes-version'] ?? []).flatMap((item) => item.split(',')).map((item) => item.trim()).filter((item) => item !== '');
  for (const version of versions) {
    if (version !== '1.27' && version !== '1.36') throw new UsageError(`--kubernetes-version must be 1.27 or 1.36, got '${version}'`);
  }
  const disabledChecks = (values.disable ?? []).map((item) => {
    const equals = item.indexOf('=');
    const id = (equals < 0 ? item : item.slice(0, equals)).trim();
    const reason = equals < 0 ? '' : item.slice(equals + 1).trim();
    if (id === '' || reason === '') throw new UsageError(`--disable needs a check id and a reason, e.g. --disable "policy/image-tag=pinned by digest", got '${item}'`);
    return { id, reason };
  });
  const maxMiB = Number(values['max-file-size']);
  if (!Number.isFinite(maxMiB) || maxMiB <= 0) throw new UsageError(`--max-file-size must be a positive number of MiB, got '${values['max-file-size']}'`);
  return {
    paths: positionals,
    output,
    maxFileBytes: Math.floor(maxMiB * 1024 * 1024),
    options: {
      ...(versions.length === 0 ? {} : { kubernetesVersions: [...new Set(versions)] as ('1.27' | '1.36')[] }),
      ignoreMissingSchemas: values['ignore-missing-schemas'],
      existingNamespaces: values['existing-namespace'] ?? [],
      disabledChecks,
      policies: !values['no-policies'],
      references: !values['no-references'],
      exact: values.exact,
    },
  };
}

/** A file to validate, or why it could not be read. */
type Input = { readonly file: string; readonly text: string } | { readonly file: string; readonly problem: Problem };

const YAML_FILE = /\.(ya?ml|json)$/i;

function listFiles(path: string, cwd: string, unreadable: string[]): string[] {
  const absolute = resolve(cwd, path);
  let stats;
  try {
    stats = statSync(absolute);
  } catch (error) {
    unreadable.push(`cannot open ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    return [];
  }
  if (!stats.isDirectory()) return [absolute];
  const found: string[] = [];
  const walk = (dir: string): void => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch (error) {
      unreadable.push(`cannot read folder ${relative(cwd, dir) || '.'}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
      return;
    }
    for (const name of names) {
      if (name.startsWith('.') || name === 'node_modules') continue;
      const child = join(dir, name);
      let childStats;
      try {
        childStats = statSync(child);
      } catch {
        continue;
      }
      if (childStats.isDirectory()) walk(child);
      else if (YAML_FILE.test(name)) found.push(child);
    }
  };
  walk(absolute);
  return found;
}

function fileProblem(file: string, ruleId: string, message: string, fix: string): Problem {
  return { ruleId, severity: 'error', message, fix, file, object: { apiVersion: '', kind: '' } };
}

function readInput(absolute: string, display: string, maxBytes: number, unreadable: string[]): Input | undefined {
  try {
    const size = statSync(absolute).size;
    if (size > maxBytes) {
      return { file: display, problem: fileProblem(display, 'file/too-large', `the file has ${(size / 1048576).toFixed(1)} MiB, more than the ${(maxBytes / 1048576).toFixed(0)} MiB limit`, 'Split the file, or raise --max-file-size.') };
    }
    return { file: display, text: readFileSync(absolute, 'utf8') };
  } catch (error) {
    unreadable.push(`cannot read ${display}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    return undefined;
  }
}

async function readStdin(stdin: NodeJS.ReadableStream, maxBytes: number): Promise<Input> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += buffer.length;
    if (size > maxBytes) return { file: 'stdin', problem: fileProblem('stdin', 'file/too-large', `standard input has more than the ${(maxBytes / 1048576).toFixed(0)} MiB limit`, 'Raise --max-file-size.') };
    chunks.push(buffer);
  }
  return { file: 'stdin', text: Buffer.concat(chunks).toString('utf8') };
}

/** The `shipshape validate` command. */
export const command: Command = {
  name: 'validate',
  summary: 'Validate Kubernetes YAML files (any, not only shipshape output)',
  help: HELP,
  async run(rawArgs: readonly string[], io: CommandIo): Promise<number> {
    const args = parseValidateArgs(rawArgs);
    // Loaded here, not at the top, so that `shipshape validate --help` stays instant.
    const validation = await import('../../validate');
    // The exact engines load in worker threads while the files are read and parsed.
    if (args.options.exact === true) validation.preloadExactEngines(args.options.kubernetesVersions ?? validation.KUBERNETES_VERSIONS);
    const unreadable: string[] = [];
    const inputs: Input[] = [];
    for (const path of args.paths) {
      if (path === '-') {
        inputs.push(await readStdin(io.stdin, args.maxFileBytes));
        continue;
      }
      for (const absolute of listFiles(path, io.cwd, unreadable)) {
        const input = readInput(absolute, relative(io.cwd, absolute) || absolute, args.maxFileBytes, unreadable);
        if (input !== undefined) inputs.push(input);
      }
    }
    const manifests = [];
    const problems: Problem[] = [];
    for (const input of inputs) {
      if ('problem' in input) {
        problems.push(input.problem);
        continue;
      }
      const parsed = validation.parseManifestsFromYaml(input.text, input.file);
      if (parsed.documentCount === 0 && parsed.errors.length === 0) io.stderr.write(`shipshape validate: ${input.file}: empty, no resources\n`);
      manifests.push(...parsed.manifests);
      problems.push(...parsed.errors);
    }
    let report: ValidationReport = validation.validateManifests(manifests, args.options);
    if (problems.length > 0) report = validation.mergeProblemsAsResources(report, problems);
    io.stdout.write(render(validation, report, args.output, inputs.length));
    for (const message of unreadable) io.stderr.write(`shipshape validate: ${message}\n`);
    if (unreadable.length > 0) return ExitCode.USAGE;
    return report.resources.some((resource) => resource.status === 'invalid' || resource.status === 'error') ? ExitCode.FAILURE : ExitCode.OK;
  },
};

function render(validation: typeof import('../../validate'), report: ValidationReport, output: Output, fileCount: number): string {
  switch (output) {
    case 'json':
      return validation.formatReportJson(report, fileCount);
    case 'junit':
      return validation.formatReportJunit(report);
    case 'tap':
      return validation.formatReportTap(report);
    case 'text': {
      const details = report.problems.length === 0 ? '' : `${validation.formatReportText(report)}\n`;
      return `${details}${validation.formatSummaryLine(report, fileCount)}\n`;
    }
  }
}
