import { App, Size, Testing } from 'cdk8s';
import { AccessMode, AppChart, PodManagementPolicy, Service, StatefulSet, StatefulSetUpdateStrategy, synthesize } from '../../../src';
import { expectValidationError } from '../../helpers/errors';
import { findObject, findObjects, hasObject } from '../../helpers/find';

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const MONGO = { name: 'mongod', image: 'mongo:7.0.14', ports: [{ number: 27017, name: 'mongodb' }] };

function newChart(): { app: App; chart: AppChart } {
  const app = new App();
  return { app, chart: new AppChart(app, 'shop') };
}

describe('StatefulSet', () => {
  test('a minimal StatefulSet has 1 replica, ordered pods, rolling updates, a headless Service and a PDB', () => {
    const { app, chart } = newChart();
    const db = new StatefulSet(chart, 'Db', { containers: [MONGO] });
    const output = synthesize(app).manifests;
    const object = findObject(output, 'StatefulSet', 'db');
    expect(object.spec).toMatchObject({
      replicas: 1,
      serviceName: 'db-headless',
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate' },
      selector: { matchLabels: { 'app.kubernetes.io/name': 'db' } },
    });
    expect(object.spec.template.spec).not.toHaveProperty('topologySpreadConstraints');
    const service = findObject(output, 'Service', 'db-headless');
    expect(service.spec).toEqual({
      type: 'ClusterIP',
      clusterIP: 'None',
      publishNotReadyAddresses: true,
      selector: { 'app.kubernetes.io/name': 'db' },
      ports: [{ port: 27017, targetPort: 27017, name: 'mongodb', protocol: 'TCP' }],
    });
    expect(db.service.headless).toBe(true);
    expect(findObject(output, 'PodDisruptionBudget', 'db').spec.maxUnavailable).toBe(1);
  });

  test('a StatefulSet renders every prop it is given', () => {
    const { app, chart } = newChart();
    const service = new Service(chart, 'Peers', { headless: true, ports: [{ port: 27017 }] });
    new StatefulSet(chart, 'Db', {
      name: 'mongo',
      replicas: 3,
      service,
      containers: [MONGO],
      podManagementPolicy: PodManagementPolicy.PARALLEL,
      updateStrategy: StatefulSetUpdateStrategy.ON_DELETE,
      disruptionBudget: { minAvailable: 2 },
      volumeClaimTemplates: [
        { name: 'data', size: Size.gibibytes(20), storageClassName: 'fast-ssd', accessModes: [AccessMode.READ_WRITE_ONCE_POD], mountPath: '/data/db' },
        { name: 'logs', size: Size.mebibytes(512) },
      ],
    });
    const output = synthesize(app).manifests;
    const object = findObject(output, 'StatefulSet', 'mongo');
    expect(object.spec.replicas).toBe(3);
    expect(object.spec.serviceName).toBe('peers');
    expect(object.spec.podManagementPolicy).toBe('Parallel');
    expect(object.spec.updateStrategy).toEqual({ type: 'OnDelete' });
    expect(object.spec.template.spec.topologySpreadConstraints).toHaveLength(1);
    expect(object.spec.volumeClaimTemplates).toEqual([
      {
        metadata: { name: 'data', labels: { 'app.kubernetes.io/name': 'mongo' } },
        spec: { accessModes: ['ReadWriteOncePod'], storageClassName: 'fast-ssd', resources: { requests: { storage: '20Gi' } } },
      },
      {
        metadata: { name: 'logs', labels: { 'app.kubernetes.io/name': 'mongo' } },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '512Mi' } } },
      },
    ]);
    expect(object.spec.template.spec.containers[0].volumeMounts).toEqual([{ mountPath: '/data/db', name: 'data' }]);
    expect(object.spec.template.spec).not.toHaveProperty('volumes');
    expect(hasObject(output, 'Service', 'mongo-headless')).toBe(false);
    expect(findObject(output, 'PodDisruptionBudget', 'mongo').spec.minAvailable).toBe(2);
  });

  test('a StatefulSet gets one volume claim per replica', () => {
    const { chart } = newChart();
    const db = new StatefulSet(chart, 'Db', { replicas: 3, containers: [MONGO], volumeClaimTemplates: [{ name: 'data', size: Size.gibibytes(1), mountPath: '/data/db' }] });
    const spec = findObject(Testing.synth(chart), 'StatefulSet', db.name).spec;
    // The controller names each replica's claim <template>-<statefulset>-<ordinal>, from one template.
    expect(spec.volumeClaimTemplates).toHaveLength(1);
    const claims = Array.from({ length: spec.replicas }, (_, ordinal) => `${spec.volumeClaimTemplates[0].metadata.name}-${db.name}-${ordinal}`);
    expect(claims).toEqual(['data-db-0', 'data-db-1', 'data-db-2']);
  });

  test('the claim names of a StatefulSet with the longest name are still valid', () => {
    const { chart } = newChart();
    const db = new StatefulSet(chart, 'X'.repeat(80), { replicas: 100, containers: [MONGO], volumeClaimTemplates: [{ name: 'data', size: Size.gibibytes(1) }] });
    expect(db.name.length).toBeLessThanOrEqual(52);
    expect(`data-${db.name}-99`).toMatch(DNS_SUBDOMAIN);
    expect(`${db.name}-headless`.length).toBeLessThanOrEqual(63);
  });

  test('a claim volume can be mounted by hand, also by a second container', () => {
    const { chart } = newChart();
    const db = new StatefulSet(chart, 'Db', { containers: [MONGO, { name: 'backup', image: 'busybox:1.36' }] });
    db.addVolumeClaimTemplate({ name: 'data', size: Size.gibibytes(1) });
    db.containers[0]!.mount('/data/db', db.claimVolume('data'));
    db.containers[1]!.mount('/backup', db.claimVolume('data'), { readOnly: true });
    const pod = findObject(Testing.synth(chart), 'StatefulSet', 'db').spec.template.spec;
    expect(pod.containers[1].volumeMounts).toEqual([{ mountPath: '/backup', name: 'data', readOnly: true }]);
    expect(pod).not.toHaveProperty('volumes');
  });

  test('a StatefulSet without a disruption budget gets no PDB', () => {
    const { chart } = newChart();
    new StatefulSet(chart, 'Db', { containers: [MONGO], disruptionBudget: false });
    expect(findObjects(Testing.synth(chart), 'PodDisruptionBudget')).toHaveLength(0);
  });

  test('fails when the given governing Service is not headless', () => {
    const { chart } = newChart();
    const service = new Service(chart, 'Db', { ports: [{ port: 27017 }] });
    expectValidationError(() => new StatefulSet(chart, 'Mongo', { service, containers: [MONGO] }), {
      problem: /is not headless/,
      path: 'shop/Mongo',
      field: 'service',
      value: '"db"',
      fix: /Create the governing Service with headless: true, or leave service out to get one\./,
    });
  });

  test('fails when a StatefulSet named with a leading digit would get a governing Service that Kubernetes 1.27 refuses', () => {
    const { chart } = newChart();
    expectValidationError(() => new StatefulSet(chart, 'Db', { name: '1db', containers: [MONGO] }), {
      problem: /starts with a digit, so its governing Service "1db-headless" would too/,
      path: 'shop/Db',
      field: 'name',
      value: '"1db"',
      fix: /starts with a letter, or pass service: a headless Service of your own/,
    });
  });

  test('a StatefulSet named with a leading digit is accepted with a governing Service of its own', () => {
    const { app, chart } = newChart();
    const service = new Service(chart, 'Peers', { name: 'db-peers', headless: true, ports: [{ port: 27017 }] });
    new StatefulSet(chart, 'Db', { name: '1db', service, containers: [MONGO] });
    expect(findObject(synthesize(app).manifests, 'StatefulSet', '1db').spec.serviceName).toBe('db-peers');
  });

  test('fails when replicas is negative', () => {
    const { chart } = newChart();
    expect(() => new StatefulSet(chart, 'Db', { replicas: -1, containers: [MONGO] })).toThrow(/StatefulSet 'shop\/Db': replicas: must be a whole number >= 0, got -1\. Use 1, or 3/);
  });

  test('fails when a claim template name is used twice or is invalid', () => {
    const { chart } = newChart();
    const db = new StatefulSet(chart, 'Db', { containers: [MONGO], volumeClaimTemplates: [{ name: 'data', size: Size.gibibytes(1) }] });
    expectValidationError(() => db.addVolumeClaimTemplate({ name: 'data', size: Size.gibibytes(2) }), {
      problem: /is already a claim template/,
      path: 'shop/Db',
      field: 'volumeClaimTemplates[1].name',
      value: '"data"',
      fix: /Give each template its own name/,
    });
    expect(() => db.addVolumeClaimTemplate({ name: 'Data_2', size: Size.gibibytes(2) })).toThrow(/volumeClaimTemplates\[1\]\.name: must be a DNS-1123 label.*got "Data_2"/);
  });

  test('fails when a claim template asks for no storage', () => {
    const { chart } = newChart();
    expect(() => new StatefulSet(chart, 'Db', { containers: [MONGO], volumeClaimTemplates: [{ name: 'data', size: Size.gibibytes(0) }] })).toThrow(
      /volumeClaimTemplates\[0\]\.size: must be more than 0, got "0Ki"\. Ask for the storage the data needs/,
    );
  });

  test('fails when a claim template is to be mounted and there is no container yet', () => {
    const { chart } = newChart();
    expect(() => new StatefulSet(chart, 'Db', { volumeClaimTemplates: [{ name: 'data', size: Size.gibibytes(1), mountPath: '/data' }] })).toThrow(
      /volumeClaimTemplates\[0\]\.mountPath: has no container to mount into, got "\/data"/,
    );
  });

  test('fails when a claim volume names no claim template', () => {
    const { chart } = newChart();
    const db = new StatefulSet(chart, 'Db', { containers: [MONGO], volumeClaimTemplates: [{ name: 'data', size: Size.gibibytes(1) }] });
    expect(() => db.claimVolume('dat')).toThrow(/claimVolume: is not a claim template of this StatefulSet, got "dat"\. Use one of \["data"\]\./);
  });
});
