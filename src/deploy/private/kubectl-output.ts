/**
 * Reading and writing what kubectl consumes and prints; module-private to the deploy layer.
 */
import { KubeObject } from '../../manifest/kube-object';

/** One line of `kubectl apply` output: `deployment.apps/web serverside-applied`. */
export interface ApplyLine {
  readonly resource: string;
  readonly name: string;
  readonly action: 'applied' | 'pruned';
}

const APPLY_LINE = /^([\w.-]+)\/(\S+) (serverside-applied|created|configured|unchanged|pruned)( \(server dry run\))?$/;

/** Parses one output line; undefined for anything else (warnings, blank lines). */
export function parseApplyLine(line: string): ApplyLine | undefined {
  const match = APPLY_LINE.exec(line.trim());
  if (match === null) return undefined;
  return { resource: match[1] ?? '', name: match[2] ?? '', action: match[3] === 'pruned' ? 'pruned' : 'applied' };
}

/**
 * Objects as a stream for `kubectl -f -`: one JSON document per line. kubectl reads a stream that
 * starts with `{` as a sequence of JSON values (a `---` separator would be a syntax error there),
 * and JSON keeps every value exactly as synthesized, with no YAML type guessing.
 */
export function toStream(objects: readonly KubeObject[]): string {
  return objects.map((object) => `${JSON.stringify(object)}\n`).join('');
}
