/**
 * `shipshape validate`: validates any Kubernetes YAML (shipshape's or not) offline against the
 * schemas of Kubernetes 1.27 and 1.36, the API server's rules, cross-object references and policies.
 */
import { closeSync, constants, fstatSync, openSync, readdirSync, readSync, realpathSync, Stats, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Problem, ValidateOptions, ValidationReport } from '../../validate';
import { printable } from '../../manifest/printable';
import { Command, CommandIo, ExitCode, UsageError } from '../command';
import { readCrdOption } from '../private/read-crds';

const HELP = `Usage: shipshape validate [options] <file | folder | ->...

Validates Kubernetes YAML offline, in one pass: every object against the OpenAPI schema of each
Kubernetes version (strict: unknown fields, duplicate keys and API versions the version no longer
serves are errors), the API server's own rules (names, labels, ports, selectors, Job restart policies,
CronJob schedules), references between the objects (Services, Ingresses, ConfigMaps, Secrets, claims,
namespaces, budgets, ServiceAccounts, PriorityClasses, role bindings, image pull Secrets, NetworkPolicies), the Pod
Security Standards of each pod's Namespace, and best-practice policies. Folders are searched recursively for .yaml, .yml and .json files; - reads standard input.
Multi-document files and \`kind: List\` are supported. Only regular files are read, each real path
once (links and link loops included); pipes, devices and sockets are refused. Each input is bounded:
--max-file-size bytes, 100,000 documents, 2,000,000 values expanded through aliases. Invalid
UTF-8, and unquoted values kubectl reads differently (yes/no/on/off, 0777...), are errors.

Options:
  -o, --output <format>          text (default), json, junit or tap
  --kubernetes-version <list>    1.27, 1.36 or both, comma-separated or repeated (default: both)
  --crd <file|folder>            CustomResourceDefinitions whose custom resources to check against
                                 their schemas (repeatable; CRDs among the validated files count too)
  --ignore-missing-schemas       skip objects whose kind has no schema (custom resources) instead of
                                 reporting them as errors
  --existing-namespace <name>    a namespace that exists in the cluster already (repeatable)
  --disable <check=reason>       switch a check off for this run, with the reason
                                 (repeatable), e.g. --disable "policy/image-tag=pinned by digest"
  --no-policies                  skip the best-practice policy checks
  --no-references                skip cross-object checks (for files that are only part of an app)
  --no-pod-security              skip the Pod Security Standards checks of pods against the levels
                                 their Namespace (when part of the input) enforces, warns and audits
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
  readonly crdPaths: readonly string[];
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
        crd: { type: 'string', multiple: true },
        'existing-namespace': { type: 'string', multiple: true },
        disable: { type: 'string', multiple: true },
        'no-policies': { type: 'boolean', default: false },
        'no-references': { type: 'boolean', default: false },
        'no-pod-security': { type: 'boolean', default: false },
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
    crdPaths: values.crd ?? [],
    output,
    maxFileBytes: Math.floor(maxMiB * 1024 * 1024),
    options: {
      ...(versions.length === 0 ? {} : { kubernetesVersions: [...new Set(versions)] as ('1.27' | '1.36')[] }),
      ignoreMissingSchemas: values['ignore-missing-schemas'],
      existingNamespaces: values['existing-namespace'] ?? [],
      disabledChecks,
      policies: !values['no-policies'],
      references: !values['no-references'],
      podSecurity: !values['no-pod-security'],
      exact: values.exact,
    },
  };
}

/** A file to validate, or why it could not be read. */
type Input = { readonly file: string; readonly text: string } | { readonly file: string; readonly problem: Problem };

const YAML_FILE = /\.(ya?ml|json)$/i;

/** A file found for validation: its real path (each is read once) and the name reports use. */
interface FoundFile {
  readonly real: string;
  readonly display: string;
}

/** What a path is, for messages about files that are not regular files. */
function describeType(stats: Stats): string {
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * The regular files a path names: itself, or the YAML files below a folder. Each real path is listed once
 * (links to the same file, and links that loop back into a folder, are read once); pipes, devices and
 * sockets are never opened. The walk keeps its own stack, so deep folders cannot overflow the call stack.
 */
function listFiles(path: string, cwd: string, seen: Set<string>, unreadable: string[]): FoundFile[] {
  const absolute = resolve(cwd, path);
  const found: FoundFile[] = [];
  // Files outside the working folder are shown by their absolute path, not as ../../..
  const show = (file: string): string => {
    const shown = relative(cwd, file);
    return shown === '' || shown.startsWith('..') ? file : shown;
  };
  let stats: Stats;
  try {
    stats = statSync(absolute);
  } catch (error) {
    unreadable.push(`cannot open ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    return found;
  }
  const add = (file: string, fileStats: Stats): void => {
    if (!fileStats.isFile()) {
      unreadable.push(`refusing ${show(file)}: it is ${describeType(fileStats)}; only regular files are read`);
      return;
    }
    const real = realpathSync(file);
    if (seen.has(real)) return;
    seen.add(real);
    found.push({ real, display: show(file) });
  };
  if (!stats.isDirectory()) {
    add(absolute, stats);
    return found;
  }
  const visited = new Set<string>();
  const pending = [absolute];
  while (pending.length > 0) {
    const dir = pending.pop() ?? '';
    let real: string;
    let names: string[];
    try {
      real = realpathSync(dir);
      if (visited.has(real)) continue;
      visited.add(real);
      names = readdirSync(dir).sort();
    } catch (error) {
      unreadable.push(`cannot read folder ${show(dir)}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
      continue;
    }
    const folders: string[] = [];
    for (const name of names) {
      if (name.startsWith('.') || name === 'node_modules') continue;
      const child = join(dir, name);
      let childStats: Stats;
      try {
        childStats = statSync(child);
      } catch {
        // A dangling link or a file removed meanwhile.
        continue;
      }
      if (childStats.isDirectory()) folders.push(child);
      else if (YAML_FILE.test(name)) add(child, childStats);
    }
    // Reversed onto the stack so that folders are visited in name order.
    for (let index = folders.length - 1; index >= 0; index--) pending.push(folders[index] ?? '');
  }
  return found;
}

function fileProblem(file: string, ruleId: string, message: string, fix: string): Problem {
  return { ruleId, severity: 'error', message, fix, file, object: { apiVersion: '', kind: '' } };
}

function tooLarge(display: string, what: string, maxBytes: number): Input {
  const limit = maxBytes >= 1048576 ? `${Number((maxBytes / 1048576).toFixed(1))} MiB` : `${maxBytes} bytes`;
  return { file: display, problem: fileProblem(display, 'file/too-large', `${what} more than the ${limit} limit`, 'Split the file, or raise --max-file-size.') };
}

/**
 * Reads at most `maxBytes` of a regular file. It is opened without blocking and checked again once open,
 * so that a file replaced by a pipe or device meanwhile is refused rather than read forever.
 */
function readInput(found: FoundFile, maxBytes: number, validation: ValidationModule, unreadable: string[]): Input | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(found.real, constants.O_RDONLY | constants.O_NONBLOCK);
    const stats = fstatSync(fd);
    if (!stats.isFile()) {
      unreadable.push(`refusing ${found.display}: it is ${describeType(stats)}; only regular files are read`);
      return undefined;
    }
    if (stats.size > maxBytes) return tooLarge(found.display, `the file has ${(stats.size / 1048576).toFixed(1)} MiB,`, maxBytes);
    // The size can change while reading, and some files (procfs) report 0: read until the end, never more
    // than the limit allows.
    const chunks: Buffer[] = [];
    let length = 0;
    while (length <= maxBytes) {
      const want = length === 0 ? Math.max(stats.size + 1, 64 * 1024) : 1024 * 1024;
      const chunk = Buffer.allocUnsafe(Math.min(maxBytes + 1 - length, want));
      const read = readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) break;
      chunks.push(read === chunk.length ? chunk : chunk.subarray(0, read));
      length += read;
    }
    const buffer = Buffer.concat(chunks, length);
    if (length > maxBytes) return tooLarge(found.display, 'the file has', maxBytes);
    const decoded = validation.decodeYamlInput(buffer.subarray(0, length), found.display);
    return 'problem' in decoded ? { file: found.display, problem: decoded.problem } : { file: found.display, text: decoded.text };
  } catch (error) {
    unreadable.push(`cannot read ${found.display}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

async function readStdin(stdin: NodeJS.ReadableStream, maxBytes: number, validation: ValidationModule): Promise<Input> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += buffer.length;
    if (size > maxBytes) return tooLarge('stdin', 'standard input has', maxBytes);
    chunks.push(buffer);
  }
  const decoded = validation.decodeYamlInput(Buffer.concat(chunks), 'stdin');
  return 'problem' in decoded ? { file: 'stdin', problem: decoded.problem } : { file: 'stdin', text: decoded.text };
}

type ValidationModule = typeof import('../../validate');

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
    const seen = new Set<string>();
    let stdinRead = false;
    for (const path of args.paths) {
      if (path === '-') {
        // Standard input is one input, however often it is named.
        if (!stdinRead) inputs.push(await readStdin(io.stdin, args.maxFileBytes, validation));
        stdinRead = true;
        continue;
      }
      for (const found of listFiles(path, io.cwd, seen, unreadable)) {
        const input = readInput(found, args.maxFileBytes, validation, unreadable);
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
      if (parsed.documentCount === 0 && parsed.errors.length === 0) io.stderr.write(`shipshape validate: ${printable(input.file)}: empty, no resources\n`);
      // Loops, not spreads: a spread of 300,000 documents overflows the call stack.
      for (const manifest of parsed.manifests) manifests.push(manifest);
      for (const problem of parsed.errors) problems.push(problem);
    }
    const crds = await readCrdOption(args.crdPaths, io);
    unreadable.push(...crds.problems);
    const options = crds.crds.length > 0 ? { ...args.options, customResourceDefinitions: crds.crds } : args.options;
    let report: ValidationReport = validation.validateManifests(manifests, options);
    if (problems.length > 0) report = validation.mergeProblemsAsResources(report, problems);
    io.stdout.write(render(validation, report, args.output, inputs.length));
    for (const message of unreadable) io.stderr.write(`shipshape validate: ${printable(message)}\n`);
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
