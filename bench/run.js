'use strict';
/**
 * Benchmark of synthesis: stock cdk8s against shipshape, side by side, on generated apps of N charts of
 * 8 objects each. A script that prints figures, not a timed test; see bench/README.md.
 *
 *   npm run bench                           (builds, then N = 1,100,1000,5000)
 *   npm run bench -- --n 1,100 --bound 60   (after a build: node bench/run.js --n 1,100)
 *
 * Options:
 *   --n <list>        chart counts (default 1,100,1000,5000)
 *   --bound <s>       stop a stock run after this many seconds and report "> bound" (default 90)
 *   --reps <k>        repetitions per run (default: 7 for N <= 10, 5 up to 100, 3 above; stock runs
 *                     longer than 10 s once)
 *   --profile <list>  also write CPU profiles of shipshape at these N and print where the time goes
 *   --no-cdk8s-cli    skip `npx cdk8s synth` (ts-node) at N = 1
 *   --no-helm         skip `helm template` (built by bash bench/helm/build.sh; $HELM to use another)
 *   --keep            keep the generated apps and outputs (printed at the end)
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { parseArgs } = require('node:util');
const { generateApps, REPO } = require('./generate');
const { measure, median, hasGnuTime } = require('./measure');
const { summarize, formatSummary } = require('./profile');

const CLI = path.join(REPO, 'lib', 'src', 'cli', 'main.js');
const HELM = process.env.HELM ?? path.join(__dirname, 'helm', 'bin', 'helm');

function parseList(value) {
  return value
    .split(',')
    .map((part) => Number(part.trim()))
    .filter((n) => Number.isInteger(n) && n > 0);
}

function options() {
  const { values } = parseArgs({
    options: {
      n: { type: 'string', default: '1,100,1000,5000' },
      bound: { type: 'string', default: '90' },
      reps: { type: 'string' },
      profile: { type: 'string' },
      'no-cdk8s-cli': { type: 'boolean', default: false },
      'no-helm': { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
    },
  });
  return {
    counts: parseList(values.n),
    boundSeconds: Number(values.bound),
    reps: values.reps === undefined ? undefined : Number(values.reps),
    profile: values.profile === undefined ? [] : parseList(values.profile),
    cdk8sCli: !values['no-cdk8s-cli'],
    helm: !values['no-helm'],
    keep: values.keep,
  };
}

function repsFor(n, fixed) {
  if (fixed !== undefined) return fixed;
  return n <= 10 ? 7 : n <= 100 ? 5 : 3;
}

/** Every `.yaml` file below `folder`: relative paths and contents, in a stable order. */
function readTree(folder) {
  const files = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.yaml')) files.push({ path: path.relative(folder, full), content: fs.readFileSync(full) });
    }
  };
  walk(folder);
  return files;
}

/** Objects (top-level `kind:` lines) and a digest of every byte of every file. */
function inspectOutput(folder) {
  const hash = crypto.createHash('sha256');
  let objects = 0;
  for (const file of readTree(folder)) {
    hash.update(`${file.path}\0${file.content.length}\0`).update(file.content);
    objects += file.content.toString('utf8').match(/^kind: /gm)?.length ?? 0;
  }
  return { objects, digest: hash.digest('hex') };
}

/** Where `retire` moves previous outputs; deleted when the benchmark ends. */
let retiredFolder;
let retiredCount = 0;

/**
 * Moves a previous output out of the way (into the benchmark's retired folder) instead of deleting it, so that
 * every run writes all its files into an absent folder, as a first synth in a fresh checkout does. Deleting
 * thousands of files right before a run would bill that run for the file system's aftermath: ext4 without a
 * journal (this machine's) skips inodes deleted in the last 60 to 360 seconds when it allocates new ones, reading
 * each one's inode table block, so creating 2,000 files after deleting 2,000 cost up to 1.4 s of kernel CPU
 * (perf: recently_deleted, find_inode_bit) where it costs 0.05 s otherwise. Helm writes one file and never paid it.
 */
function retire(outputDir) {
  if (!fs.existsSync(outputDir)) return;
  fs.mkdirSync(retiredFolder, { recursive: true });
  fs.renameSync(outputDir, path.join(retiredFolder, String(retiredCount++)));
}

/** Runs one path `reps` times; stops early (and marks the result) when a run exceeds the bound. */
async function runPath(spec) {
  const [result] = await runAlternating([spec], spec.reps);
  return result;
}

/**
 * Runs several paths `reps` times each, one run of each in turn, so that all of them see the same load of a
 * shared machine (their ratio is then fair even when absolute times drift). A path that exceeds its bound
 * stops; one slower than its `repeatIfUnder` runs once.
 */
async function runAlternating(specs, reps) {
  const states = specs.map((spec) => ({ spec, walls: [], rss: [], digests: new Set(), objects: undefined, exceeded: false, done: false }));
  for (let rep = 0; rep < reps; rep++) {
    for (const state of states) {
      if (state.done) continue;
      const { label, command, args, cwd, outputDir, env, boundSeconds, repeatIfUnder = Infinity } = state.spec;
      retire(outputDir);
      const run = await measure(command, args, { cwd, env, timeoutSeconds: boundSeconds });
      if (run.timedOut) {
        state.exceeded = true;
        state.done = true;
        continue;
      }
      if (!run.ok) throw new Error(`${label} failed in ${cwd}:\n${run.stdout}\n${run.stderr}`);
      state.walls.push(run.wallSeconds);
      if (run.maxRssBytes !== undefined) state.rss.push(run.maxRssBytes);
      const output = inspectOutput(outputDir);
      state.objects = output.objects;
      state.digests.add(output.digest);
      if (run.wallSeconds > repeatIfUnder) state.done = true;
    }
  }
  return states.map(({ spec, walls, rss, digests, objects, exceeded }) =>
    exceeded
      ? { label: spec.label, exceeded: true, walls, rss, objects }
      : { label: spec.label, exceeded: false, wall: median(walls), rss: rss.length > 0 ? median(rss) : undefined, objects, runs: walls.length, identical: digests.size === 1, digest: [...digests][0] },
  );
}

const MIB = 1024 * 1024;
const formatWall = (result, bound) => (result.exceeded ? `> ${bound} s` : result.skipped ? `> ${bound} s (not run)` : `${result.wall.toFixed(2)} s`);
const formatRss = (result) => (result.exceeded || result.skipped || result.rss === undefined ? '–' : `${Math.round(result.rss / MIB)} MiB`);
const formatRate = (result, objects) => (result.exceeded || result.skipped ? `< ${Math.floor(objects / result.bound)}` : `${Math.round(objects / result.wall)}`);

function formatRatio(stock, shipshape) {
  if (stock.exceeded || stock.skipped) return `> ${(stock.bound / shipshape.wall).toFixed(0)}x`;
  const ratio = stock.wall / shipshape.wall;
  return `${ratio >= 10 ? ratio.toFixed(0) : ratio.toFixed(1)}x`;
}

/** `npm run synth` of the reference charts, into `outputDir` (the README's main job, as a user types it). */
function npmSynthSpec(outputDir) {
  return { label: 'npm run synth', command: 'npm', args: ['run', '--silent', 'synth', '--', '--output', outputDir, '--quiet'], cwd: REPO, outputDir, boundSeconds: Infinity };
}

/** The shipshape command for an app folder: validation on, as users run it. */
function shipshapeArgs(outputDir) {
  return [CLI, 'synth', '--app', 'main.ts', '--output', outputDir, '--quiet'];
}

async function main() {
  const opts = options();
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first (npm run bench does).`);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-bench-'));
  retiredFolder = path.join(root, 'retired');
  const log = (line) => process.stderr.write(`${line}\n`);
  log(`Apps and outputs in ${root}; peak RSS from ${hasGnuTime ? 'GNU time' : 'process.resourceUsage() of each Node process'}.`);
  const rows = [];
  const checks = [];
  const resynths = [];
  let stockLimit; // { n, wall } of the last completed stock run, to skip runs that cannot finish within the bound.
  let stockExceededAt;
  const helm = opts.helm && fs.existsSync(HELM);
  if (opts.helm && !helm) log(`${HELM} is missing: run bash bench/helm/build.sh (Go) to compare with helm template; skipping it.`);
  const helmRows = [];
  let npmSynth;
  try {
    for (const n of opts.counts) {
      const folder = path.join(root, `n${n}`);
      const apps = generateApps(folder, n, { helmCli: helm ? CLI : undefined });
      const reps = repsFor(n, opts.reps);

      const shipshapeOut = path.join(apps.shipshape, 'dist');
      const shipshapeSpec = {
        label: 'shipshape synth',
        command: process.execPath,
        args: shipshapeArgs(shipshapeOut),
        cwd: apps.shipshape,
        outputDir: shipshapeOut,
        boundSeconds: Infinity,
      };
      const helmSpec = helm && {
        label: 'helm template',
        command: HELM,
        args: ['template', 'shop', apps.helm, '--output-dir', path.join(folder, 'helm-out')],
        cwd: folder,
        outputDir: path.join(folder, 'helm-out'),
        // Helm's own configuration and caches stay in the temporary folder.
        env: { HELM_CACHE_HOME: path.join(folder, 'helm-home'), HELM_CONFIG_HOME: path.join(folder, 'helm-home'), HELM_DATA_HOME: path.join(folder, 'helm-home') },
        boundSeconds: Infinity,
      };
      log(`N=${n}: shipshape synth${helm ? ' and helm template of the same objects, run by run in turn' : ''} (${Math.max(reps, 2)} runs each)...`);
      const [shipshape, helmResult] = await runAlternating(helm ? [shipshapeSpec, helmSpec] : [shipshapeSpec], Math.max(reps, 2));
      if (helm) helmRows.push({ n, helm: helmResult, shipshape });
      checks.push(`N=${n}: ${shipshape.runs} shipshape runs wrote ${shipshape.identical ? 'byte-identical' : 'DIFFERENT'} output`);
      if (n >= 1000) {
        // The edit loop: synth again over the output of the previous run (unchanged files are linked, not written).
        const again = await measure(process.execPath, shipshapeArgs(shipshapeOut), { cwd: apps.shipshape });
        if (!again.ok) throw new Error(`shipshape re-synth failed:\n${again.stderr}`);
        const same = inspectOutput(shipshapeOut).digest === shipshape.digest;
        resynths.push(`N=${n}: ${again.wallSeconds.toFixed(2)} s, ${Math.round(again.maxRssBytes / MIB)} MiB, output ${same ? 'byte-identical' : 'DIFFERENT'}`);
      }

      const stockRuns = [];
      if (n === 1 && opts.cdk8sCli) {
        if (!fs.existsSync(path.join(REPO, 'node_modules', '.bin', 'cdk8s')) || !fs.existsSync(path.join(REPO, 'node_modules', '.bin', 'ts-node'))) {
          log('N=1: node_modules/.bin/cdk8s or ts-node is missing; skipping `npx cdk8s synth`.');
        } else {
          log(`N=${n}: npx cdk8s synth with ts-node, and npm run synth of the reference charts, in turn (${reps} runs each)...`);
          const out = path.join(apps.stock, 'cdk8s.out');
          const [cdk8sCli, npm] = await runAlternating(
            [
              {
                label: 'npx cdk8s synth',
                command: 'npx',
                args: ['cdk8s', 'synth', '--no-check-upgrade', '--output', out],
                cwd: apps.stock,
                outputDir: out,
                boundSeconds: opts.boundSeconds,
                repeatIfUnder: 10,
              },
              npmSynthSpec(path.join(root, 'npm-run-synth')),
            ],
            reps,
          );
          stockRuns.push({ path: '`npx cdk8s synth` (ts-node)', result: cdk8sCli });
          npmSynth = npm;
        }
      }
      const predicted = stockLimit && stockLimit.wall > 5 ? stockLimit.wall * (n / stockLimit.n) ** 2 : 0;
      let stock;
      if (stockExceededAt !== undefined || predicted > 2 * opts.boundSeconds) {
        log(`N=${n}: stock app.synth() not run: ${stockExceededAt !== undefined ? `N=${stockExceededAt} already exceeded the bound` : `quadratic growth predicts ${Math.round(predicted)} s`}.`);
        stock = { skipped: true };
      } else {
        log(`N=${n}: stock app.synth() (up to ${reps} runs, bound ${opts.boundSeconds} s)...`);
        const out = path.join(apps.stock, 'dist');
        stock = await runPath({
          label: 'stock app.synth()',
          command: process.execPath,
          args: ['main.js'],
          cwd: apps.stock,
          outputDir: out,
          env: { CDK8S_OUTDIR: out },
          reps,
          boundSeconds: opts.boundSeconds,
          repeatIfUnder: 10,
        });
        if (stock.exceeded) stockExceededAt = n;
        else stockLimit = { n, wall: stock.wall };
      }
      stockRuns.push({ path: 'precompiled, stock `app.synth()`', result: stock });
      for (const { path: stockPath, result } of stockRuns) {
        result.bound = opts.boundSeconds;
        rows.push({ n, objects: shipshape.objects, stockObjects: result.objects, stockPath, stock: result, shipshape });
      }
    }

    const reference = await runPath({
      label: 'shipshape synth (reference charts)',
      command: process.execPath,
      args: [CLI, 'synth', '--app', 'charts/main.ts', '--output', path.join(root, 'reference'), '--quiet'],
      cwd: REPO,
      outputDir: path.join(root, 'reference'),
      reps: 7,
      boundSeconds: Infinity,
    });

    // The main job as the README gives it (measured beside `npx cdk8s synth` when that ran).
    npmSynth ??= await runPath({ ...npmSynthSpec(path.join(root, 'npm-run-synth')), reps: 7 });

    const lines = [
      '| N | objects | stock path | stock wall | stock RSS | stock obj/s | shipshape wall | shipshape RSS | shipshape obj/s | ratio |',
      '| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ];
    for (const row of rows) {
      const objects = row.stockObjects !== undefined && row.stockObjects !== row.objects ? `${row.objects} (stock ${row.stockObjects})` : `${row.objects}`;
      lines.push(
        `| ${row.n} | ${objects} | ${row.stockPath} | ${formatWall(row.stock, row.stock.bound)} | ${formatRss(row.stock)} | ${formatRate(row.stock, row.objects)} | ` +
          `${formatWall(row.shipshape)} | ${formatRss(row.shipshape)} | ${Math.round(row.objects / row.shipshape.wall)} | ${formatRatio(row.stock, row.shipshape)} |`,
      );
    }
    const perObject = rows.filter((row, index) => rows.findIndex((other) => other.n === row.n) === index).map((row) => ({ n: row.n, us: (row.shipshape.wall / row.objects) * 1e6 }));
    process.stdout.write(`\n${lines.join('\n')}\n\n`);
    process.stdout.write(
      `Wall: process start to exit, median of the runs (stock runs over 10 s once); shipshape validates (both Kubernetes versions) and writes.\n` +
        `Reference charts (charts/main.ts, ${reference.objects} objects): shipshape synth ${reference.wall.toFixed(2)} s, ${formatRss(reference)} (median of ${reference.runs}).\n` +
        `Shipshape time per object: ${perObject.map((p) => `N=${p.n}: ${Math.round(p.us)} µs`).join(', ')}.\n` +
        `${resynths.length > 0 ? `Shipshape re-synth over its previous output (one run): ${resynths.join('; ')}.\n` : ''}` +
        `${checks.join('\n')}\n`,
    );

    if (helmRows.length > 0) {
      const helmLines = [
        '| N | objects | helm template wall | helm RSS | shipshape wall | shipshape RSS | shipshape / helm |',
        '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      ];
      for (const row of helmRows) {
        const objects = row.helm.objects === row.shipshape.objects ? `${row.shipshape.objects}` : `${row.shipshape.objects} (helm ${row.helm.objects})`;
        helmLines.push(
          `| ${row.n} | ${objects} | ${formatWall(row.helm)} | ${formatRss(row.helm)} | ${formatWall(row.shipshape)} | ${formatRss(row.shipshape)} | ${(row.shipshape.wall / row.helm.wall).toFixed(2)}x |`,
        );
      }
      process.stdout.write(
        `\nshipshape synth (validating both Kubernetes versions, writing a file per chart) against helm template of the same objects (no validation, one file):\n\n${helmLines.join('\n')}\n`,
      );
    }
    const cdk8sCli = rows.find((row) => row.n === 1 && row.stockPath.includes('npx cdk8s synth'));
    process.stdout.write(
      `\nMain job: \`npm run synth\` (reference charts, ${npmSynth.objects} objects) ${npmSynth.wall.toFixed(2)} s, ${formatRss(npmSynth)} (median of ${npmSynth.runs})` +
        `${cdk8sCli && !cdk8sCli.stock.exceeded ? `; \`npx cdk8s synth\` of the stock app at N=1: ${cdk8sCli.stock.wall.toFixed(2)} s, ratio ${(npmSynth.wall / cdk8sCli.stock.wall).toFixed(2)} (goal <= 0.2)` : ''}.\n`,
    );

    for (const n of opts.profile) {
      const folder = path.join(root, `n${n}`, 'shipshape');
      if (!fs.existsSync(folder)) generateApps(path.join(root, `n${n}`), n);
      const profileDir = path.join(root, `profile-n${n}`);
      // Like the timed runs: into an absent output folder.
      retire(path.join(folder, 'dist'));
      log(`N=${n}: CPU profile of shipshape synth...`);
      // Unbundled (SHIPSHAPE_NO_BUNDLE), so that the summary can tell cdk8s, validation and the pipeline apart:
      // the same code runs as from the bundle, which only changes how it is loaded.
      const run = await measure(process.execPath, ['--cpu-prof', '--cpu-prof-dir', profileDir, ...shipshapeArgs(path.join(folder, 'dist'))], {
        cwd: folder,
        env: { SHIPSHAPE_NO_BUNDLE: '1' },
      });
      if (!run.ok) throw new Error(`profiled run failed:\n${run.stderr}`);
      const file = path.join(profileDir, fs.readdirSync(profileDir).find((name) => name.endsWith('.cpuprofile')));
      process.stdout.write(`\n${formatSummary(summarize(file, 15), `CPU profile, shipshape synth, N=${n} (wall ${run.wallSeconds.toFixed(2)} s)`)}\n`);
    }
  } finally {
    if (opts.keep) log(`Kept ${root}`);
    else fs.rmSync(root, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
