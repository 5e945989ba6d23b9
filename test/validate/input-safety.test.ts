/**
 * `shipshape validate` reads only regular files, each real path once, and bounds the work per input: link
 * loops, pipes, devices, huge document counts, alias expansion and invalid UTF-8 never hang, grow or crash it.
 * Cases that would hang a process run the compiled CLI in a child process with a time limit.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseManifestsFromYaml, validateYaml } from '../../src/validate';
import { CLI, tempDir } from '../helpers/cli';

const CONFIG_MAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: default\ndata:\n  greeting: hello\n';

/** Runs the compiled CLI with a time limit; a run that hits it has `code` null. */
function validate(args: readonly string[], options: { cwd?: string; input?: string | Buffer; timeoutMs?: number } = {}): { code: number | null; stdout: string; stderr: string; ms: number } {
  const started = Date.now();
  const result = spawnSync(process.execPath, [CLI, 'validate', ...args], { cwd: options.cwd, input: options.input, encoding: 'utf8', timeout: options.timeoutMs ?? 30_000, maxBuffer: 256 * 1024 * 1024 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, ms: Date.now() - started };
}

describe('validate reads each real file once', () => {
  test('a folder with link loops and links to the same file reads that file once, with no false duplicates', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'app'));
    writeFileSync(join(dir, 'app', 'config.yaml'), CONFIG_MAP);
    symlinkSync(join(dir, 'app'), join(dir, 'app', 'loop'));
    symlinkSync(join(dir, 'app'), join(dir, 'app', 'again'));
    symlinkSync(join(dir, 'app', 'config.yaml'), join(dir, 'app', 'same.yaml'));
    const result = validate(['app', 'app/config.yaml', '--no-policies'], { cwd: dir });
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^1 resource found in 1 file - Valid: 1, Invalid: 0, Errors: 0, Skipped: 0$/m);
    expect(result.code).toBe(0);
  });
});

describe('validate opens only regular files', () => {
  test('a named pipe in a folder is refused, not read forever', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'config.yaml'), CONFIG_MAP);
    expect(spawnSync('mkfifo', [join(dir, 'pipe.yaml')]).status).toBe(0);
    const result = validate(['.'], { cwd: dir, timeoutMs: 20_000 });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('refusing pipe.yaml: it is a named pipe (FIFO); only regular files are read');
    expect(result.stdout).toMatch(/1 resource found in 1 file/);
  });

  test('a device such as /dev/zero is refused at once instead of read without end', () => {
    const result = validate(['/dev/zero'], { timeoutMs: 20_000 });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('refusing /dev/zero: it is a character device; only regular files are read');
  });
});

describe('validate bounds the work per input', () => {
  test('a file whose size the file system does not know (procfs says 0) is still read only up to the limit', () => {
    const result = validate(['/proc/self/maps', '--max-file-size', '0.001'], { timeoutMs: 20_000 });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('ERROR file/too-large');
    expect(result.stdout).toContain('the file has more than the 1048 bytes limit');
  });

  test('300,000 small documents neither overflow the stack nor are all read: the rest is one clear problem', () => {
    const text = 'a: 1\n---\n'.repeat(300_000);
    const report = validateYaml([{ file: 'many.yaml', text }]);
    expect(report.problems.filter((problem) => problem.ruleId === 'yaml/too-many-documents').map((problem) => problem.message)).toEqual([
      'the input has more than 100000 documents; the rest was not read',
    ]);
    const cli = validate(['-', '--no-policies'], { input: text, timeoutMs: 60_000 });
    expect(cli.code).toBe(1);
    expect(cli.stderr).not.toMatch(/RangeError|Maximum call stack/);
    expect(cli.stdout).toContain('the input has more than 100000 documents; the rest was not read');
  });

  test('alias expansion is bounded per input, not only per document', () => {
    // Each document expands to about 680,000 values: under the limit per document, over it per input at the third.
    const levels = ['l0: &l0 ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let level = 1; level < 5; level++) levels.push(`l${level}: &l${level} [${Array(10).fill(`*l${level - 1}`).join(',')}]`);
    const document = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: wide}\nx:\n  ${levels.join('\n  ')}\n  l5: [*l4, *l4, *l4, *l4, *l4]\n`;
    const result = parseManifestsFromYaml(Array(8).fill(document).join('---\n'), 'aliases.yaml');
    const complex = result.errors.filter((problem) => problem.ruleId === 'yaml/too-complex');
    expect(complex.length).toBeGreaterThanOrEqual(5);
    expect(complex[0]?.message).toBe("the input's documents together expand to more than 2000000 values through aliases");
    expect(complex[0]?.documentIndex).toBe(2);
  });
});

describe('validate refuses invalid UTF-8 instead of replacing it', () => {
  test('a file with an invalid byte is an error naming byte and line', () => {
    const dir = tempDir();
    const at = CONFIG_MAP.indexOf('hello') + 4;
    writeFileSync(join(dir, 'bad.yaml'), Buffer.concat([Buffer.from(CONFIG_MAP.slice(0, at)), Buffer.from([0xff]), Buffer.from(CONFIG_MAP.slice(at + 1))]));
    const result = validate(['bad.yaml'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('ERROR yaml/invalid-utf8');
    expect(result.stdout).toContain(`the input is not valid UTF-8: byte ${at} (line 7) is 0xff`);
  });

  test('standard input with invalid UTF-8 is refused the same way, and UTF-16 is named', () => {
    const result = validate(['-'], { input: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a\u0000')]) });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('the input is not valid UTF-8: byte 0 (line 1) is 0xff (the file looks like UTF-16)');
  });
});
