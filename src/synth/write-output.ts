/**
 * Replaces the output folder as a whole: files are written to a fresh sibling folder, which then takes the
 * old folder's place by rename. On any error before that, the old folder is untouched.
 */
import { chmodSync, existsSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
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
  const hadOutput = existsSync(target);
  const staging = mkdtempSync(join(parent, `.${basename(target)}.next-`));
  try {
    // mkdtemp makes the folder owner-only; the output folder is meant to be readable like any checkout.
    chmodSync(staging, 0o755);
    const folders = new Set<string>([staging]);
    for (const file of files) {
      const segments = file.path.split('/');
      const path = join(staging, ...segments);
      const folder = dirname(path);
      if (!folders.has(folder)) {
        mkdirSync(folder, { recursive: true });
        folders.add(folder);
      }
      const mode = file.private ? 0o600 : 0o644;
      const bytes = Buffer.from(file.content, 'utf8');
      if (!(hadOutput && linkUnchanged(join(target, ...segments), path, bytes, mode))) writeFileSync(path, bytes, { mode });
    }
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  const retired = `${staging}.old`;
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

/**
 * Re-synthesizing mostly produces the files that are already there, and creating a file costs the kernel far
 * more than linking one (on a busy ext4 disk, 10-20x). So a previous file with the same bytes and mode, linked
 * nowhere else, is hard-linked into the new folder instead of being written again; its old folder entry goes
 * away with the old folder, so afterwards it is an ordinary file again. Returns whether it linked.
 */
function linkUnchanged(previous: string, path: string, bytes: Buffer, mode: number): boolean {
  try {
    const stat = lstatSync(previous, { throwIfNoEntry: false });
    if (stat === undefined || !stat.isFile() || stat.nlink !== 1 || stat.size !== bytes.length || (stat.mode & 0o7777) !== mode) return false;
    if (!readFileSync(previous).equals(bytes)) return false;
    linkSync(previous, path);
    return true;
  } catch {
    // Unreadable, or a file system without hard links: write the file instead.
    return false;
  }
}
