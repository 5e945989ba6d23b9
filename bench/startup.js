'use strict';
/**
 * Start-up benchmark: `shipshape synth` of a small app against `helm template` of the same objects, spawn to exit,
 * the runs interleaved so that machine noise hits all sides alike (a script that prints figures, not a test).
 *
 *   node bench/run.js --n 1 --reps 1 --no-cdk8s-cli --keep        (makes /tmp/shipshape-bench-*)
 *   node bench/startup.js /tmp/shipshape-bench-XXXX/n1 [--runs 11] [--root <shipshape checkout>]...
 *
 * Each --root (default: this checkout) is a shipshape package whose lib/ is built; give two to compare builds
 * side by side. HELM names the helm binary (default bench/helm/bin/helm). Output goes to /dev/shm when it exists.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { GNU_TIME: GNU_TIME_PATH, hasGnuTime, median } = require('./measure');

function parse(argv) {
  const options = { runs: 11, roots: [], dir: undefined };
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index];
    if (arg === '--runs') options.runs = Number(argv[++index]);
    else if (arg === '--root') options.roots.push(path.resolve(argv[++index]));
    else options.dir = path.resolve(arg);
  }
  if (options.dir === undefined) throw new Error('usage: node bench/startup.js <bench folder n1> [--runs 11] [--root <checkout>]...');
  if (options.roots.length === 0) options.roots.push(path.resolve(__dirname, '..'));
  return options;
}

/** GNU time, for the CPU time of each run (less disturbed than wall time when the machine is busy). */
const GNU_TIME = hasGnuTime ? GNU_TIME_PATH : undefined;

function time(command, args, cwd) {
  const timed = GNU_TIME === undefined ? [command, args] : [GNU_TIME, ['-f', 'cpu %U %S', command, ...args]];
  const start = process.hrtime.bigint();
  const result = spawnSync(timed[0], timed[1], { cwd, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}): ${result.stderr}`);
  const cpu = /cpu ([\d.]+) ([\d.]+)\s*$/.exec(result.stderr);
  return { wall, cpu: cpu === null ? NaN : (Number(cpu[1]) + Number(cpu[2])) * 1000 };
}

/** A copy of the bench app whose `shipshape` dependency is `root`, its other dependencies shared. */
function appFor(dir, root, to) {
  const from = path.join(dir, 'shipshape');
  fs.mkdirSync(path.join(to, 'node_modules'), { recursive: true });
  for (const entry of fs.readdirSync(from)) {
    if (entry !== 'node_modules' && entry !== 'dist') fs.cpSync(path.join(from, entry), path.join(to, entry), { recursive: true });
  }
  for (const entry of fs.readdirSync(path.join(from, 'node_modules'))) {
    if (entry === '.cache') {
      fs.cpSync(path.join(from, 'node_modules', entry), path.join(to, 'node_modules', entry), { recursive: true });
      continue;
    }
    const target = entry === 'shipshape' ? root : fs.realpathSync(path.join(from, 'node_modules', entry));
    fs.symlinkSync(target, path.join(to, 'node_modules', entry));
  }
  return to;
}

function main() {
  const options = parse(process.argv.slice(2));
  const scratch = fs.mkdtempSync(path.join(fs.existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir(), 'shipshape-startup-'));
  const helm = process.env.HELM ?? path.join(__dirname, 'helm', 'bin', 'helm');
  const cwd = path.join(options.dir, 'shipshape');
  const cases = [
    { label: 'node -e 0', run: () => time(process.execPath, ['-e', '0'], cwd) },
    { label: 'helm template', run: () => time(helm, ['template', 'shop', path.join(options.dir, 'helm'), '--output-dir', path.join(scratch, 'helm')], cwd) },
  ];
  for (const [index, root] of options.roots.entries()) {
    const main = path.join(root, 'lib', 'src', 'cli', 'main.js');
    const app = appFor(options.dir, root, path.join(scratch, `app${index}`));
    const tag = options.roots.length > 1 ? ` [${index}: ${root}]` : '';
    cases.push({ label: `shipshape synth${tag}`, run: () => time(process.execPath, [main, 'synth', '--app', 'main.ts', '-q', '-o', path.join(scratch, `s${index}`)], app) });
    cases.push({
      label: `shipshape synth --skip-validation${tag}`,
      run: () => time(process.execPath, [main, 'synth', '--app', 'main.ts', '-q', '--skip-validation', '-o', path.join(scratch, `v${index}`)], app),
    });
  }
  // One warm-up run each writes the code caches.
  for (const entry of cases) entry.run();
  const times = cases.map(() => []);
  for (let run = 0; run < options.runs; run++) cases.forEach((entry, index) => times[index].push(entry.run()));
  fs.rmSync(scratch, { recursive: true, force: true });
  const helmWall = median(times[1].map((run) => run.wall));
  const helmCpu = median(times[1].map((run) => run.cpu));
  process.stdout.write(`median of ${options.runs} interleaved runs, spawn to exit (wall), and user+system CPU time (GNU time, 10 ms steps), ${options.dir}\n`);
  process.stdout.write('   wall ms   x helm    cpu ms   x helm\n');
  cases.forEach((entry, index) => {
    const wall = median(times[index].map((run) => run.wall));
    const cpu = median(times[index].map((run) => run.cpu));
    process.stdout.write(`${wall.toFixed(1).padStart(10)} ${(wall / helmWall).toFixed(2).padStart(7)}x ${cpu.toFixed(0).padStart(9)} ${(cpu / helmCpu).toFixed(2).padStart(7)}x  ${entry.label}\n`);
  });
}

main();
