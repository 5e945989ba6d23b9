'use strict';
/**
 * The second half of `npm run build` (after tsc): bundles the command line with the library and the packages
 * it loads at every run into lib/shipshape.js, and the schema validators of each Kubernetes version into
 * lib/schemas/kubernetes-<version>.js (1.27 from its package; 1.36 is generated already, see
 * scripts/generate-schemas.js), so that `shipshape synth` reads three files instead of some
 * three hundred and, with a V8 code cache (src/cli/private/cached-script.ts), compiles almost nothing.
 * The library's own entry (lib/src/index.js) stays unbundled for programs that import shipshape.
 */
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

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
}

/** Every validator of one kubernetes-models package, each initialised on first use. */
function bundleSchemas(version, packageName) {
  const schemas = path.join(path.dirname(require.resolve(`${packageName}/package.json`, { paths: [ROOT] })), '_schemas');
  const names = fs.readdirSync(schemas).filter((file) => file.endsWith('.js')).map((file) => file.slice(0, -3)).sort();
  const lines = names.map((name) => `  ${name}: () => require(${JSON.stringify(path.join(schemas, `${name}.js`))}).validate,`);
  esbuild.buildSync({
    stdin: { contents: `exports.validators = {\n${lines.join('\n')}\n};\n`, resolveDir: schemas, sourcefile: `kubernetes-${version}.js`, loader: 'js' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: path.join(LIB, 'schemas', `kubernetes-${version}.js`),
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
}

/** The generated schemas (scripts/generate-schemas.js) go to lib/ as they are: tsc copies no .js or .json. */
function copyGenerated() {
  const from = path.join(ROOT, 'src', 'validate', 'generated');
  fs.cpSync(from, path.join(LIB, 'src', 'validate', 'generated'), { recursive: true });
  for (const folder of fs.readdirSync(from)) {
    fs.mkdirSync(path.join(LIB, 'schemas'), { recursive: true });
    fs.copyFileSync(path.join(from, folder, 'validators.js'), path.join(LIB, 'schemas', `${folder}.js`));
  }
}

bundleCli();
bundleSchemas('1.27', 'kubernetes-models-1-27');
copyGenerated();
