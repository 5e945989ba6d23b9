/** `shipshape import`: CustomResourceDefinitions → typed construct classes, one TypeScript module per API group. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isShipshapeError } from '../../errors';
import { generateImports } from '../../import/generate';
import { Command, CommandIo, ExitCode, UsageError } from '../command';
import { readObjects } from '../private/read-crds';

const HELP = `Usage: shipshape import [options] <file | folder | ->...

Reads CustomResourceDefinitions (apiextensions.k8s.io/v1; multi-document files, folders searched
recursively for .yaml, .yml and .json, - for standard input) offline and writes one TypeScript module
per API group, <output>/<group>.ts, with one construct class per kind and served version: the storage
version is named after the kind (Certificate), other versions carry their version (CertificateV1Beta1).
Props are typed from the CRD's structural schema. The classes extend CustomResource: they take
(scope, id, props), get the chart's namespace (cluster-scoped kinds none), labels and name rules, and
expose apiObject. Each module carries its CRDs, so synthesis validates the objects against their schemas.

The modules are generated code: do not edit them; run the same command again after a CRD changes
(their header shows it). Keep them out of lint (they start with /* eslint-disable */).

Options:
  -o, --output <folder>     where to write the modules (default: imports)
  --module <specifier>      where the modules import CustomResource from (default: shipshape)
  -h, --help                show this help

Exit codes: 0 written, 1 a CRD cannot be imported (nothing written), 2 usage or unreadable input.
`;

/** The `import` command. */
export const command: Command = {
  name: 'import',
  summary: 'Generate typed constructs from CustomResourceDefinitions (imports/<group>.ts)',
  help: HELP,
  async run(args: readonly string[], io: CommandIo): Promise<number> {
    let parsed;
    try {
      parsed = parseArgs({
        args: [...args],
        allowPositionals: true,
        strict: true,
        options: { output: { type: 'string', short: 'o', default: 'imports' }, module: { type: 'string', default: 'shipshape' } },
      });
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error));
    }
    const { values, positionals } = parsed;
    if (positionals.length === 0) throw new UsageError('give at least one CRD file or folder, or - for standard input');
    const read = await readObjects(positionals, io);
    if (read.problems.length > 0) {
      for (const problem of read.problems) io.stderr.write(`shipshape import: ${problem}\n`);
      return ExitCode.USAGE;
    }
    const command = ['shipshape', 'import', ...args].map((arg) => (/^[\w./@:=,+-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`)).join(' ');
    let modules;
    try {
      modules = generateImports(read.objects, { command, module: values.module });
    } catch (error) {
      if (isShipshapeError(error)) {
        io.stderr.write(`shipshape import: ${error.message}\n`);
        return ExitCode.FAILURE;
      }
      throw error;
    }
    const outputDir = resolve(io.cwd, values.output);
    mkdirSync(outputDir, { recursive: true });
    for (const module of modules) {
      const path = join(outputDir, module.file);
      writeFileSync(path, module.content);
      io.stdout.write(`${relative(io.cwd, path) || path}: ${module.classes.join(', ')}\n`);
    }
    return ExitCode.OK;
  },
};
