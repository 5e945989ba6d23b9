'use strict';
/**
 * Runs one command in a child process and measures its wall time (from spawn to exit) and peak resident
 * memory. Peak RSS comes from GNU time (`/usr/bin/time -f %M`), which reports the largest process of the
 * tree it waited for; without it, each Node process of the tree reports its own through a preloaded module.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const GNU_TIME = '/usr/bin/time';
const hasGnuTime = fs.existsSync(GNU_TIME);

/**
 * Runs `command args` in `cwd`; resolves to { ok, timedOut, wallSeconds, maxRssBytes, stdout, stderr }.
 * A run past `timeoutSeconds` is killed (its whole process group) and reported as timed out.
 */
function measure(command, args, { cwd, env = {}, timeoutSeconds = Infinity } = {}) {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-measure-'));
  const rssFile = path.join(scratch, 'rss');
  const childEnv = { ...process.env, ...env };
  let file = command;
  let fileArgs = args;
  if (hasGnuTime) {
    file = GNU_TIME;
    fileArgs = ['-f', '%M', '-o', rssFile, command, ...args];
  } else {
    childEnv.SHIPSHAPE_BENCH_RSS_FILE = rssFile;
    childEnv.NODE_OPTIONS = `${childEnv.NODE_OPTIONS ?? ''} --require ${path.join(__dirname, 'report-rss.js')}`.trim();
  }
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    // Its own process group, so that a timeout ends the command and everything it started (npx, ts-node).
    const child = spawn(file, fileArgs, { cwd, env: childEnv, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    let timedOut = false;
    const timer =
      Number.isFinite(timeoutSeconds) &&
      setTimeout(() => {
        timedOut = true;
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // It ended in the meantime.
        }
      }, timeoutSeconds * 1000);
    child.on('close', (code) => {
      const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (timer) clearTimeout(timer);
      const maxRssBytes = readRss(rssFile);
      fs.rmSync(scratch, { recursive: true, force: true });
      resolve({ ok: code === 0 && !timedOut, timedOut, wallSeconds, maxRssBytes, stdout, stderr });
    });
  });
}

/** GNU time writes kilobytes (and a "Command exited..." line first on failure); the fallback writes bytes, one line per process. */
function readRss(file) {
  let text;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const numbers = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /^\d+$/.test(line))
    .map(Number);
  if (numbers.length === 0) return undefined;
  return hasGnuTime ? numbers[numbers.length - 1] * 1024 : Math.max(...numbers);
}

/** The median of some numbers (the mean of the middle two for an even count). */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The YAML files under a folder, at any depth, in a stable order (names compared by code unit). */
function yamlFiles(folder) {
  const files = [];
  for (const entry of fs.readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) files.push(...yamlFiles(full));
    else if (/\.ya?ml$/.test(entry.name)) files.push(full);
  }
  return files;
}

module.exports = { measure, median, yamlFiles, hasGnuTime, GNU_TIME };
