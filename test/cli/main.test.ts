/** The command line's entry: the version and the help, from the built package as users run it. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, runCli } from '../helpers/cli';

describe('shipshape (the built command line)', () => {
  test('--version prints the version of the package.json it was installed with', () => {
    const { version } = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string };
    const result = runCli(['--version']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(`${version}\n`);
    expect(result.code).toBe(0);
  });

  test('an unknown command names the commands there are and exits 2', () => {
    const result = runCli(['sinth']);
    expect(result.stderr).toMatch(/unknown command 'sinth'. Commands: init, synth, validate/);
    expect(result.code).toBe(2);
  });
});
