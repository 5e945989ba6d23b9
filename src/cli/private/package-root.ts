/** Where shipshape is installed, whether this code runs from lib/src/cli/private or bundled in lib/shipshape.js. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** What shipshape's own package.json holds that the command line reads. */
export interface ShipshapeManifest {
  readonly name?: string;
  readonly version?: string;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly devDependencies?: Readonly<Record<string, string>>;
}

let root: string | undefined;
let manifest: ShipshapeManifest | undefined;

/** The folder of shipshape's package.json, found by walking up from this file. */
export function packageRoot(): string {
  if (root !== undefined) return root;
  for (let folder = __dirname; ; folder = dirname(folder)) {
    const file = join(folder, 'package.json');
    if (existsSync(file)) {
      const parsed = JSON.parse(readFileSync(file, 'utf8')) as ShipshapeManifest;
      if (parsed.name === 'shipshape') {
        manifest = parsed;
        return (root = folder);
      }
    }
    if (dirname(folder) === folder) return (root = join(__dirname, '..', '..', '..', '..'));
  }
}

/** shipshape's own package.json, read once. */
export function packageManifest(): ShipshapeManifest {
  manifest ??= JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as ShipshapeManifest;
  return manifest;
}
