/**
 * Errors of the deploy layer: kubectl missing or too old, and objects the cluster refused.
 */
import { ShipshapeError } from '../errors';

/** kubectl cannot be found, is too old, or could not reach the cluster. */
export class KubectlError extends ShipshapeError {}

/** One object the API server refused, with where it came from. */
export interface RejectedObject {
  /** `Kind namespace/name`, or `Kind name` for cluster-scoped objects. */
  readonly object: string;
  /** The file the object was read from, when known. */
  readonly file?: string;
  /** The server's reason, as kubectl reported it. */
  readonly reason: string;
}

/** The API server refused some objects; their ApplySets were not pruned. */
export class ApplyRejectedError extends ShipshapeError {
  /** The objects refused, in apply order. */
  readonly rejected: readonly RejectedObject[];

  constructor(rejected: readonly RejectedObject[], detail: string) {
    const lines = rejected.map((r) => `  - ${r.object}${r.file ? ` (${r.file})` : ''}: ${r.reason}`);
    const count = rejected.length === 1 ? '1 object was' : `${rejected.length} objects were`;
    super(
      rejected.length > 0
        ? `${count} not applied, and their ApplySets not pruned:\n${lines.join('\n')}`
        : `kubectl apply failed, and nothing was pruned:\n${detail}`,
    );
    this.rejected = rejected;
  }
}

/** Objects or ApplySet parents belong to another app (or environment): nothing was applied or pruned. */
export class ApplySetConflictError extends ShipshapeError {
  /** One line per object or parent that belongs to someone else. */
  readonly conflicts: readonly string[];

  constructor(conflicts: readonly string[], context: string) {
    const shown = conflicts.slice(0, 20).map((line) => `  - ${line}`);
    if (conflicts.length > shown.length) shown.push(`  - ... and ${conflicts.length - shown.length} more`);
    super(
      `refusing to apply (${context}):\n${shown.join('\n')}\n` +
        'shipshape never takes over or prunes what another app applied. Give the objects other names in one of the apps; ' +
        'or, if the other app is this same app under an earlier name, apply with --app-name set to that name.',
    );
    this.conflicts = conflicts;
  }
}

/**
 * The apply lock could not be taken (another run holds it, or the user may not manage Leases), or was
 * lost during the run: nothing further was applied or pruned.
 */
export class ApplyLockError extends ShipshapeError {}
