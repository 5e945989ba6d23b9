/**
 * Replaces the output folder as a whole: files are written to a fresh sibling folder, which then takes the
 * old folder's place by rename. On any error before that, the old folder is untouched.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/** One file to write. */
export interface OutputFile {
  /** Path relative to the output folder, with `/` separators. */
  readonly path: string;
  readonly content: string;
  /** Owner-only permissions (for files holding Secrets). */
  readonly private?: boolean;
}

/** Writes `files` into a new folder and swaps it in place of `outputDir`. */
export function replaceOutputFolder(outputDir: string, files: readonly OutputFile[]): void {
  const target = resolve(outputDir);
  const parent = dirname(target);
  mkdirSync(parent, { recursive: true });
  const staging = mkdtempSync(join(parent, `.${basename(target)}.next-`));
  try {
    // mkdtemp makes the folder owner-only; the output folder is meant to be readable like any checkout.
    chmodSync(staging, 0o755);
    for (const file of files) {
      const path = join(staging, ...file.path.split('/'));
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, file.content, { mode: file.private ? 0o600 : 0o644 });
    }
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  const retired = `${staging}.old`;
  const hadOutput = existsSync(target);
  if (hadOutput) renameSync(target, retired);
  try {
    renameSync(staging, target);
  } catch (error) {
    // Put the previous output back so that a failed swap leaves things as they were.
    if (hadOutput) renameSync(retired, target);
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  if (hadOutput) rmSync(retired, { recursive: true, force: true });
}
