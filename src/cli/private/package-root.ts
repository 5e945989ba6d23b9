/** Where shipshape is installed, whether this code runs from lib/src/cli/private or bundled in lib/shipshape.js. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

let root: string | undefined;

/** The folder of shipshape's package.json, found by walking up from this file. */
export function packageRoot(): string {
  if (root !== undefined) return root;
  for (let folder = __dirname; ; folder = dirname(folder)) {
    const manifest = join(folder, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'shipshape') return (root = folder);
    if (dirname(folder) === folder) return (root = join(__dirname, '..', '..', '..', '..'));
  }
}
