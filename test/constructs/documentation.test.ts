/** Every optional prop of the public constructs documents its default, and every export says what it is for. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const CONSTRUCTS = join(__dirname, '..', '..', 'src', 'constructs');
// Every public construct file, in its concern folder (private/ holds no public API).
const files = (readdirSync(CONSTRUCTS, { recursive: true }) as string[])
  .filter((name) => name.endsWith('.ts') && name !== 'index.ts' && !name.startsWith('private'))
  .sort();

/** The doc comment right above line `index`, or undefined. */
function docAbove(lines: readonly string[], index: number): string | undefined {
  let end = index - 1;
  while (end >= 0 && lines[end]!.trim() === '') end -= 1;
  if (end < 0 || !lines[end]!.trim().endsWith('*/')) return undefined;
  let start = end;
  while (start >= 0 && !lines[start]!.includes('/**')) start -= 1;
  return start < 0 ? undefined : lines.slice(start, end + 1).join('\n');
}

describe.each(files)('%s', (file) => {
  const lines = readFileSync(join(CONSTRUCTS, file), 'utf8').split('\n');

  test('every optional prop has a @default', () => {
    const missing = lines
      .map((line, index) => ({ line, index }))
      .filter(({ line }) => /^\s+readonly \w+\?:/.test(line))
      .filter(({ index }) => !/@default/.test(docAbove(lines, index) ?? ''))
      .map(({ line, index }) => `${file}:${index + 1} ${line.trim()}`);
    expect(missing).toEqual([]);
  });

  test('every exported symbol has a doc comment', () => {
    const missing = lines
      .map((line, index) => ({ line, index }))
      .filter(({ line }) => /^export (abstract )?(class|interface|enum|function|const|type) /.test(line))
      .filter(({ index }) => docAbove(lines, index) === undefined)
      .map(({ line, index }) => `${file}:${index + 1} ${line.trim()}`);
    expect(missing).toEqual([]);
  });
});
