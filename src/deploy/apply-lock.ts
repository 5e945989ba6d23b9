/**
 * The apply lock: Kubernetes Leases (coordination.k8s.io/v1) held for the whole of one `shipshape apply`,
 * so that two runs never interleave their ownership checks, applies and prunes.
 *
 * Design. The API server is the only thing every run shares, so the lock lives there, the way
 * controllers and kube-scheduler coordinate: a Lease whose `holderIdentity` names the run, with
 * `leaseDurationSeconds` and `renewTime`, renewed while the run lasts and deleted at its end. All
 * Leases live in Namespace `default` (where the ApplySet parent of cluster-scoped objects lives too),
 * because the Namespaces an app writes to may not exist yet when it starts. One run takes:
 *
 * - the run lease, named after the app's ApplySets (`shipshape-<app>-<environment>-<hash>`): two runs of
 *   one app and environment (two CI jobs, one of an older commit) exclude each other, whatever objects
 *   they synthesize; it is held through the check, apply, prune and `--wait`;
 * - a scope lease per Namespace the run writes to, or creates, and per other cluster-scoped object,
 *   shared by every app: two apps that claim the same object necessarily share its scope, so their
 *   ownership checks and applies cannot interleave. The ownership check runs after every lease is
 *   taken, so it sees what the other app finished applying, and refuses it. Scope leases are given
 *   back before `--wait` (a rollout changes no ownership), so an app waiting for its rollout never
 *   blocks another app's apply in the same Namespace.
 *
 * Why not a per-object precondition instead: server-side apply accepts `metadata.resourceVersion` as a
 * precondition, but controllers bump it on every status change, so applies would fail spuriously, and
 * there is no precondition for "does not exist yet" when both apps create the object. Both apps use
 * the field manager `shipshape`, so server-side apply's conflict detection does not help either.
 *
 * Atomicity. Taking a free lease is a `create`, which fails with AlreadyExists when it is held. Taking
 * over an expired one is a `replace` carrying the `resourceVersion` read, which fails with Conflict when
 * someone else wrote it in between: of two takers, exactly one wins. Renewals carry the resourceVersion
 * too, so a run whose lease was taken over (it expired, or `--force-unlock`) finds out at its next
 * renewal and stops before its next change. Release is a delete with a resourceVersion precondition,
 * so it never deletes a lease someone else has taken since. A run takes its leases one at a time in a
 * fixed order (its run lease, then scopes by name) and all or none: at the first one held by another
 * run it gives back those it took and retries (with `--lock-timeout`) or fails. The fixed order makes
 * the first lease two runs contend for decide between them (exactly one proceeds), and giving back
 * means no two runs ever wait on each other in a cycle.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { describeValue } from '../errors';
import { Manifest } from '../manifest/kube-object';
import { ApplySetIdentity, hashedName, namespaceOf, parentNames } from './applyset';
import { groupOf } from '../manifest/apply-order';
import { compareText } from '../manifest/compare-text';
import { ApplyLockError, KubectlError } from './errors';
import { firstLine, Kubectl } from './kubectl';

/** The Namespace that holds every apply lock Lease. */
export const LOCK_NAMESPACE = 'default';
/** How long a lease stays valid after its last renewal: a crashed run's lock expires after this. */
export const LEASE_DURATION_SECONDS = 60;
/** Label on every apply lock Lease (`kubectl get leases -n default -l shipshape.io/apply-lock`). */
export const LOCK_LABEL = 'shipshape.io/apply-lock';
/** Annotation on a Lease saying what it guards, for people reading it. */
export const SCOPE_ANNOTATION = 'shipshape.io/lock-scope';

/** How often a held lease is renewed: three chances before it expires. */
const RENEW_INTERVAL_MS = (LEASE_DURATION_SECONDS * 1000) / 3;
const LEASE_RESOURCE = 'leases.coordination.k8s.io';

/** One Lease a run takes, and what it guards. */
export interface LockScope {
  /** The Lease name (in LOCK_NAMESPACE). */
  readonly lease: string;
  /** What it guards, for messages: `app "shop", environment "dev"`, `Namespace shop-dev`, `ClusterRole reader`. */
  readonly description: string;
}

/** A Lease as read from the cluster. */
export interface LeaseRecord {
  readonly name: string;
  readonly resourceVersion: string;
  readonly holder?: string;
  readonly scope?: string;
  /** Milliseconds since the epoch. */
  readonly acquireTime?: number;
  /** Milliseconds since the epoch. */
  readonly renewTime?: number;
  readonly durationSeconds?: number;
  readonly transitions: number;
  /**
   * When the API server stored the holder's last renewal (or its taking), by the server's own clock, in whole
   * seconds: the time of the managed-fields entry that owns `spec.renewTime` (or `spec.acquireTime`).
   */
  readonly writtenAt?: number;
  /** When this lease expires unless renewed, by this machine's clock, as judged when it was read (see expiresIn). */
  readonly expiresAtMs?: number;
}

function scopeLease(key: string, text: string): string {
  return hashedName('shipshape-lock', [text], key);
}

/**
 * The leases one apply of an app's environment takes: the run lease first, then one per Namespace
 * written to or created, and one per other cluster-scoped object, sorted by name.
 */
export function lockScopes(identity: ApplySetIdentity, manifests: readonly Manifest[]): LockScope[] {
  const scopes = new Map<string, LockScope>();
  for (const manifest of manifests) {
    const { object } = manifest;
    const namespace = object.kind === 'Namespace' && object.apiVersion === 'v1' ? object.metadata.name ?? '' : namespaceOf(manifest);
    if (namespace !== undefined) {
      const key = `namespace\n${namespace}`;
      scopes.set(key, { lease: scopeLease(key, `ns-${namespace}`), description: `Namespace ${namespace}` });
      continue;
    }
    const group = groupOf(object.apiVersion);
    const name = object.metadata.name ?? '';
    const key = `cluster\n${group}\n${object.kind}\n${name}`;
    scopes.set(key, { lease: scopeLease(key, `${object.kind}-${name}`), description: `${object.kind} ${name}` });
  }
  const run: LockScope = {
    lease: parentNames(identity).namespaced,
    description: `app ${describeValue(identity.app)}, environment ${describeValue(identity.environment)}`,
  };
  return [run, ...[...scopes.values()].sort((a, b) => compareText(a.lease, b.lease))];
}

/** Who holds a lock: unique per run, readable in `kubectl get leases` (its HOLDER column). */
export function holderIdentity(identity: ApplySetIdentity, host: string, pid: number, runId: string): string {
  return `shipshape apply of ${identity.app} (${identity.environment}) on ${host}, pid ${pid}, run ${runId}`;
}

/** A Lease MicroTime (RFC 3339 with six fractional digits, as the API server writes it). */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** The Lease object that takes (previous undefined), takes over or renews a scope. */
export function leaseObject(scope: LockScope, holder: string, nowMs: number, previous?: LeaseRecord, acquiredMs?: number): object {
  const takingOver = previous !== undefined && previous.holder !== holder;
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: {
      name: scope.lease,
      namespace: LOCK_NAMESPACE,
      labels: { [LOCK_LABEL]: 'true', 'app.kubernetes.io/managed-by': 'shipshape' },
      annotations: { [SCOPE_ANNOTATION]: scope.description },
      ...(previous === undefined ? {} : { resourceVersion: previous.resourceVersion }),
    },
    spec: {
      holderIdentity: holder,
      leaseDurationSeconds: LEASE_DURATION_SECONDS,
      acquireTime: microTime(acquiredMs ?? nowMs),
      renewTime: microTime(nowMs),
      leaseTransitions: (previous?.transitions ?? 0) + (takingOver ? 1 : 0),
    },
  };
}

interface ManagedFieldsEntry {
  readonly time?: string;
  readonly fieldsV1?: { readonly 'f:spec'?: Record<string, unknown> };
}

interface LeaseJson {
  readonly kind?: string;
  readonly items?: LeaseJson[];
  readonly metadata?: {
    readonly name?: string;
    readonly resourceVersion?: string;
    readonly annotations?: Record<string, string>;
    readonly managedFields?: readonly ManagedFieldsEntry[];
  };
  readonly spec?: {
    readonly holderIdentity?: string;
    readonly acquireTime?: string;
    readonly renewTime?: string;
    readonly leaseDurationSeconds?: number;
    readonly leaseTransitions?: number;
  };
}

function parseTime(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * When the server stored a lease's last renewal: the time of the managed-fields entry that owns
 * `spec.renewTime` (every renewal changes it, and the server stamps the entry of a changed field), or of the
 * one owning `spec.acquireTime` for a lease never renewed. Labels or annotations written by others move
 * other entries' times, not these.
 */
function writtenAtOf(entries: readonly ManagedFieldsEntry[] | undefined): number | undefined {
  if (entries === undefined) return undefined;
  for (const field of ['f:renewTime', 'f:acquireTime']) {
    const times = entries.filter((entry) => entry.fieldsV1?.['f:spec']?.[field] !== undefined).map((entry) => parseTime(entry.time));
    const known = times.filter((time): time is number => time !== undefined);
    if (known.length > 0) return Math.max(...known);
  }
  return undefined;
}

/** The Leases of `kubectl get -o json --show-managed-fields` output (one object or a List). */
export function parseLeases(json: string): LeaseRecord[] {
  if (json.trim() === '') return [];
  const parsed = JSON.parse(json) as LeaseJson;
  const items = Array.isArray(parsed.items) ? parsed.items : [parsed];
  return items.map((item) => {
    const holder = item.spec?.holderIdentity;
    const scope = item.metadata?.annotations?.[SCOPE_ANNOTATION];
    const acquireTime = parseTime(item.spec?.acquireTime);
    const renewTime = parseTime(item.spec?.renewTime);
    const durationSeconds = item.spec?.leaseDurationSeconds;
    const writtenAt = writtenAtOf(item.metadata?.managedFields);
    return {
      name: item.metadata?.name ?? '',
      resourceVersion: item.metadata?.resourceVersion ?? '',
      transitions: item.spec?.leaseTransitions ?? 0,
      ...(holder === undefined || holder === '' ? {} : { holder }),
      ...(scope === undefined ? {} : { scope }),
      ...(acquireTime === undefined ? {} : { acquireTime }),
      ...(renewTime === undefined ? {} : { renewTime }),
      ...(durationSeconds === undefined ? {} : { durationSeconds }),
      ...(writtenAt === undefined ? {} : { writtenAt }),
    };
  });
}

/** The clocks a lease is judged by: this machine's, and the API server's when it was asked. */
export interface Clocks {
  /** Milliseconds since the epoch by this machine's clock. */
  readonly localMs: number;
  /** Milliseconds since the epoch by the API server's clock (whole seconds), read just now. */
  readonly serverMs?: number;
}

/**
 * How long until a lease may be taken over, in milliseconds (0 or less: now; -Infinity when it has no holder,
 * or no times or duration, so no valid claim). A lease expires its duration after the holder's last renewal.
 *
 * The renewal is timed by the API server's clock when both its stored time (`writtenAt`) and the server's
 * time now are known: the holder writes `renewTime` by its own clock, and a holder whose clock is behind
 * would otherwise look expired to everyone while it runs (or one whose clock is ahead, alive long after it
 * died). Both server times are whole seconds, so one second is added: a live lease is never judged expired.
 * Otherwise the holder's own times are compared with this machine's clock.
 */
export function expiresIn(lease: LeaseRecord, clocks: Clocks): number {
  if (lease.holder === undefined || lease.durationSeconds === undefined) return -Infinity;
  if (lease.writtenAt !== undefined && clocks.serverMs !== undefined) {
    return lease.writtenAt + lease.durationSeconds * 1000 + 1000 - clocks.serverMs;
  }
  const last = lease.renewTime ?? lease.acquireTime;
  return last === undefined ? -Infinity : last + lease.durationSeconds * 1000 - clocks.localMs;
}

/** Whether a lease may be taken over: it has no holder, or its holder has not renewed it within its duration (see expiresIn). */
export function isExpired(lease: LeaseRecord, clocks: Clocks): boolean {
  return expiresIn(lease, clocks) <= 0;
}

/** When a lease expires unless renewed, by this machine's clock; undefined without a valid claim. */
function expiresAt(lease: LeaseRecord): number | undefined {
  if (lease.expiresAtMs !== undefined) return lease.expiresAtMs;
  const last = lease.renewTime ?? lease.acquireTime;
  return last === undefined || lease.durationSeconds === undefined ? undefined : last + lease.durationSeconds * 1000;
}

function ago(ms: number | undefined, nowMs: number): string {
  if (ms === undefined) return 'at an unknown time';
  const seconds = Math.round((nowMs - ms) / 1000);
  return `${new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z')} (${seconds >= 0 ? `${seconds} s ago` : `in ${-seconds} s`})`;
}

/** The message of a run that found its lock held: who holds what since when, and the ways out. */
export function formatHeld(held: readonly LeaseRecord[], nowMs: number, waitedMs: number): string {
  const lines = held.map((lease) => {
    return `  - ${lease.scope ?? lease.name} (Lease ${LOCK_NAMESPACE}/${lease.name}): held by ${describeValue(lease.holder ?? '')}, ` +
      `taken ${ago(lease.acquireTime, nowMs)}, renewed ${ago(lease.renewTime, nowMs)}, expires ${ago(expiresAt(lease), nowMs)} unless renewed`;
  });
  const waited = waitedMs > 0 ? ` (waited ${Math.round(waitedMs / 1000)} s)` : '';
  return `another apply is running${waited}, so nothing was applied or pruned:\n${lines.join('\n')}\n` +
    'Wait for it to finish, or run again with --lock-timeout 5m to wait for it. If that run is dead (its machine or ' +
    `process is gone), its lock expires by itself ${LEASE_DURATION_SECONDS} s after its last renewal; to break it now, ` +
    `run again with --force-unlock, or: kubectl delete lease --namespace=${LOCK_NAMESPACE} ${held.map((lease) => lease.name).join(' ')}`;
}

/** The message for a user who may not manage Leases, with the fix. */
export function permissionMessage(serverMessage: string): string {
  return `cannot take the apply lock: ${serverMessage}. shipshape apply needs create, get, update and delete on ` +
    `leases (coordination.k8s.io) in Namespace '${LOCK_NAMESPACE}'. Ask a cluster admin to grant it, e.g.: ` +
    `kubectl create role shipshape-apply-lock --namespace=${LOCK_NAMESPACE} --verb=create,get,update,delete ` +
    `--resource=leases.coordination.k8s.io && kubectl create rolebinding shipshape-apply-lock --namespace=${LOCK_NAMESPACE} ` +
    '--role=shipshape-apply-lock --user=<you> (or --serviceaccount=<namespace>:<name> for CI). Where that cannot be ' +
    'granted, run with --no-lock, which then does not prevent concurrent applies of the same app or Namespace';
}

/** What one kubectl create or replace of several Leases did, per Lease. */
export interface WriteOutcome {
  /** Lease name → its new resourceVersion. */
  readonly written: ReadonlyMap<string, string>;
  /** Lease name → the server's reason (`AlreadyExists`, `Conflict`, `NotFound`...). */
  readonly refused: ReadonlyMap<string, string>;
  /** The server's message when the user may not write Leases. */
  readonly forbidden?: string;
  /** Error lines that name no Lease. */
  readonly other: readonly string[];
}

/** Reads kubectl's `name resourceVersion` lines and its per-object error lines. */
export function parseWriteOutput(stdout: string, stderr: string): WriteOutcome {
  const written = new Map<string, string>();
  for (const line of stdout.split('\n')) {
    const [name, version] = line.trim().split(' ');
    if (name !== undefined && name !== '' && version !== undefined) written.set(name, version);
  }
  const refused = new Map<string, string>();
  const other: string[] = [];
  let forbidden: string | undefined;
  for (const line of stderr.split('\n').map((text) => text.trim()).filter((text) => text !== '' && !/^Warning:/.test(text))) {
    if (/\(Forbidden\)|is forbidden/.test(line)) {
      forbidden ??= line.replace(/^Error from server \(Forbidden\): (error when \w+ "STDIN": )?/, '');
      continue;
    }
    const match = /^Error from server \((\w+)\):.*leases\.coordination\.k8s\.io "([^"]+)"/.exec(line);
    if (match?.[1] !== undefined && match[2] !== undefined) refused.set(match[2], match[1]);
    else other.push(line);
  }
  return { written, refused, other, ...(forbidden === undefined ? {} : { forbidden }) };
}

/** How to take the lock. */
export interface AcquireOptions {
  readonly identity: ApplySetIdentity;
  /** The leases to take, from lockScopes(). */
  readonly scopes: readonly LockScope[];
  /**
   * How long to wait for leases held by another run; 0 fails at once.
   * @default 0
   */
  readonly timeoutMs?: number;
  /**
   * Take over leases held by others even when they have not expired (their holder is known dead).
   * @default false
   */
  readonly force?: boolean;
  /** Called once when the lock is held and this run waits for it, and for each lease broken by force. */
  readonly onNotice?: (message: string) => void;
  /**
   * How often the held leases are renewed (shorter only in tests; it must stay well below the duration).
   * @default - a third of LEASE_DURATION_SECONDS (20 s)
   */
  readonly renewIntervalMs?: number;
  /**
   * Stops taking the lock (SIGINT/SIGTERM): what was taken is given back and acquire throws.
   * @default - never stopped
   */
  readonly signal?: AbortSignal;
}

interface HeldLease {
  readonly scope: LockScope;
  resourceVersion: string;
  readonly acquiredMs: number;
  transitions: number;
}

/** Sleeps, or less when the signal aborts. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done);
  });
}

/** A lease held by another run, named by what this run needs it for, with its expiry by this machine's clock. */
function judged(lease: LeaseRecord, scope: LockScope, clocks: Clocks): LeaseRecord {
  const remaining = expiresIn(lease, clocks);
  return { ...lease, scope: scope.description, ...(Number.isFinite(remaining) ? { expiresAtMs: clocks.localMs + remaining } : {}) };
}

/** The leases one apply holds; renewed in the background until released. */
export class ApplyLock {
  /**
   * Takes every lease of the scopes, or none: when some are held by another run (and not expired),
   * gives back those it took and retries until the timeout, then throws ApplyLockError naming the
   * holders. Throws ApplyLockError with the fix when the user may not manage Leases.
   */
  static async acquire(kubectl: Kubectl, options: AcquireOptions): Promise<ApplyLock> {
    const lock = new ApplyLock(kubectl, holderIdentity(options.identity, hostname(), process.pid, randomBytes(4).toString('hex')), options);
    const timeoutMs = options.timeoutMs ?? 0;
    const start = Date.now();
    let noticed = false;
    for (;;) {
      let busy: LeaseRecord | undefined;
      try {
        busy = await lock.#tryAcquire(options.scopes);
      } catch (error) {
        // Whatever failed (no permission, kubectl, the server), what this attempt took is given back.
        await lock.#giveBack();
        throw error;
      }
      if (options.signal?.aborted === true) {
        await lock.#giveBack();
        throw new ApplyLockError('stopped while taking the apply lock: nothing was applied or pruned');
      }
      if (busy === undefined) {
        lock.#startRenewing();
        return lock;
      }
      const waited = Date.now() - start;
      if (waited >= timeoutMs) throw new ApplyLockError(formatHeld([busy], Date.now(), timeoutMs > 0 ? waited : 0));
      if (!noticed) {
        options.onNotice?.(`waiting up to ${Math.round(timeoutMs / 1000)} s for the lock: ${busy.scope ?? busy.name} is held by ${describeValue(busy.holder ?? '')}`);
        noticed = true;
      }
      await sleep(Math.min(1000 + Math.random() * 1000, timeoutMs - waited), options.signal);
    }
  }

  /** This run's holderIdentity. */
  readonly holder: string;
  readonly #kubectl: Kubectl;
  readonly #options: AcquireOptions;
  readonly #held = new Map<string, HeldLease>();
  #timer: NodeJS.Timeout | undefined;
  #renewing: Promise<void> = Promise.resolve();
  /** When the held leases were last renewed (or taken), by a monotonic clock (performance.now), immune to clock steps. */
  #lastRenewMs = performance.now();
  #lost: string | undefined;
  #released: Promise<void> | undefined;
  #localClockNoticed = false;

  private constructor(kubectl: Kubectl, holder: string, options: AcquireOptions) {
    this.#kubectl = kubectl;
    this.holder = holder;
    this.#options = options;
  }

  /** Throws ApplyLockError when a lease was lost (taken over, deleted, or not renewed in time): stop changing things. */
  check(): void {
    if (this.#lost === undefined && this.#held.size > 0 && performance.now() - this.#lastRenewMs >= LEASE_DURATION_SECONDS * 1000) {
      this.#lost = `it was not renewed for ${LEASE_DURATION_SECONDS} s (the cluster did not answer), so another run may have taken it`;
    }
    if (this.#lost !== undefined) {
      throw new ApplyLockError(`the apply lock was lost: ${this.#lost}. This run stopped before its next change; apply again once the other run is done.`);
    }
  }

  /** Gives back every lease but the run lease (the first scope): what follows (`--wait`) changes no ownership. */
  async releaseScopes(): Promise<void> {
    const run = this.#options.scopes[0]?.lease;
    await this.#renewing;
    await this.#delete([...this.#held.keys()].filter((name) => name !== run));
  }

  /** Stops renewing and deletes every lease still held (only if still ours); safe to call more than once. */
  release(): Promise<void> {
    this.#released ??= (async () => {
      if (this.#timer !== undefined) clearInterval(this.#timer);
      await this.#renewing;
      await this.#delete([...this.#held.keys()]);
    })();
    return this.#released;
  }

  /**
   * One attempt: takes the leases one by one, in the order given (the run lease, then scopes by name),
   * and stops at the first held by another run, giving back those taken; returns that lease (undefined when
   * every lease was taken, or the signal stopped the attempt, which acquire then sees). The fixed
   * order makes the first lease two runs contend for decide between them, so exactly one proceeds:
   * taking several in one request could leave each run with a lease the other needs, and both fail.
   */
  async #tryAcquire(scopes: readonly LockScope[]): Promise<LeaseRecord | undefined> {
    for (const scope of scopes) {
      if (this.#options.signal?.aborted === true) return undefined;
      const busy = await this.#takeOne(scope);
      if (busy !== undefined) {
        await this.#giveBack();
        return busy;
      }
    }
    return undefined;
  }

  /** Creates the lease, or takes it over when expired (or forced); returns it when another run holds it. */
  async #takeOne(scope: LockScope): Promise<LeaseRecord | undefined> {
    // A lease deleted between our create and our read is free again: try again at once.
    for (let attempt = 0; ; attempt++) {
      const nowMs = Date.now();
      const created = await this.#write('create', [leaseObject(scope, this.holder, nowMs)]);
      const version = created.written.get(scope.lease);
      if (version !== undefined) {
        this.#held.set(scope.lease, { scope, resourceVersion: version, acquiredMs: nowMs, transitions: 0 });
        return undefined;
      }
      if (created.refused.get(scope.lease) !== 'AlreadyExists') {
        throw new KubectlError(`cannot take the apply lock (Lease ${LOCK_NAMESPACE}/${scope.lease}): ${created.other[0] ?? created.refused.get(scope.lease) ?? 'kubectl create failed'}`);
      }
      const lease = await this.#read(scope.lease);
      const readAt = Date.now();
      if (lease === undefined) {
        if (attempt < 3) continue;
        return { name: scope.lease, resourceVersion: '', transitions: 0, scope: scope.description, holder: '(released and taken again repeatedly)' };
      }
      const serverMs = lease.holder === undefined || lease.writtenAt === undefined ? undefined : await this.#serverNow();
      const clocks = { localMs: readAt, ...(serverMs === undefined ? {} : { serverMs }) };
      const remaining = expiresIn(lease, clocks);
      // Named by what this run needs it for, whatever its annotation says.
      if (this.#options.force !== true && remaining > 0) return judged(lease, scope, clocks);
      const takeover = await this.#write('replace', [leaseObject(scope, this.holder, readAt, lease)]);
      const taken = takeover.written.get(scope.lease);
      if (taken !== undefined) {
        this.#held.set(scope.lease, { scope, resourceVersion: taken, acquiredMs: readAt, transitions: lease.transitions + 1 });
        if (remaining > 0) {
          this.#options.onNotice?.(`--force-unlock: took ${scope.description} (Lease ${LOCK_NAMESPACE}/${lease.name}) from ${describeValue(lease.holder ?? '')}`);
        }
        return undefined;
      }
      // Conflict: another run took it over between our read and our write, or (when forcing a live lease) its
      // holder renewed it meanwhile, which forcing must outlast; NotFound: it was just released.
      const reason = takeover.refused.get(scope.lease);
      if (reason === 'NotFound' && attempt < 3) continue;
      if (reason === 'Conflict' && this.#options.force === true && attempt < 10) continue;
      const winner = await this.#read(scope.lease);
      return judged(winner ?? lease, scope, clocks);
    }
  }

  async #giveBack(): Promise<void> {
    await this.#delete([...this.#held.keys()]);
  }

  #startRenewing(): void {
    this.#lastRenewMs = performance.now();
    this.#timer = setInterval(() => {
      this.#renewing = this.#renewing.then(() => this.#renew());
    }, this.#options.renewIntervalMs ?? RENEW_INTERVAL_MS);
    this.#timer.unref();
  }

  async #renew(): Promise<void> {
    if (this.#held.size === 0 || this.#lost !== undefined || this.#released !== undefined) return;
    const nowMs = Date.now();
    const sentAt = performance.now();
    const leases = [...this.#held.values()];
    let outcome: WriteOutcome;
    try {
      outcome = await this.#write('replace', leases.map((held) => leaseObject(
        held.scope, this.holder, nowMs, { name: held.scope.lease, resourceVersion: held.resourceVersion, holder: this.holder, transitions: held.transitions }, held.acquiredMs,
      )));
    } catch {
      // The cluster did not answer: check() declares the lock lost once the lease may have expired.
      return;
    }
    for (const held of leases) {
      const version = outcome.written.get(held.scope.lease);
      if (version !== undefined) {
        held.resourceVersion = version;
        continue;
      }
      const reason = outcome.refused.get(held.scope.lease);
      if (reason === 'Conflict' || reason === 'NotFound') {
        this.#held.delete(held.scope.lease);
        this.#lost ??= `${held.scope.description} (Lease ${LOCK_NAMESPACE}/${held.scope.lease}) was ${reason === 'Conflict' ? 'taken over' : 'deleted'} by someone else`;
      }
    }
    if (outcome.written.size === leases.length) this.#lastRenewMs = sentAt;
  }

  /** Creates or replaces Leases in one kubectl call (one when taking a lease, every held one when renewing). */
  async #write(verb: 'create' | 'replace', leases: readonly object[]): Promise<WriteOutcome> {
    const input = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: leases });
    const result = await this.#kubectl.run(
      [verb, `--namespace=${LOCK_NAMESPACE}`, '--filename=-', '--output=jsonpath={.metadata.name} {.metadata.resourceVersion}{"\\n"}'],
      { input },
    );
    const outcome = parseWriteOutput(result.stdout, result.stderr);
    if (outcome.forbidden !== undefined) throw new ApplyLockError(permissionMessage(outcome.forbidden));
    return outcome;
  }

  /** The lease of that name, or undefined when there is none. */
  async #read(name: string): Promise<LeaseRecord | undefined> {
    const result = await this.#kubectl.run(['get', LEASE_RESOURCE, name, `--namespace=${LOCK_NAMESPACE}`, '--ignore-not-found', '--output=json', '--show-managed-fields']);
    if (result.code !== 0) {
      if (/\(Forbidden\)|is forbidden/.test(result.stderr)) throw new ApplyLockError(permissionMessage(firstLine(result.stderr).replace(/^Error from server \(Forbidden\): /, '')));
      throw new KubectlError(`cannot read the apply lock Leases ${name}: ${firstLine(result.stderr)}`);
    }
    return parseLeases(result.stdout)[0];
  }

  /**
   * The API server's time now, in whole seconds: the creationTimestamp it gives a Lease it is asked to create
   * in a dry run (nothing is stored; labelled like the lock's own Leases, for admission policies that look).
   * Needs only the create permission the lock needs anyway. When the server will not say (a webhook refuses the
   * probe), leases are judged by this machine's clock, as the notice says once.
   */
  async #serverNow(): Promise<number | undefined> {
    const probe = {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { generateName: 'shipshape-clock-', namespace: LOCK_NAMESPACE, labels: { [LOCK_LABEL]: 'true', 'app.kubernetes.io/managed-by': 'shipshape' } },
    };
    const result = await this.#kubectl.run(
      ['create', '--dry-run=server', `--namespace=${LOCK_NAMESPACE}`, '--filename=-', '--output=jsonpath={.metadata.creationTimestamp}'],
      { input: JSON.stringify(probe) },
    );
    const serverMs = result.code === 0 ? parseTime(result.stdout.trim()) : undefined;
    if (serverMs !== undefined) return serverMs;
    if (/\(Forbidden\)|is forbidden/.test(result.stderr)) throw new ApplyLockError(permissionMessage(firstLine(result.stderr).replace(/^Error from server \(Forbidden\): (error when creating "STDIN": )?/, '')));
    if (!this.#localClockNoticed) {
      this.#localClockNoticed = true;
      this.#options.onNotice?.(`cannot read the API server's time (${result.code === 0 ? 'no creationTimestamp' : firstLine(result.stderr)}): leases held by other runs are judged by this machine's clock`);
    }
    return undefined;
  }

  /** Deletes leases only if they are still ours: a delete with a resourceVersion precondition. */
  async #delete(names: readonly string[]): Promise<void> {
    await Promise.all(names.map(async (name) => {
      const held = this.#held.get(name);
      this.#held.delete(name);
      if (held === undefined) return;
      const body = JSON.stringify({ apiVersion: 'v1', kind: 'DeleteOptions', preconditions: { resourceVersion: held.resourceVersion } });
      const path = `/apis/coordination.k8s.io/v1/namespaces/${LOCK_NAMESPACE}/leases/${name}`;
      try {
        await this.#kubectl.run(['delete', `--raw=${path}`, '--filename=-'], { input: body });
      } catch {
        // The cluster did not answer: the lease expires by itself.
      }
    }));
  }
}
