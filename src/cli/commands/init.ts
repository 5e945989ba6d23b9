/** `shipshape init [folder]`: a new project with a small app, its test, and the scripts to synthesize and test it. */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Command, CommandIo, ExitCode, UsageError } from '../command';
import { projectFiles, TemplateOptions } from '../private/init-templates';
import { packageManifest, packageRoot } from '../private/package-root';

const HELP = `Usage: shipshape init [folder] [options]

Create a shipshape project in a folder (default: the current one), like \`cdk8s init\`:
  package.json      scripts synth and test; shipshape, cdk8s and constructs as dependencies
  tsconfig.json     strict TypeScript
  cdk8s.yaml        so that \`cdk8s synth\` runs shipshape too
  charts/main.ts    a web Deployment with a Service, an Ingress and a ConfigMap, in dev and prod
  test/main.test.ts a test that synthesizes the app with synthesize()
  jest.config.js, .gitignore (synthesized Secrets are ignored), README.md
Then: npm install && npm run synth && npm test

Options:
  --from <spec>   Where npm installs shipshape from: a tarball made with \`npm pack\`, a folder, or a git URL
                  (default: this copy of shipshape, as file:<its folder>)
  --name <name>   The project's npm name (default: the folder's name)
  -f, --force     Write into a folder that is not empty (files with the same names are replaced)
  -h, --help      Show this help

Exit codes: 0 created, 2 usage error or a folder that is not empty.
`;

/** Files that do not make a folder "not empty". */
const IGNORED_ENTRIES = new Set(['.git']);

/** What `init` writes for a project, from options; exported for the command line only. */
export function initProject(folder: string, options: { from?: string; name?: string; force?: boolean }, io: CommandIo): string[] {
  if (existsSync(folder)) {
    const entries = readdirSync(folder).filter((entry) => !IGNORED_ENTRIES.has(entry));
    if (entries.length > 0 && !options.force) {
      const shown = entries.slice(0, 5).join(', ') + (entries.length > 5 ? ', ...' : '');
      throw new UsageError(`${relative(io.cwd, folder) || '.'} is not empty (${shown}). Use an empty folder, or --force to write into it anyway.`);
    }
  }
  const name = options.name ?? npmName(basename(folder));
  if (!/^(?:@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/.test(name) || name.length > 214) {
    throw new UsageError(`--name: "${name}" is not a valid npm package name; use lower-case letters, digits and dashes, e.g. "my-app".`);
  }
  const files = projectFiles({ name, shipshapeSpec: shipshapeSpec(options.from, io.cwd), versions: pinnedVersions() });
  for (const [path, content] of files) {
    const target = join(folder, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
  return [...files.keys()];
}

/** A folder name as an npm package name: `My App` → `my-app`. */
function npmName(folder: string): string {
  const name = folder.toLowerCase().replace(/[^a-z0-9-._~]+/g, '-').replace(/^[-._]+|-+$/g, '');
  return name === '' ? 'shipshape-app' : name;
}

/** The dependency spec for shipshape: a tarball or folder path becomes `file:` (absolute), anything else is kept. */
function shipshapeSpec(from: string | undefined, cwd: string): string {
  if (from === undefined) return `file:${packageRoot()}`;
  if (/^(file:|git\+|git:|github:|https?:)/.test(from) || /^[~^]?\d/.test(from)) return from;
  const path = isAbsolute(from) ? from : resolve(cwd, from);
  if (!existsSync(path)) throw new UsageError(`--from: ${from} does not exist. Pass a tarball made with \`npm pack\`, a folder, or a git URL.`);
  return `file:${path}`;
}

/** The versions shipshape itself is built and tested with, from its package.json. */
function pinnedVersions(): TemplateOptions['versions'] {
  const manifest = packageManifest();
  const all = { ...manifest.devDependencies, ...manifest.dependencies };
  const pick = (name: keyof TemplateOptions['versions'], fallback: string): string => all[name] ?? fallback;
  return {
    cdk8s: pick('cdk8s', '^2.70.0'),
    constructs: pick('constructs', '^10.4.0'),
    typescript: pick('typescript', '~5.9.0'),
    jest: pick('jest', '^29.7.0'),
    'ts-jest': pick('ts-jest', '^29.4.0'),
    '@types/jest': pick('@types/jest', '^29.5.0'),
    '@types/node': pick('@types/node', '^20.19.0'),
  };
}

/** The `init` command. */
export const command: Command = {
  name: 'init',
  summary: 'Create a new project: a small app in dev and prod, its test, and npm scripts',
  help: HELP,
  run(args, io) {
    let parsed;
    try {
      parsed = parseArgs({
        args: [...args],
        options: { from: { type: 'string' }, name: { type: 'string' }, force: { type: 'boolean', short: 'f' } },
        allowPositionals: true,
      });
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const { values, positionals } = parsed;
    if (positionals.length > 1) throw new UsageError(`expected at most one folder, got ${positionals.length}: ${positionals.join(' ')}`);
    const folder = resolve(io.cwd, positionals[0] ?? '.');
    const written = initProject(folder, values, io);
    const where = relative(io.cwd, folder);
    io.stdout.write(`Created ${written.length} files in ${where || '.'}/: ${written.join(', ')}\n\nNext:\n${where ? `  cd ${where}\n` : ''}  npm install\n  npm run synth   # dist/dev/ and dist/prod/\n  npm test\n`);
    return Promise.resolve(ExitCode.OK);
  },
};
