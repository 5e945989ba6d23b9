'use strict';
/**
 * The second half of `npm run build` (after tsc): bundles the command line with the library and the packages
 * it loads at every run into lib/shipshape.js, and writes the schemas of each Kubernetes version as chunks into
 * lib/schemas/kubernetes-<version>/ (1.27 from its package; 1.36 is generated already, see
 * scripts/generate-schemas.js and scripts/schema-chunks.js), so that `shipshape synth` reads a few files instead
 * of some three hundred, loads the schemas of the kinds it validates and nothing else and, with a V8 code cache
 * (src/cli/private/cached-script.ts), compiles almost nothing.
 * The library's own entry (lib/src/index.js) stays unbundled for programs that import shipshape.
 */
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');
const { writeSchemaChunks } = require('./schema-chunks');

const ROOT = path.resolve(__dirname, '..');
const LIB = path.join(ROOT, 'lib');

/** Packages the bundle carries; the CLI hands the bundled copy to apps that load the same installed version. */
const SHARED_PACKAGES = ['cdk8s', 'constructs'];

/** Loaded by absolute path at run time or native: never bundled. */
const EXTERNAL = ['esbuild', 'kubernetes-models-1-27', 'cdk8s-plus-27'];

function versionOf(name) {
  return JSON.parse(fs.readFileSync(require.resolve(`${name}/package.json`, { paths: [ROOT] }), 'utf8')).version;
}

function bundleCli() {
  const packages = SHARED_PACKAGES.map((name) => `  ${JSON.stringify(name)}: { exports: require(${JSON.stringify(name)}), version: ${JSON.stringify(versionOf(name))} },`);
  const contents = [
    '// The bundle entry: the library, the command line and the packages apps share with it.',
    "exports.library = require('./src/index.ts');",
    "exports.cli = require('./src/cli/main.ts');",
    `exports.packages = {\n${packages.join('\n')}\n};`,
    '',
  ].join('\n');
  esbuild.buildSync({
    stdin: { contents, resolveDir: ROOT, sourcefile: 'bundle-entry.js', loader: 'js' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: path.join(LIB, 'shipshape.js'),
    external: EXTERNAL,
    // Class names stay: messages and `constructor.name` checks read them.
    keepNames: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  const file = path.join(LIB, 'shipshape.js');
  fs.writeFileSync(file, asciiOnly(dropRedundantNames(fs.readFileSync(file, 'utf8')), file));
}

/**
 * Removes the `__name` calls of `keepNames` that restore a name the code has anyway. keepNames is needed: the bundle
 * renames clashing symbols (`class Chart7` in cdk8s), and messages and `constructor.name` checks read class names.
 * But it also names each function declaration (`__name(f, "f")`, ~900) and each class assigned to a variable of its
 * own name (`X = class { static { __name(this, "X") } }`), which have that name already: JavaScript names a function
 * declaration after itself and an anonymous class after the variable it is assigned to. Dropping those saves about
 * a millisecond of the bundle's initialisation (timed in the process); the calls that rename
 * (`__name(resolve11, "resolve")`) stay.
 */
function dropRedundantNames(source) {
  return source
    .replace(/^[ \t]*__name\(([A-Za-z_$][\w$]*), "\1"\);\n/gm, '')
    .replace(/^([ \t]*(?:var |let |const )?([A-Za-z_$][\w$]*) = class(?: extends [^{\n]+)? \{\n)[ \t]*static \{\n[ \t]*__name\(this, "\2"\);\n[ \t]*\}\n/gm, '$1');
}

/**
 * Escapes the few non-ASCII characters esbuild leaves in the bundle (in comments and a regular expression literal):
 * with them, Node.js decodes the 1.3 MB into a two-byte string in 3.7 ms; pure ASCII becomes a one-byte string in
 * 1.3 ms (src/cli/private/cached-script.ts reads it as Latin-1), which V8 also scans faster. A `\uXXXX` escape means the same character in a comment, a string, a regular
 * expression and an identifier; the raw text of a template literal and an escaped character would change, so the
 * build refuses those.
 */
function asciiOnly(source, file) {
  const escaped = source.replace(/[^\x00-\x7f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (escaped === source) return source;
  for (const line of source.split('\n')) {
    // Comment lines are safe whatever they hold; elsewhere a template literal or an escaped character is not.
    const code = /^\s*(\/\/|\/\*|\*)/.test(line) ? '' : line.replace(/(^|\s)\/\/.*$/, '');
    if (/[^\x00-\x7f]/.test(code) && (code.includes('`') || /\\[^\x00-\x7f]/.test(code))) {
      throw new Error(`build-bundles: cannot escape the non-ASCII text of this line of ${file} safely: ${line.trim()}`);
    }
  }
  return escaped;
}

/**
 * What every command runs before its own code (lib/src/cli/private/bundle.js, which main.js requires: the loader of
 * the bundle and the schema chunks) as one file instead of tsc's four, each of which Node.js would find, read and
 * compile apart.
 */
function bundleStart() {
  esbuild.buildSync({
    entryPoints: [path.join(ROOT, 'src', 'cli', 'private', 'bundle.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: path.join(LIB, 'src', 'cli', 'private', 'bundle.js'),
    packages: 'external',
    legalComments: 'none',
    logLevel: 'warning',
  });
}

/** The generated schemas (scripts/generate-schemas.js) go to lib/schemas/ (emptied before) as they are: tsc copies no .js or .json. */
function copyGenerated() {
  const from = path.join(ROOT, 'src', 'validate', 'generated');
  for (const folder of fs.readdirSync(from)) fs.cpSync(path.join(from, folder), path.join(LIB, 'schemas', folder), { recursive: true });
}

bundleCli();
bundleStart();
fs.rmSync(path.join(LIB, 'schemas'), { recursive: true, force: true });
const packageManifest = require.resolve('kubernetes-models-1-27/package.json', { paths: [ROOT] });
const packageVersion = JSON.parse(fs.readFileSync(packageManifest, 'utf8')).version;
writeSchemaChunks(path.dirname(packageManifest), path.join(LIB, 'schemas', 'kubernetes-1.27'), `Built by scripts/build-bundles.js from kubernetes-models@${packageVersion}`);
copyGenerated();
