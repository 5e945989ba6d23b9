import { assess, NamespaceSnapshot, ObservedObject } from '../../src/deploy/private/rollout-rules';
import { formatRolloutFailure, rolloutTargets } from '../../src/deploy/wait';

// Object states as kube-controller-manager 1.36 and kwok write them (trimmed to the fields read).
const TAKEN_AT = new Date('2026-11-29T20:00:30Z');
const snapshot = (...objects: ObservedObject[]): NamespaceSnapshot => ({ namespace: 'shop', objects, takenAt: TAKEN_AT });

function deployment(spec: { generation?: number; observed?: number; replicas?: number; updated?: number; ready?: number; available?: number; total?: number; progressing?: { reason: string; message: string } }): ObservedObject {
  const replicas = spec.replicas ?? 3;
  return {
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop', uid: 'd-1', generation: spec.generation ?? 2, annotations: { 'deployment.kubernetes.io/revision': '2' } },
    spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } } } },
    status: {
      observedGeneration: spec.observed ?? spec.generation ?? 2,
      replicas: spec.total ?? replicas,
      updatedReplicas: spec.updated ?? replicas,
      readyReplicas: spec.ready ?? replicas,
      availableReplicas: spec.available ?? replicas,
      conditions: [
        { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' },
        { type: 'Progressing', status: spec.progressing?.reason === 'ProgressDeadlineExceeded' ? 'False' : 'True', reason: spec.progressing?.reason ?? 'NewReplicaSetAvailable', message: spec.progressing?.message ?? 'ReplicaSet "web-5d9" has successfully progressed.' },
      ],
    },
  };
}

const newReplicaSet: ObservedObject = {
  kind: 'ReplicaSet',
  metadata: { name: 'web-5d9', uid: 'rs-2', annotations: { 'deployment.kubernetes.io/revision': '2' }, ownerReferences: [{ kind: 'Deployment', name: 'web', uid: 'd-1' }] },
};
const oldReplicaSet: ObservedObject = {
  kind: 'ReplicaSet',
  metadata: { name: 'web-7c4', uid: 'rs-1', annotations: { 'deployment.kubernetes.io/revision': '1' }, ownerReferences: [{ kind: 'Deployment', name: 'web', uid: 'd-1' }] },
};

function pod(name: string, owner: string, state: 'ready' | 'image-pull' | 'unschedulable' | 'crash'): ObservedObject {
  const base = { kind: 'Pod', metadata: { name, uid: `uid-${name}`, labels: { app: 'web' }, ownerReferences: [{ kind: 'ReplicaSet', name: 'x', uid: owner }] } };
  switch (state) {
    case 'ready':
      return { ...base, spec: { nodeName: 'node-a1' }, status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: [{ name: 'web', ready: true, restartCount: 0, state: { running: {} } }] } };
    case 'image-pull':
      return {
        ...base,
        spec: { nodeName: 'node-b1' },
        status: {
          phase: 'Pending',
          conditions: [{ type: 'Ready', status: 'False', reason: 'ContainersNotReady' }],
          containerStatuses: [{ name: 'web', ready: false, restartCount: 0, state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "registry.invalid/web:1"' } } }],
        },
      };
    case 'crash':
      return {
        ...base,
        spec: { nodeName: 'node-c1' },
        status: {
          phase: 'Running',
          conditions: [{ type: 'Ready', status: 'False', reason: 'ContainersNotReady' }],
          containerStatuses: [{ name: 'web', ready: false, restartCount: 4, state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 1m20s restarting failed container' } }, lastState: { terminated: { exitCode: 1, reason: 'Error' } } }],
        },
      };
    case 'unschedulable':
      return {
        ...base,
        spec: {},
        status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/6 nodes are available: 6 Insufficient cpu.' }] },
      };
  }
}

function event(regarding: ObservedObject, reason: string, message: string, at: string, type = 'Normal'): ObservedObject {
  return { kind: 'Event', type, reason, message, lastTimestamp: at, involvedObject: { kind: regarding.kind, name: regarding.metadata?.name, uid: regarding.metadata?.uid } };
}

describe('Deployment rollout', () => {
  test('is ready when every replica of the new generation is updated, ready and available', () => {
    expect(assess('Deployment', 'web', snapshot(deployment({}), newReplicaSet))).toEqual({ object: 'Deployment shop/web', state: 'ready', summary: '3/3 replicas available', details: [] });
  });

  test('waits while the controller has not seen the latest generation, even when the counts look done', () => {
    expect(assess('Deployment', 'web', snapshot(deployment({ generation: 3, observed: 2 })))).toMatchObject({ state: 'waiting', summary: 'waiting for the controller to see generation 3' });
  });

  test('waits while replicas are not updated, old replicas remain, or updated ones are not available', () => {
    expect(assess('Deployment', 'web', snapshot(deployment({ updated: 1 }))).summary).toBe('1/3 replicas updated');
    expect(assess('Deployment', 'web', snapshot(deployment({ total: 4 }), { ...newReplicaSet, status: { availableReplicas: 2 } })).summary).toBe('3/3 replicas updated, 2 of them available; 1 old replicas still running');
    expect(assess('Deployment', 'web', snapshot(deployment({ available: 2, ready: 2 })))).toMatchObject({ state: 'waiting', summary: '2/3 replicas available, 2 ready' });
  });

  test('fails when the controller reports that the progress deadline passed', () => {
    const result = assess('Deployment', 'web', snapshot(deployment({ updated: 1, available: 2, progressing: { reason: 'ProgressDeadlineExceeded', message: 'ReplicaSet "web-5d9" has timed out progressing.' } })));
    expect(result).toMatchObject({ state: 'failed', summary: 'progress deadline exceeded: 1/3 updated, 2 available' });
    expect(result.details).toContain('condition Progressing=False ProgressDeadlineExceeded: ReplicaSet "web-5d9" has timed out progressing.');
  });

  test('names the new pods\' reasons and the latest events, newest first, and only of the new revision', () => {
    const stuck = deployment({ updated: 1, available: 2, ready: 2, total: 4 });
    const failing = pod('web-5d9-abc', 'rs-2', 'image-pull');
    const oldCrashing = pod('web-7c4-old', 'rs-1', 'crash');
    const events = [
      event(failing, 'Scheduled', 'Successfully assigned shop/web-5d9-abc to node-b1', '2026-11-29T20:00:10Z'),
      event(failing, 'Failed', 'Error: ImagePullBackOff', '2026-11-29T20:00:20Z', 'Warning'),
      event(newReplicaSet, 'SuccessfulCreate', 'Created pod: web-5d9-abc', '2026-11-29T20:00:05Z'),
      event(oldCrashing, 'BackOff', 'Back-off restarting failed container', '2026-11-29T20:00:25Z', 'Warning'),
    ];
    const result = assess('Deployment', 'web', snapshot(stuck, newReplicaSet, oldReplicaSet, failing, oldCrashing, ...events));
    expect(result.state).toBe('waiting');
    expect(result.summary).toBe('1/3 replicas updated; pods failing: ImagePullBackOff');
    expect(result.details).toEqual([
      'condition Progressing=True NewReplicaSetAvailable: ReplicaSet "web-5d9" has successfully progressed.',
      'pod web-5d9-abc on node-b1: container web waiting: ImagePullBackOff: Back-off pulling image "registry.invalid/web:1"',
      'event 10s ago Warning Failed Pod/web-5d9-abc: Error: ImagePullBackOff',
      'event 20s ago Normal Scheduled Pod/web-5d9-abc: Successfully assigned shop/web-5d9-abc to node-b1',
      'event 25s ago Normal SuccessfulCreate ReplicaSet/web-5d9: Created pod: web-5d9-abc',
    ]);
  });

  test('reports unschedulable pods with the scheduler\'s message and a crash loop with its restarts', () => {
    const result = assess('Deployment', 'web', snapshot(deployment({ available: 1, ready: 1 }), newReplicaSet, pod('web-5d9-a', 'rs-2', 'unschedulable'), pod('web-5d9-b', 'rs-2', 'crash')));
    expect(result.details).toContain('pod web-5d9-a: not scheduled: Unschedulable: 0/6 nodes are available: 6 Insufficient cpu.');
    expect(result.details).toContain('pod web-5d9-b on node-c1: container web waiting: CrashLoopBackOff: back-off 1m20s restarting failed container (4 restarts)');
    expect(result.summary).toBe('1/3 replicas available, 1 ready; pods failing: CrashLoopBackOff');
  });

  test('a Deployment scaled to zero is rolled out, and a missing one is waited for', () => {
    expect(assess('Deployment', 'web', snapshot(deployment({ replicas: 0 }))).state).toBe('ready');
    expect(assess('Deployment', 'api', snapshot(deployment({})))).toEqual({ object: 'Deployment shop/api', state: 'waiting', summary: 'not found in the cluster', details: [] });
  });
});

describe('StatefulSet, DaemonSet and Job', () => {
  const statefulSet = (status: Record<string, unknown>, spec: Record<string, unknown> = {}): ObservedObject => ({
    kind: 'StatefulSet',
    metadata: { name: 'db', uid: 's-1', generation: 1 },
    spec: { replicas: 3, ...spec },
    status: { observedGeneration: 1, replicas: 3, readyReplicas: 3, updatedReplicas: 3, currentRevision: 'db-6f7', updateRevision: 'db-6f7', ...status },
  });

  test('a StatefulSet is ready when all replicas are ready at the current revision', () => {
    expect(assess('StatefulSet', 'db', snapshot(statefulSet({})))).toMatchObject({ state: 'ready', summary: '3/3 replicas ready at revision db-6f7' });
    expect(assess('StatefulSet', 'db', snapshot(statefulSet({ readyReplicas: 2 }))).summary).toBe('2/3 replicas ready');
    expect(assess('StatefulSet', 'db', snapshot(statefulSet({ updatedReplicas: 1, updateRevision: 'db-8a1' }))).summary).toBe('1/3 replicas at revision db-8a1');
  });

  test('a partitioned StatefulSet is ready when the replicas above the partition are updated', () => {
    const partitioned = { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } } };
    expect(assess('StatefulSet', 'db', snapshot(statefulSet({ updatedReplicas: 1, updateRevision: 'db-8a1' }, partitioned))).state).toBe('ready');
    expect(assess('StatefulSet', 'db', snapshot(statefulSet({ updatedReplicas: 0, updateRevision: 'db-8a1' }, partitioned))).summary).toBe('0/1 replicas above partition 2 updated');
  });

  test('a DaemonSet waits for its pods on every node to be updated and available', () => {
    const daemonSet = (status: Record<string, unknown>): ObservedObject => ({
      kind: 'DaemonSet', metadata: { name: 'agent', generation: 4 }, status: { observedGeneration: 4, desiredNumberScheduled: 6, updatedNumberScheduled: 6, numberAvailable: 6, ...status },
    });
    expect(assess('DaemonSet', 'agent', snapshot(daemonSet({}))).summary).toBe('6/6 pods available');
    expect(assess('DaemonSet', 'agent', snapshot(daemonSet({ updatedNumberScheduled: 4 }))).summary).toBe('4/6 pods updated');
    expect(assess('DaemonSet', 'agent', snapshot(daemonSet({ numberAvailable: 5 }))).summary).toBe('5/6 pods available');
  });

  test('a Job is ready when complete, fails when failed, and waits while running', () => {
    const job = (status: Record<string, unknown>): ObservedObject => ({ kind: 'Job', metadata: { name: 'backup', uid: 'j-1' }, spec: { completions: 1 }, status });
    expect(assess('Job', 'backup', snapshot(job({ succeeded: 1, conditions: [{ type: 'Complete', status: 'True' }] }))).summary).toBe('complete (1 succeeded)');
    expect(assess('Job', 'backup', snapshot(job({ failed: 7, conditions: [{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' }] })))).toMatchObject({
      state: 'failed', summary: 'failed: BackoffLimitExceeded: Job has reached the specified backoff limit',
    });
    expect(assess('Job', 'backup', snapshot(job({ active: 1 }))).summary).toBe('0/1 completions, 1 active');
  });
});

describe('claims, Services and autoscalers', () => {
  const claim = (phase: string): ObservedObject => ({ kind: 'PersistentVolumeClaim', metadata: { name: 'data', uid: 'c-1' }, spec: { volumeName: phase === 'Bound' ? 'pvc-c-1' : undefined }, status: { phase } });

  test('a claim is ready when Bound, failed when Lost, and not waited for while its class waits for a first consumer', () => {
    expect(assess('PersistentVolumeClaim', 'data', snapshot(claim('Bound'))).summary).toBe('Bound to pvc-c-1');
    expect(assess('PersistentVolumeClaim', 'data', snapshot(claim('Lost'))).state).toBe('failed');
    const waiting = event(claim('Pending'), 'WaitForFirstConsumer', 'waiting for first consumer to be created before binding', '2026-11-29T20:00:00Z');
    expect(assess('PersistentVolumeClaim', 'data', snapshot(claim('Pending'), waiting))).toMatchObject({ state: 'ready', summary: 'Pending until a pod uses it (WaitForFirstConsumer)' });
    const user: ObservedObject = { kind: 'Pod', metadata: { name: 'db-0' }, spec: { volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }] }, status: { phase: 'Pending' } };
    expect(assess('PersistentVolumeClaim', 'data', snapshot(claim('Pending'), waiting, user))).toMatchObject({ state: 'waiting', summary: 'Pending' });
  });

  const service = (selector?: Record<string, string>): ObservedObject => ({ kind: 'Service', metadata: { name: 'web', uid: 'svc-1' }, spec: { type: 'ClusterIP', selector } });
  const slice = (...ready: boolean[]): ObservedObject => ({
    kind: 'EndpointSlice', metadata: { name: 'web-x7k2p', labels: { 'kubernetes.io/service-name': 'web' } }, endpoints: ready.map((r) => ({ addresses: ['10.244.0.1'], conditions: { ready: r } })),
  });

  test('a Service is ready once an endpoint is ready, and waits while the pods it selects are not', () => {
    expect(assess('Service', 'web', snapshot(service({ app: 'web' }), slice(true, false))).summary).toBe('1 ready endpoint');
    const notReady = { ...pod('web-5d9-abc', 'rs-2', 'image-pull') };
    expect(assess('Service', 'web', snapshot(service({ app: 'web' }), slice(false), notReady, deployment({})))).toMatchObject({ state: 'waiting', summary: 'no ready endpoints (1 pods selected); pods failing: ImagePullBackOff' });
  });

  test('a Service without a selector, or selecting no workload with replicas, is not waited for', () => {
    expect(assess('Service', 'web', snapshot(service())).state).toBe('ready');
    expect(assess('Service', 'web', snapshot(service({ app: 'web' }), deployment({ replicas: 0 })))).toMatchObject({ state: 'ready', summary: 'selects no pods (no workload with replicas matches)' });
    expect(assess('Service', 'web', snapshot(service({ app: 'web' }), deployment({}))).state).toBe('waiting');
  });

  test('an autoscaler is ready once its target\'s replicas are within its range', () => {
    const autoscaler: ObservedObject = { kind: 'HorizontalPodAutoscaler', metadata: { name: 'web' }, spec: { minReplicas: 3, maxReplicas: 6, scaleTargetRef: { kind: 'Deployment', name: 'web' } } };
    expect(assess('HorizontalPodAutoscaler', 'web', snapshot(autoscaler, deployment({ replicas: 1 })))).toMatchObject({ state: 'waiting', summary: 'target Deployment web has 1 replicas, outside 3..6' });
    expect(assess('HorizontalPodAutoscaler', 'web', snapshot(autoscaler, deployment({ replicas: 4 })))).toMatchObject({ state: 'ready', summary: 'target Deployment web at 4 replicas (3..6)' });
  });
});

describe('targets and the failure report', () => {
  test('only the kinds with a rollout are waited for, in manifest order, with the default Namespace filled in', () => {
    const manifests = [
      { object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'config', namespace: 'shop' } } },
      { object: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' } } },
      { object: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' } } },
    ];
    expect(rolloutTargets(manifests)).toEqual([
      { kind: 'Deployment', name: 'web', namespace: 'shop' },
      { kind: 'Service', name: 'web', namespace: 'default' },
    ]);
  });

  test('the report lists each object that is not ready with its reasons, and says whether time ran out', () => {
    const report = {
      ok: false, timedOut: true, elapsedMs: 30_000,
      assessments: [
        { object: 'ConfigMap shop/x', state: 'ready' as const, summary: 'exists', details: [] },
        { object: 'Deployment shop/web', state: 'waiting' as const, summary: '1/3 replicas updated', details: ['pod web-1: container web waiting: ImagePullBackOff'] },
      ],
    };
    expect(formatRolloutFailure(report, 300_000)).toBe(
      'Not rolled out after 5m: 1 of 2 objects not ready.\n  waiting Deployment shop/web: 1/3 replicas updated\n      pod web-1: container web waiting: ImagePullBackOff\n',
    );
    expect(formatRolloutFailure({ ...report, timedOut: false, assessments: [{ ...report.assessments[1]!, state: 'failed' as const }] }, 300_000)).toMatch(/^Rollout failed: 1 of 1 objects not ready\.\n {2}FAILED {2}Deployment/);
  });
});
