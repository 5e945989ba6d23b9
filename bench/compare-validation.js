'use strict';
/**
 * Differential check of the whole validation between two builds of shipshape: runs `validateManifests` of each
 * build over the same inputs and reports every input whose report differs (deep-equal and equal as JSON, so key
 * order counts too). Used to check that a change made for speed keeps every report as it was.
 *
 *   npm run build && node bench/compare-validation.js --root <old checkout> --root <new checkout> [--yaml <dir>]...
 *
 * Inputs:
 *  - every YAML folder given with --yaml (e.g. the dist/ of `npm run synth`, or of the 8,000-object bench app:
 *    `node bench/run.js --n 1000 --reps 1 --no-cdk8s-cli --no-helm --keep`), validated as one set;
 *  - the mutation corpus of test/validate (thousands of single-fault objects): all together, each alone, and each
 *    alone beside Namespaces whose Pod Security labels enforce, warn and audit (so that those checks run too), and
 *    all together beside a Namespace whose policy is pinned to one version;
 *  - the same corpus with one Kubernetes version only, with policies, references and pod security off, and with
 *    checks disabled by option.
 * A root is a checkout with lib/ built. Exits 1 when any report differs.
 */
const fs = require('node:fs');
const path = require('node:path');
const util = require('node:util');
const esbuild = require('esbuild');
const { yamlFiles } = require('./measure');

const REPO = path.resolve(__dirname, '..');

function load(root) {
  const validate = path.join(path.resolve(root), 'lib', 'src', 'validate');
  const { validateManifests } = require(path.join(validate, 'validate-manifests.js'));
  const { parseManifestsFromYaml } = require(path.join(validate, 'parse-yaml.js'));
  return { root, validateManifests, parseManifestsFromYaml };
}

/** The mutation corpus, compiled from its TypeScript source. */
function loadMutants() {
  const built = esbuild.buildSync({
    entryPoints: [path.join(REPO, 'test', 'validate', 'mutation-corpus.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    write: false,
  });
  const module = { exports: {} };
  new Function('module', 'exports', 'require', built.outputFiles[0].text)(module, module.exports, require);
  return module.exports.generateMutants();
}

function namespace(name, labels) {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}

const POD_SECURITY_NAMESPACES = [
  namespace('shop', {
    'pod-security.kubernetes.io/enforce': 'baseline',
    'pod-security.kubernetes.io/warn': 'restricted',
    'pod-security.kubernetes.io/audit': 'restricted',
    'pod-security.kubernetes.io/warn-version': 'v1.30',
  }),
  namespace('default', { 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/enforce-version': 'v1.27' }),
];

/** A policy pinned to one version: both target versions run the same checks. */
const PINNED_NAMESPACES = [namespace('shop', { 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/enforce-version': 'v1.25', 'pod-security.kubernetes.io/warn': 'restricted', 'pod-security.kubernetes.io/warn-version': 'v1.26' })];

/** Every case: a name, the manifests (as a function of the build, for parsed YAML) and the options. */
function cases(yamlFolders, mutants) {
  const list = [];
  for (const folder of yamlFolders) {
    const files = yamlFiles(folder);
    list.push({
      name: `YAML of ${folder} (${files.length} files)`,
      manifests: (build) => files.flatMap((file) => build.parseManifestsFromYaml(fs.readFileSync(file, 'utf8'), path.relative(folder, file)).manifests),
      options: {},
    });
  }
  const asManifests = (objects) => objects.map((object, index) => ({ object, constructPath: `corpus/${index}`, file: 'corpus.yaml', documentIndex: index }));
  const all = asManifests(mutants.map((mutant) => mutant.object));
  list.push({ name: `mutation corpus together (${mutants.length} objects)`, manifests: () => all, options: {} });
  list.push({ name: 'mutation corpus together, Kubernetes 1.27 only', manifests: () => all, options: { kubernetesVersions: ['1.27'] } });
  list.push({ name: 'mutation corpus together, Kubernetes 1.36 only', manifests: () => all, options: { kubernetesVersions: ['1.36'] } });
  list.push({ name: 'mutation corpus together, no policies/references/pod security', manifests: () => all, options: { policies: false, references: false, podSecurity: false } });
  list.push({
    name: 'mutation corpus together with Pod Security namespaces and disabled checks',
    manifests: () => asManifests([...POD_SECURITY_NAMESPACES, ...mutants.map((mutant) => mutant.object)]),
    options: {
      disabledChecks: [
        { id: 'schema/unknown-field', reason: 'compare', scope: 'corpus/7' },
        { id: 'policy/latest-tag', reason: 'compare' },
      ],
    },
  });
  list.push({ name: 'mutation corpus together with a pinned Pod Security policy', manifests: () => asManifests([...PINNED_NAMESPACES, ...mutants.map((mutant) => mutant.object)]), options: {} });
  for (const mutant of mutants) {
    list.push({ name: `mutant ${mutant.id}`, manifests: () => asManifests([mutant.object]), options: {} });
    list.push({ name: `mutant ${mutant.id} with Pod Security namespaces`, manifests: () => asManifests([...POD_SECURITY_NAMESPACES, mutant.object]), options: {} });
  }
  return list;
}

function main() {
  const { values } = util.parseArgs({ options: { root: { type: 'string', multiple: true }, yaml: { type: 'string', multiple: true, default: [] } } });
  if (values.root?.length !== 2) throw new Error('usage: node bench/compare-validation.js --root <old> --root <new> [--yaml <dir>]...');
  const builds = values.root.map(load);
  const mutants = loadMutants();
  let differences = 0;
  let problems = 0;
  const all = cases(values.yaml, mutants);
  for (const { name, manifests, options } of all) {
    const [before, after] = builds.map((build) => build.validateManifests(manifests(build), options));
    problems += before.problems.length;
    if (util.isDeepStrictEqual(before, after) && JSON.stringify(before) === JSON.stringify(after)) continue;
    differences += 1;
    if (differences <= 10) {
      const index = before.problems.findIndex((problem, at) => JSON.stringify(problem) !== JSON.stringify(after.problems[at]));
      console.log(`DIFFERENT: ${name}`);
      console.log(`  ${builds[0].root}: ${before.problems.length} problems; first differing: ${JSON.stringify(before.problems[index])}`);
      console.log(`  ${builds[1].root}: ${after.problems.length} problems; first differing: ${JSON.stringify(after.problems[index])}`);
    }
  }
  console.log(`${all.length} cases (${problems} problems in the first build's reports): ${differences === 0 ? 'all reports identical' : `${differences} differ`}`);
  process.exitCode = differences === 0 ? 0 : 1;
}

main();
