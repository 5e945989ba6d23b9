/**
 * `shipshape validate` on hostile input: random bytes, random YAML (aliases, YAML 1.1 scalars, deep nesting,
 * many documents) and byte-mutated manifests. Every input must end in a report (exit 0 or 1, never a stack
 * trace) within a time bound, without the heap growing past a bound; the worst generated inputs also run in a
 * child process whose heap is capped, so that "bounded" means what it says.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { CLI, runMain } from '../helpers/cli';
import { prng } from '../helpers/prng';

const CORPUS = join(__dirname, 'corpus');
/** Bounds per input (generous: a shared 2-core machine; they catch hangs and blow-ups, not slowness). */
const MAX_MS_PER_INPUT = 5_000;
const MAX_HEAP_GROWTH_BYTES = 256 * 1024 * 1024;
const INPUTS_PER_KIND = 150;

const SCALARS = ['yes', 'no', 'on', 'off', 'y', 'n', '0777', '017', '1_000', '0x1F', '0o17', '0b101', '.inf', '-.nan', '1e400', '~', 'null', '1:30',
  '2024-01-01', '"quoted"', "'single'", '|\n  block', '!!binary aGVsbG8=', '!!str 12', '!!int x', '\u202ertl', '\u001b[2J', 'a\tb', '💥', '\\', '"\\u0000"'];

/** Random YAML: nested mappings and sequences, anchors and aliases, odd scalars, several documents. */
function randomYaml(random: () => number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const anchors: string[] = [];
  const node = (depth: number, indent: string): string => {
    const roll = random();
    if (anchors.length > 0 && roll < 0.1) return `*${pick(anchors)}`;
    if (depth > 6 || roll < 0.4) return pick(SCALARS);
    const anchor = random() < 0.2 ? `&a${anchors.push(`a${anchors.length}`) - 1} ` : '';
    const count = 1 + Math.floor(random() * 6);
    if (roll < 0.7) return `${anchor}[${Array.from({ length: count }, () => node(depth + 1, indent)).join(', ')}]`;
    const keys = Array.from({ length: count }, (_, index) => `${indent}  ${random() < 0.2 ? pick(SCALARS.slice(0, 12)) : `k${index}`}: ${node(depth + 1, `${indent}  `)}`);
    return `${anchor}\n${keys.join('\n')}`;
  };
  const documents = Array.from({ length: 1 + Math.floor(random() * 4) }, () =>
    `apiVersion: v1\nkind: ${pick(['ConfigMap', 'Secret', 'Pod', 'List', 'Deployment'])}\nmetadata: {name: n${Math.floor(random() * 100)}}\ndata: ${node(0, '')}\n`);
  return documents.join(random() < 0.5 ? '---\n' : '...\n---\n');
}

function randomBytes(random: () => number): Buffer {
  const bytes = Buffer.alloc(Math.floor(random() * 4096));
  for (let index = 0; index < bytes.length; index++) bytes[index] = Math.floor(random() * 256);
  return bytes;
}

const MANIFESTS = [
  readFileSync(join(CORPUS, 'valid', 'shop.yaml')),
  ...readdirSync(join(CORPUS, 'broken')).slice(0, 20).map((name) => readFileSync(join(CORPUS, 'broken', name))),
];

/** A manifest with bytes flipped, inserted (invalid UTF-8 and controls among them) or cut. */
function mutatedManifest(random: () => number): Buffer {
  const base = Buffer.from(MANIFESTS[Math.floor(random() * MANIFESTS.length)] ?? Buffer.alloc(0));
  const parts: Buffer[] = [base];
  for (let round = 0; round < 1 + Math.floor(random() * 4); round++) {
    const current = Buffer.concat(parts.splice(0));
    const at = Math.floor(random() * (current.length + 1));
    const roll = random();
    if (roll < 0.4) {
      const flipped = Buffer.from(current);
      if (at < flipped.length) flipped[at] = Math.floor(random() * 256);
      parts.push(flipped);
    } else if (roll < 0.8) {
      parts.push(current.subarray(0, at), Buffer.from([0xc3, 0x28, 0xff, 0x1b, 0x0a, 0xe2, 0x80, 0xae].slice(0, 1 + Math.floor(random() * 8))), current.subarray(at));
    } else parts.push(current.subarray(0, at));
  }
  return Buffer.concat(parts);
}

async function validateInput(input: Buffer, output: string): Promise<{ code: number; stdout: string; stderr: string; ms: number }> {
  const started = Date.now();
  const result = await runMain(['validate', '-', '--output', output], { stdin: Readable.from([input]), cwd: CORPUS, env: {} });
  return { ...result, ms: Date.now() - started };
}

const KINDS: ReadonlyArray<readonly [string, (random: () => number) => Buffer]> = [
  ['random bytes', randomBytes],
  ['random YAML', (random) => Buffer.from(randomYaml(random))],
  ['mutated manifests', mutatedManifest],
];

describe.each(KINDS)('validate on %s', (_kind, generate) => {
  test(`${INPUTS_PER_KIND} inputs each end in a report within ${MAX_MS_PER_INPUT} ms and a bounded heap`, async () => {
    const outputs = ['text', 'json', 'junit', 'tap'];
    const baseline = process.memoryUsage().heapUsed;
    for (let seed = 1; seed <= INPUTS_PER_KIND; seed++) {
      const input = generate(prng(seed * 7919));
      const output = outputs[seed % outputs.length] ?? 'text';
      const result = await validateInput(input, output);
      const replay = `seed ${seed * 7919}, --output ${output}, exit ${result.code}, ${result.ms} ms: ${JSON.stringify(input.toString('latin1').slice(0, 300))}\n${result.stderr}`;
      if (![0, 1].includes(result.code) || /\n\s+at /.test(result.stderr + result.stdout)) throw new Error(`validate failed: ${replay}`);
      if (result.ms > MAX_MS_PER_INPUT) throw new Error(`validate took too long: ${replay}`);
      const growth = process.memoryUsage().heapUsed - baseline;
      if (growth > MAX_HEAP_GROWTH_BYTES) throw new Error(`the heap grew by ${Math.round(growth / 1048576)} MiB: ${replay}`);
      if (output === 'json') expect(() => JSON.parse(result.stdout)).not.toThrow();
      if (output === 'text') expect(result.stdout).toMatch(/found in 1 file - Valid: \d+, Invalid: \d+, Errors: \d+, Skipped: \d+\n$/);
      // No raw control or escape byte reaches the terminal, whatever the input held.
      expect(result.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    }
  }, 180_000);
});

describe('the worst inputs, with the heap capped', () => {
  const worst: ReadonlyArray<readonly [string, string]> = [
    ['an alias bomb in every one of 40 documents', Array(40).fill(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\ndata:\n  l0: &l0 [x,x,x,x,x,x,x,x,x,x]\n  l1: &l1 [*l0,*l0,*l0,*l0,*l0,*l0,*l0,*l0,*l0,*l0]\n  l2: &l2 [*l1,*l1,*l1,*l1,*l1,*l1,*l1,*l1,*l1,*l1]\n  l3: &l3 [*l2,*l2,*l2,*l2,*l2,*l2,*l2,*l2,*l2,*l2]\n  l4: &l4 [*l3,*l3,*l3,*l3,*l3,*l3,*l3,*l3,*l3,*l3]\n  l5: [*l4,*l4,*l4,*l4,*l4,*l4,*l4,*l4]\n`).join('---\n')],
    ['300,000 tiny documents', 'a: 1\n---\n'.repeat(300_000)],
    ['nesting 100,000 levels deep', `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: d}\ndata: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`],
    ['one line of 20 MB', `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: l}\ndata: {a: "${'x'.repeat(20 * 1024 * 1024)}"}\n`],
  ];
  test.each(worst)('%s: a report within 60 s with a 384 MiB heap', (_name, input) => {
    const result = spawnSync(process.execPath, ['--max-old-space-size=384', CLI, 'validate', '-', '--no-policies'], { input, encoding: 'utf8', timeout: 60_000, maxBuffer: 512 * 1024 * 1024 });
    expect(result.signal).toBeNull();
    expect(result.stderr).not.toMatch(/heap out of memory|RangeError|\n\s+at /);
    expect([0, 1]).toContain(result.status);
    expect(result.stdout).toMatch(/found in 1 file - Valid: \d+, Invalid: \d+, Errors: \d+, Skipped: \d+\n$/);
  }, 90_000);
});
