/**
 * The apply lock's lease logic that needs no cluster: which leases a run takes, how a Lease is written
 * and read, when one has expired, how kubectl's answers are read, and what a refused run is told. The
 * cluster behaviour (atomic takes, races, release on every path) is in test/cluster/apply-lock.test.ts.
 */
import { PassThrough, Readable } from 'node:stream';
import {
  expiresIn, formatHeld, holderIdentity, isExpired, LEASE_DURATION_SECONDS, leaseObject, LeaseRecord, lockScopes, microTime, parseLeases,
  parseWriteOutput, permissionMessage,
} from '../../src/deploy/apply-lock';
import { parentNames } from '../../src/deploy/applyset';
import { Manifest } from '../../src/manifest/kube-object';
import { main } from '../../src/cli/main';

const manifest = (apiVersion: string, kind: string, name: string, namespace?: string): Manifest => ({
  object: { apiVersion, kind, metadata: { name, ...(namespace === undefined ? {} : { namespace }) } },
});
const identity = { app: 'shop/charts/main', environment: 'prod' };
const NOW = Date.parse('2026-11-29T12:00:00Z');

describe('lockScopes', () => {
  const manifests = [
    manifest('v1', 'ConfigMap', 'web', 'shop-prod'),
    manifest('v1', 'Namespace', 'shop-prod'),
    manifest('apps/v1', 'Deployment', 'web', 'shop-prod'),
    manifest('v1', 'ConfigMap', 'cache', 'cache-prod'),
    manifest('rbac.authorization.k8s.io/v1', 'ClusterRole', 'shop-reader'),
    manifest('v1', 'Secret', 'token'),
  ];

  test('the run lease comes first and is named after the app\'s ApplySets', () => {
    const scopes = lockScopes(identity, manifests);
    expect(scopes[0]).toEqual({ lease: parentNames(identity).namespaced, description: 'app "shop/charts/main", environment "prod"' });
  });

  test('a Namespace and the objects in it share one scope; other cluster-scoped objects get one each; sorted by lease name', () => {
    const scopes = lockScopes(identity, manifests).slice(1);
    expect(scopes.map((scope) => scope.description)).toEqual(['ClusterRole shop-reader', 'Namespace cache-prod', 'Namespace default', 'Namespace shop-prod']);
    expect(scopes.map((scope) => scope.lease)).toEqual([...scopes.map((scope) => scope.lease)].sort());
    for (const scope of scopes) expect(scope.lease).toMatch(/^shipshape-lock-[a-z0-9-]+-[0-9a-f]{10}$/);
  });

  test('scope leases depend on the scope only, so that two apps touching one Namespace share its lease', () => {
    const other = lockScopes({ app: 'blog/charts/main', environment: 'dev' }, [manifest('v1', 'ConfigMap', 'x', 'shop-prod')]);
    const ours = lockScopes(identity, manifests);
    expect(other[1]).toEqual(ours.find((scope) => scope.description === 'Namespace shop-prod'));
    expect(other[0]?.lease).not.toBe(ours[0]?.lease);
  });

  test('cluster-scoped objects of the same name but another kind or group get different leases', () => {
    const scopes = lockScopes(identity, [manifest('rbac.authorization.k8s.io/v1', 'ClusterRole', 'x'), manifest('scheduling.k8s.io/v1', 'PriorityClass', 'x')]);
    expect(new Set(scopes.map((scope) => scope.lease)).size).toBe(3);
  });

  test('lease names stay exactly as earlier releases wrote them, so that runs of different versions exclude each other', () => {
    const scopes = lockScopes(identity, [
      manifest('v1', 'ConfigMap', 'web', 'shop-prod'),
      manifest('rbac.authorization.k8s.io/v1', 'ClusterRole', 'Shop_Reader'),
      // The Namespace word is cut to 60 characters, and the dash the cut leaves at the end is dropped.
      manifest('v1', 'ConfigMap', 'x', `${'n'.repeat(56)}-abcdef`),
    ]);
    expect(scopes.map((scope) => scope.lease)).toEqual([
      'shipshape-shop-charts-main-prod-2ddbfc4cd9',
      'shipshape-lock-clusterrole-shop-reader-69c8d111f2',
      `shipshape-lock-ns-${'n'.repeat(56)}-57473e7ee9`,
      'shipshape-lock-ns-shop-prod-5451426b2c',
    ]);
  });

  test('lease names stay valid for long names', () => {
    const long = 'n'.repeat(63);
    const [, scope] = lockScopes(identity, [manifest('v1', 'ConfigMap', 'x', long)]);
    expect(scope?.lease.length).toBeLessThanOrEqual(253);
    expect(scope?.lease).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
  });
});

describe('Lease objects', () => {
  const scope = { lease: 'shipshape-lock-ns-web-0123456789', description: 'Namespace web' };
  const holder = holderIdentity(identity, 'ci-runner-7', 4242, 'a1b2c3d4');

  test('the holder names the app, environment, host, pid and run', () => {
    expect(holder).toBe('shipshape apply of shop/charts/main (prod) on ci-runner-7, pid 4242, run a1b2c3d4');
  });

  test('times are MicroTimes with six fractional digits', () => {
    expect(microTime(Date.parse('2026-11-29T12:00:00.123Z'))).toBe('2026-11-29T12:00:00.123000Z');
  });

  test('a new lease has no resourceVersion, so that creating it fails when it exists', () => {
    expect(leaseObject(scope, holder, NOW)).toEqual({
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: {
        name: scope.lease, namespace: 'default',
        labels: { 'shipshape.io/apply-lock': 'true', 'app.kubernetes.io/managed-by': 'shipshape' },
        annotations: { 'shipshape.io/lock-scope': 'Namespace web' },
      },
      spec: {
        holderIdentity: holder, leaseDurationSeconds: LEASE_DURATION_SECONDS,
        acquireTime: '2026-11-29T12:00:00.000000Z', renewTime: '2026-11-29T12:00:00.000000Z', leaseTransitions: 0,
      },
    });
  });

  test('a takeover carries the resourceVersion read and counts a transition; a renewal keeps the acquire time', () => {
    const previous: LeaseRecord = { name: scope.lease, resourceVersion: '812', holder: 'someone else', transitions: 2 };
    expect(leaseObject(scope, holder, NOW, previous)).toMatchObject({ metadata: { resourceVersion: '812' }, spec: { leaseTransitions: 3 } });
    const renewal = leaseObject(scope, holder, NOW + 20_000, { ...previous, holder }, NOW);
    expect(renewal).toMatchObject({ metadata: { resourceVersion: '812' }, spec: { leaseTransitions: 2, acquireTime: microTime(NOW), renewTime: microTime(NOW + 20_000) } });
  });

  test('reads a Lease and a List of Leases as kubectl prints them', () => {
    const lease = {
      apiVersion: 'coordination.k8s.io/v1', kind: 'Lease',
      metadata: { name: 'a', resourceVersion: '7', annotations: { 'shipshape.io/lock-scope': 'Namespace web' } },
      spec: { holderIdentity: 'h', leaseDurationSeconds: 60, acquireTime: '2026-11-29T11:59:00.000000Z', renewTime: '2026-11-29T11:59:30.500000Z', leaseTransitions: 1 },
    };
    const expected = { name: 'a', resourceVersion: '7', holder: 'h', scope: 'Namespace web', acquireTime: NOW - 60_000, renewTime: NOW - 29_500, durationSeconds: 60, transitions: 1 };
    expect(parseLeases(JSON.stringify(lease))).toEqual([expected]);
    expect(parseLeases(JSON.stringify({ kind: 'List', items: [lease, { metadata: { name: 'b', resourceVersion: '9' }, spec: {} }] }))).toEqual([
      expected, { name: 'b', resourceVersion: '9', transitions: 0 },
    ]);
    expect(parseLeases('')).toEqual([]);
  });

  test('takes the time the server stored the last renewal from the managed-fields entry that owns renewTime, not from entries of other fields', () => {
    const entry = (manager: string, time: string, spec: Record<string, unknown> | undefined, metadata?: Record<string, unknown>) => ({
      manager, operation: 'Update', time, fieldsType: 'FieldsV1', fieldsV1: { ...(spec === undefined ? {} : { 'f:spec': spec }), ...(metadata === undefined ? {} : { 'f:metadata': metadata }) },
    });
    const withFields = (managedFields: readonly object[]) => JSON.stringify({
      metadata: { name: 'a', resourceVersion: '7', managedFields },
      spec: { holderIdentity: 'h', leaseDurationSeconds: 60, acquireTime: '2020-01-01T00:00:00.000000Z', renewTime: '2020-01-01T00:00:00.000000Z' },
    });
    // As the real server left it: created, renewed by replace, then annotated by someone else.
    const renewed = withFields([
      entry('kubectl-create', '2026-11-29T11:58:00Z', { 'f:holderIdentity': {}, 'f:leaseDurationSeconds': {}, 'f:acquireTime': {} }),
      entry('kubectl-annotate', '2026-11-29T12:00:00Z', undefined, { 'f:annotations': { 'f:a': {} } }),
      entry('kubectl-replace', '2026-11-29T11:59:30Z', { 'f:renewTime': {} }),
    ]);
    expect(parseLeases(renewed)[0]?.writtenAt).toBe(NOW - 30_000);
    const neverRenewed = withFields([entry('kubectl-create', '2026-11-29T11:58:00Z', { 'f:holderIdentity': {}, 'f:acquireTime': {} })]);
    expect(parseLeases(neverRenewed)[0]?.writtenAt).toBe(NOW - 120_000);
    expect(parseLeases(withFields([]))[0]?.writtenAt).toBeUndefined();
  });
});

describe('isExpired', () => {
  const lease = (fields: Partial<LeaseRecord>): LeaseRecord => ({ name: 'a', resourceVersion: '1', transitions: 0, holder: 'h', durationSeconds: 60, ...fields });

  test('a lease renewed within its duration is held', () => {
    expect(isExpired(lease({ renewTime: NOW - 59_000 }), { localMs: NOW })).toBe(false);
  });

  test('a lease not renewed within its duration has expired', () => {
    expect(isExpired(lease({ renewTime: NOW - 60_000 }), { localMs: NOW })).toBe(true);
  });

  test('without a renewal, the acquire time counts', () => {
    expect(isExpired(lease({ acquireTime: NOW - 10_000 }), { localMs: NOW })).toBe(false);
    expect(isExpired(lease({ acquireTime: NOW - 61_000 }), { localMs: NOW })).toBe(true);
  });

  test('with the server\'s clock, a lease expires its duration (and a second, for whole-second times) after the server stored its renewal, whatever the holder\'s clock wrote', () => {
    const server = NOW + 3_600_000;
    // A holder whose clock is an hour behind: by its renewTime it looks long expired, yet the server stored it 30 s ago.
    expect(isExpired(lease({ renewTime: NOW - 30_000, writtenAt: server - 30_000 }), { localMs: NOW, serverMs: server })).toBe(false);
    expect(expiresIn(lease({ renewTime: NOW - 30_000, writtenAt: server - 30_000 }), { localMs: NOW, serverMs: server })).toBe(31_000);
    expect(isExpired(lease({ renewTime: NOW, writtenAt: server - 60_000 }), { localMs: NOW, serverMs: server })).toBe(false);
    expect(isExpired(lease({ renewTime: NOW, writtenAt: server - 61_000 }), { localMs: NOW, serverMs: server })).toBe(true);
    // A holder whose clock is ahead wrote a renewal in the future; the server's times still decide.
    expect(isExpired(lease({ renewTime: NOW + 600_000, writtenAt: server - 61_000 }), { localMs: NOW, serverMs: server })).toBe(true);
    // Without the server's time now, the holder's times and this machine's clock are all there is.
    expect(isExpired(lease({ renewTime: NOW - 61_000, writtenAt: server }), { localMs: NOW })).toBe(true);
  });

  test('a lease without a holder, times or duration is free', () => {
    expect(isExpired(lease({ holder: undefined, renewTime: NOW }), { localMs: NOW })).toBe(true);
    expect(isExpired(lease({}), { localMs: NOW })).toBe(true);
    expect(isExpired(lease({ renewTime: NOW, durationSeconds: undefined }), { localMs: NOW })).toBe(true);
  });
});

describe('parseWriteOutput', () => {
  test('reads the leases written and those refused, by reason (kubectl 1.32 output)', () => {
    const outcome = parseWriteOutput('a 206\nb 207\n', [
      'Error from server (AlreadyExists): error when creating "STDIN": leases.coordination.k8s.io "c" already exists',
      'Error from server (Conflict): error when replacing "STDIN": Operation cannot be fulfilled on leases.coordination.k8s.io "d": the object has been modified; please apply your changes to the latest version and try again',
      'Error from server (NotFound): error when replacing "STDIN": leases.coordination.k8s.io "e" not found',
      'Warning: something the server wanted said',
    ].join('\n'));
    expect([...outcome.written]).toEqual([['a', '206'], ['b', '207']]);
    expect([...outcome.refused]).toEqual([['c', 'AlreadyExists'], ['d', 'Conflict'], ['e', 'NotFound']]);
    expect(outcome.forbidden).toBeUndefined();
    expect(outcome.other).toEqual([]);
  });

  test('reads a missing permission as the server words it', () => {
    const outcome = parseWriteOutput('', 'Error from server (Forbidden): error when creating "STDIN": leases.coordination.k8s.io is forbidden: User "ci" cannot create resource "leases" in API group "coordination.k8s.io" in the namespace "default"\n');
    expect(outcome.forbidden).toBe('leases.coordination.k8s.io is forbidden: User "ci" cannot create resource "leases" in API group "coordination.k8s.io" in the namespace "default"');
  });

  test('keeps errors that name no lease', () => {
    expect(parseWriteOutput('', 'error: unable to recognize "STDIN": no matches for kind "Lease"\n').other).toEqual(['error: unable to recognize "STDIN": no matches for kind "Lease"']);
  });
});

describe('messages', () => {
  test('a refused run is told who holds what, since when, until when, and the ways out', () => {
    const held: LeaseRecord = {
      name: 'shipshape-shop-charts-main-prod-0123456789', resourceVersion: '5', transitions: 0, scope: 'app "shop/charts/main", environment "prod"',
      holder: 'shipshape apply of shop/charts/main (prod) on ci-7, pid 12, run 0badf00d', acquireTime: NOW - 90_000, renewTime: NOW - 10_000, durationSeconds: 60,
    };
    expect(formatHeld([held], NOW, 0)).toBe(
      'another apply is running, so nothing was applied or pruned:\n' +
      '  - app "shop/charts/main", environment "prod" (Lease default/shipshape-shop-charts-main-prod-0123456789): held by ' +
      '"shipshape apply of shop/charts/main (prod) on ci-7, pid 12, run 0badf00d", taken 2026-11-29T11:58:30Z (90 s ago), ' +
      'renewed 2026-11-29T11:59:50Z (10 s ago), expires 2026-11-29T12:00:50Z (in 50 s) unless renewed\n' +
      'Wait for it to finish, or run again with --lock-timeout 5m to wait for it. If that run is dead (its machine or process is gone), ' +
      'its lock expires by itself 60 s after its last renewal; to break it now, run again with --force-unlock, or: ' +
      'kubectl delete lease --namespace=default shipshape-shop-charts-main-prod-0123456789',
    );
    expect(formatHeld([held], NOW, 30_000)).toMatch(/^another apply is running \(waited 30 s\)/);
  });

  test('a missing permission names what is needed and how to grant it', () => {
    expect(permissionMessage('leases.coordination.k8s.io is forbidden')).toMatch(
      /^cannot take the apply lock: leases\.coordination\.k8s\.io is forbidden\. shipshape apply needs create, get, update and delete on leases \(coordination\.k8s\.io\) in Namespace 'default'\..*kubectl create role shipshape-apply-lock --namespace=default --verb=create,get,update,delete --resource=leases\.coordination\.k8s\.io && kubectl create rolebinding/,
    );
  });
});

describe('apply lock options', () => {
  const run = async (args: readonly string[]): Promise<{ code: number; stderr: string }> => {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let err = '';
    stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const code = await main(['apply', ...args], { stdout, stderr, stdin: Readable.from([]), cwd: process.cwd(), env: process.env, interactive: false });
    return { code, stderr: err };
  };

  test('fails when --lock-timeout is not a duration', async () => {
    const result = await run(['--lock-timeout=soon']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--lock-timeout needs a positive duration such as 90s, 5m or 1h30m, got 'soon'/);
  });

  test('fails when --lock-timeout or --force-unlock is combined with --dry-run, which takes no lock', async () => {
    for (const flag of ['--lock-timeout=1m', '--force-unlock']) {
      const result = await run(['--dry-run', flag]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/--lock-timeout and --force-unlock cannot be combined with --dry-run/);
    }
  });

  test('fails when --no-lock is combined with --force-unlock or --lock-timeout, before anything else is read', async () => {
    for (const [flag, named] of [['--force-unlock', '--force-unlock'], ['--lock-timeout=1m', '--lock-timeout']] as const) {
      const result = await run(['--no-lock', flag, '--dir', '/nonexistent']);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`--no-lock cannot be combined with ${named}: a run without the lock neither takes nor waits for it`);
    }
  });

  test('--help documents --no-lock and what it gives up', async () => {
    const stdout = new PassThrough();
    let out = '';
    stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const code = await main(['apply', '--help'], { stdout, stderr: new PassThrough(), stdin: Readable.from([]), cwd: process.cwd(), env: process.env, interactive: false });
    expect(code).toBe(0);
    expect(out).toMatch(/--no-lock +take no lock .*\n.*concurrent applies of the same app or Namespace are then not prevented/);
  });
});
