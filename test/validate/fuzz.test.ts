import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as yaml from 'js-yaml';
import { main } from '../../src/cli/main';
import { captureIo } from './io-helpers';
import { prng } from '../helpers/prng';

// Fuzzes `shipshape validate` with random mutations of the corpus: it must never crash, hang or
// print a stack trace, and must always end with a report.
const CORPUS = join(__dirname, 'corpus');
const ITERATIONS = 3000;
const TIME_BUDGET_MS = 60_000;

const SNIPPETS = [':', '- ', '---\n', '...', '[', ']', '{', '}', '&a ', '*a', '<<: *a', '\t', '"', "'", '#', '|', '>', '!!binary ', '\u0000', '\uFEFF', '💥', '\r\n', ' '.repeat(7), 'kind: List\nitems: [1, {}]\n', 'apiVersion: v1\n', 'kind: Secret\n', '0x1F', '1e999', '-9999999999999', 'null', '~', 'true', 'metadata: 3\n'];
const VALUES: unknown[] = [null, 0, -1, 1.5, 2 ** 31, 2 ** 53, '', 'x', 'UPPER case', 'a'.repeat(300), true, [], {}, [null], { a: { b: { c: [1, 'two'] } } }, '65536', 'latest', 'None'];

function mutateText(text: string, random: () => number): string {
  const at = Math.floor(random() * (text.length + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  switch (Math.floor(random() * 6)) {
    case 0:
      return text.slice(0, at) + pick(SNIPPETS) + text.slice(at);
    case 1:
      return text.slice(0, at) + text.slice(Math.min(text.length, at + Math.floor(random() * 40)));
    case 2: {
      const lines = text.split('\n');
      const line = Math.floor(random() * lines.length);
      lines.splice(line, 0, lines[Math.floor(random() * lines.length)] ?? '');
      return lines.join('\n');
    }
    case 3: {
      const lines = text.split('\n');
      const line = Math.floor(random() * lines.length);
      lines[line] = (random() < 0.5 ? '  ' : '') + (lines[line] ?? '').replace(/^ {2}/, random() < 0.5 ? '' : '   ');
      return lines.join('\n');
    }
    case 4:
      return text.slice(0, at);
    default:
      return text.replace(/\d+/, String(Math.floor(random() * 1e12) - 5e11));
  }
}

function mutateObject(value: unknown, random: () => number, depth = 0): unknown {
  if (value === null || typeof value !== 'object' || depth > 12) return VALUES[Math.floor(random() * VALUES.length)];
  if (Array.isArray(value)) {
    if (value.length === 0 || random() < 0.15) return [...value, VALUES[Math.floor(random() * VALUES.length)]];
    const index = Math.floor(random() * value.length);
    const copy = [...value];
    if (random() < 0.2) copy.splice(index, 1);
    else copy[index] = mutateObject(copy[index], random, depth + 1);
    return copy;
  }
  const record = { ...(value as Record<string, unknown>) };
  const keys = Object.keys(record);
  const key = keys[Math.floor(random() * keys.length)];
  const roll = random();
  if (key === undefined || roll < 0.1) record[`x${Math.floor(random() * 100)}`] = VALUES[Math.floor(random() * VALUES.length)];
  else if (roll < 0.25) delete record[key];
  else if (roll < 0.35) record[key] = VALUES[Math.floor(random() * VALUES.length)];
  else record[key] = mutateObject(record[key], random, depth + 1);
  return record;
}

function mutate(text: string, random: () => number): string {
  if (random() < 0.5) {
    let result = text;
    const rounds = 1 + Math.floor(random() * 3);
    for (let round = 0; round < rounds; round++) result = mutateText(result, random);
    return result;
  }
  const documents = yaml.loadAll(text);
  const index = Math.floor(random() * documents.length);
  documents[index] = mutateObject(documents[index], random);
  return documents.map((document) => yaml.dump(document, { noRefs: true })).join('---\n');
}

const bases = [
  readFileSync(join(CORPUS, 'valid', 'shop.yaml'), 'utf8'),
  readFileSync(join(CORPUS, 'valid', 'list.yaml'), 'utf8'),
  ...readdirSync(join(CORPUS, 'broken'))
    .filter((name) => !name.startsWith('yaml-'))
    .slice(0, 12)
    .map((name) => readFileSync(join(CORPUS, 'broken', name), 'utf8')),
];

test(`shipshape validate survives ${ITERATIONS} random mutations of valid manifests with a report every time`, async () => {
  const started = Date.now();
  const outputs = ['text', 'json', 'junit', 'tap'] as const;
  let slowest = 0;
  let runs = 0;
  const codes = new Map<number, number>();
  for (let seed = 1; seed <= ITERATIONS && Date.now() - started < TIME_BUDGET_MS; seed++) {
    const random = prng(seed);
    const text = mutate(bases[seed % bases.length]!, random);
    const output = outputs[seed % outputs.length]!;
    const capture = captureIo(CORPUS, text);
    const runStarted = Date.now();
    const code = await main(['validate', '-', '--output', output], capture.io);
    slowest = Math.max(slowest, Date.now() - runStarted);
    runs += 1;
    codes.set(code, (codes.get(code) ?? 0) + 1);
    const stdout = capture.stdout();
    const context = `seed ${seed} (${output}), exit ${code}:\n${text.slice(0, 2000)}\n--- stderr:\n${capture.stderr()}`;
    if (![0, 1].includes(code) || /\n\s+at /.test(capture.stderr() + stdout)) throw new Error(`validate failed for ${context}`);
    if (output === 'json') expect(() => JSON.parse(stdout)).not.toThrow();
    else if (output === 'text') expect(stdout).toMatch(/\d+ resources? found in 1 file - Valid: \d+, Invalid: \d+, Errors: \d+, Skipped: \d+\n$/);
    else if (output === 'tap') expect(stdout).toMatch(/^TAP version 13\n1\.\.\d+\n/);
    else expect(stdout).toMatch(/<\/testsuites>\n$/);
  }
  expect(runs).toBeGreaterThanOrEqual(1000);
  expect(slowest).toBeLessThan(5000);
  expect(codes.get(1)).toBeGreaterThan(0);
}, 120_000);
