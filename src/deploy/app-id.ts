/**
 * The app id that names an app's ApplySets, so that two apps with the same environment names never share
 * (and never prune) each other's objects. It is an explicit name (`--app-name`), or derived from the entry
 * file: the name of the package that holds it and the entry's path inside that package, e.g.
 * `shop/charts/main`. Synth records it in the output folder's marker; apply and diff read it from there.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, parse, relative, resolve } from 'node:path';
import { ShipshapeError } from '../errors';

/** The app id or name given is not usable. */
export class AppIdError extends ShipshapeError {}

/** Longest app id accepted (it is stored in an annotation and hashed into parent names). */
const MAX_APP_ID_LENGTH = 200;

/** Checks an explicit app name: printable, no spaces, at most 200 characters. */
export function checkAppName(name: string): string {
  if (!/^[A-Za-z0-9@][A-Za-z0-9._/@:-]*$/.test(name) || name.length > MAX_APP_ID_LENGTH) {
    throw new AppIdError(
      `--app-name: ${JSON.stringify(name.slice(0, 80))} is not a valid app name. Use letters, digits and . _ / @ : - ` +
        `(starting with a letter, digit or @), at most ${MAX_APP_ID_LENGTH} characters, e.g. --app-name shop.`,
    );
  }
  return name;
}

/** The app id of an entry file: `<package name>/<entry path in the package without extension>`. */
export function appIdFromEntry(entryFile: string): string {
  const entry = resolve(entryFile);
  let dir = dirname(entry);
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      let name: unknown;
      try {
        name = (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name;
      } catch {
        name = undefined;
      }
      const within = relative(dir, entry).split('\\').join('/').replace(/\.[cm]?[jt]s$/, '');
      const packageName = typeof name === 'string' && name !== '' ? name : parse(dir).base || 'app';
      return `${packageName}/${within}`.slice(0, MAX_APP_ID_LENGTH);
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  // No package: the entry's own path is the only stable thing there is.
  return entry.split('\\').join('/').replace(/\.[cm]?[jt]s$/, '').slice(-MAX_APP_ID_LENGTH);
}
