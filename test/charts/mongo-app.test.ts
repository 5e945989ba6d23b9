/** The reference app, synthesized and validated end to end for every environment. */
import { synthesize } from '../../src/synth';
import { buildApp } from '../../charts/main';
import { ENVIRONMENTS } from '../../charts/environments';
import { findObject, objectsOfKind, Obj } from '../helpers/manifests';

const SECRET_VARIABLES = ['MONGO_ROOT_USERNAME', 'MONGO_ROOT_PASSWORD', 'MONGO_EXPRESS_LOGIN_USERNAME', 'MONGO_EXPRESS_LOGIN_PASSWORD'];

function withoutSecretVariables<T>(run: () => T): T {
  const saved = SECRET_VARIABLES.map((name) => [name, process.env[name]] as const);
  for (const name of SECRET_VARIABLES) delete process.env[name];
  try {
    return run();
  } finally {
    for (const [name, value] of saved) if (value !== undefined) process.env[name] = value;
  }
}

function objectsOf(environment: string): Obj[] {
  const result = withoutSecretVariables(() => synthesize(buildApp()));
  return result.manifests.filter((m) => m.file?.startsWith(`dist/${environment}/`)).map((m) => m.object as unknown as Obj);
}

describe('the MongoDB + mongo-express reference app', () => {
  test('synthesizes and validates for every environment with no errors', () => {
    const result = withoutSecretVariables(() => synthesize(buildApp()));
    expect(result.report?.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(result.files.map((f) => f.path)).toEqual(['dev/mongo.k8s.yaml', 'dev/mongo.secrets.k8s.yaml', 'prod/mongo.k8s.yaml', 'staging/mongo.k8s.yaml']);
  });

  test.each(ENVIRONMENTS.map((e) => [e.name]))('%s lives in its own namespace, created first', (environment) => {
    const objects = objectsOf(environment);
    const namespace = `mongo-${environment}`;
    expect(objects[0]).toMatchObject({ kind: 'Namespace', metadata: { name: namespace } });
    expect(objects[0]!.metadata.namespace).toBeUndefined();
    for (const object of objects.slice(1)) expect(object.metadata.namespace).toBe(namespace);
  });

  test.each(ENVIRONMENTS.map((e) => [e.name]))('%s runs MongoDB as a StatefulSet with a volume per replica behind a headless Service', (environment) => {
    const objects = objectsOf(environment);
    const settings = ENVIRONMENTS.find((e) => e.name === environment)!;
    const statefulSet = findObject(objects, 'StatefulSet', 'mongodb');
    const headless = findObject(objects, 'Service', statefulSet.spec.serviceName);
    expect(headless.spec.clusterIP).toBe('None');
    expect(headless.spec.selector).toEqual(statefulSet.spec.selector.matchLabels);
    const [claim] = statefulSet.spec.volumeClaimTemplates;
    expect(claim.spec.resources.requests.storage).toBe(`${settings.databaseStorage.toGibibytes()}Gi`);
    expect(statefulSet.spec.template.spec.containers[0].volumeMounts).toEqual([{ mountPath: '/data/db', name: claim.metadata.name }]);
    const env = statefulSet.spec.template.spec.containers[0].env;
    expect(env.map((e: any) => e.valueFrom.secretKeyRef.name)).toEqual(['mongo-root', 'mongo-root']);
  });

  test.each(ENVIRONMENTS.map((e) => [e.name]))('%s serves mongo-express through a Service and an Ingress on its host', (environment) => {
    const objects = objectsOf(environment);
    const settings = ENVIRONMENTS.find((e) => e.name === environment)!;
    const deployment = findObject(objects, 'Deployment', 'mongo-express');
    const service = findObject(objects, 'Service', 'mongo-express');
    expect(service.spec.selector).toEqual(deployment.spec.selector.matchLabels);
    const ingress = objectsOfKind(objects, 'Ingress')[0]!;
    expect(ingress.spec.rules[0].host).toBe(settings.host);
    expect(ingress.spec.rules[0].http.paths[0].backend.service).toEqual({ name: 'mongo-express', port: { number: 80 } });
    const config = findObject(objects, 'ConfigMap', 'mongo-express-config');
    expect(config.data.database_url).toBe('mongodb://mongodb-headless:27017/');
    expect(deployment.spec.template.metadata.labels['shipshape.io/environment']).toBe(environment);
    expect(deployment.spec.template.metadata.annotations?.['shipshape.io/config-hash']).toMatch(/^[0-9a-f]{16}$/);
  });

  test.each(ENVIRONMENTS.map((e) => [e.name]))('%s isolates its namespace: MongoDB accepts mongo-express and the backup job only, and mongo-express the ingress controller only', (environment) => {
    const objects = objectsOf(environment);
    const policies = objectsOfKind(objects, 'NetworkPolicy').map((policy) => policy.metadata.name).sort();
    expect(policies).toEqual(['default-deny-egress', 'default-deny-ingress', 'mongo-express-from-ingress', 'mongodb-clients']);
    const statefulSet = findObject(objects, 'StatefulSet', 'mongodb');
    const deployment = findObject(objects, 'Deployment', 'mongo-express');
    const database = findObject(objects, 'NetworkPolicy', 'mongodb-clients').spec;
    expect(database.podSelector).toEqual(statefulSet.spec.selector);
    expect(database.policyTypes).toEqual(['Ingress']);
    const backup = findObject(objects, 'CronJob', 'mongo-backup').spec.jobTemplate.spec.template.metadata.labels;
    expect(database.ingress).toEqual([
      { from: [{ podSelector: deployment.spec.selector }], ports: [{ port: 'mongodb', protocol: 'TCP' }] },
      { from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': backup['app.kubernetes.io/name'] } } }], ports: [{ port: 'mongodb', protocol: 'TCP' }] },
    ]);
    expect(statefulSet.spec.template.spec.containers[0].ports).toContainEqual(expect.objectContaining({ name: 'mongodb' }));
    const web = findObject(objects, 'NetworkPolicy', 'mongo-express-from-ingress').spec;
    expect(web.podSelector).toEqual(deployment.spec.selector);
    expect(web.ingress).toEqual([{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }], ports: [{ port: 'http', protocol: 'TCP' }] }]);
  });

  test('environments differ in replicas, storage, resources and host', () => {
    const [dev, staging, prod] = ['dev', 'staging', 'prod'].map(objectsOf) as [Obj[], Obj[], Obj[]];
    expect(findObject(dev, 'Deployment', 'mongo-express').spec.replicas).toBe(1);
    expect(findObject(staging, 'Deployment', 'mongo-express').spec.replicas).toBe(2);
    // prod autoscales: the HPA owns the replica count.
    expect(findObject(prod, 'Deployment', 'mongo-express').spec.replicas).toBeUndefined();
    expect(findObject(prod, 'HorizontalPodAutoscaler', 'mongo-express').spec).toMatchObject({ minReplicas: 3, maxReplicas: 6 });
    const memory = (objects: Obj[]) => findObject(objects, 'StatefulSet', 'mongodb').spec.template.spec.containers[0].resources.limits.memory;
    expect(new Set([memory(dev), memory(staging), memory(prod)]).size).toBe(3);
    expect(objectsOfKind(dev, 'PodDisruptionBudget').map((p) => p.metadata.name)).toEqual(['mongodb']);
    expect(objectsOfKind(prod, 'PodDisruptionBudget').map((p) => p.metadata.name).sort()).toEqual(['mongo-express', 'mongodb']);
  });

  test('dev synthesizes its Secrets from marked development values; staging and prod reference existing Secrets', () => {
    const dev = objectsOf('dev');
    const root = findObject(dev, 'Secret', 'mongo-root');
    expect(root.type).toBe('kubernetes.io/basic-auth');
    expect(root.metadata.annotations?.['shipshape.io/development-values']).toBe('password,username');
    for (const environment of ['staging', 'prod']) {
      const objects = objectsOf(environment);
      expect(objectsOfKind(objects, 'Secret')).toEqual([]);
      const external = findObject(objects, 'Deployment', 'mongo-express').metadata.annotations?.['validate.shipshape.io/external'];
      expect(external).toBe('Secret/mongo-express-login, Secret/mongo-root');
      expect(objectsOfKind(objects, 'Ingress')[0]!.spec.tls[0].secretName).toBe('mongo-express-tls');
    }
  });

  test('staging and prod get their Ingress TLS Secret from a cert-manager Certificate for the host; dev serves HTTP only', () => {
    expect(objectsOfKind(objectsOf('dev'), 'Certificate')).toEqual([]);
    for (const [environment, issuer] of [['staging', 'letsencrypt-staging'], ['prod', 'letsencrypt']] as const) {
      const objects = objectsOf(environment);
      const ingress = objectsOfKind(objects, 'Ingress')[0]!;
      const certificate = findObject(objects, 'Certificate', 'mongo-express-tls');
      expect(certificate.apiVersion).toBe('cert-manager.io/v1');
      expect(certificate.metadata.namespace).toBe(ingress.metadata.namespace);
      expect(certificate.spec.secretName).toBe(ingress.spec.tls[0].secretName);
      expect(certificate.spec.dnsNames).toEqual(ingress.spec.tls[0].hosts);
      expect(certificate.spec.issuerRef).toEqual({ group: 'cert-manager.io', kind: 'ClusterIssuer', name: issuer });
    }
  });

  test('real credentials from the environment replace the development values', () => {
    process.env.MONGO_ROOT_PASSWORD = 'from-the-environment';
    try {
      const result = synthesize(buildApp());
      const root = result.manifests.find((m) => m.object.kind === 'Secret' && m.object.metadata.name === 'mongo-root')!.object as unknown as Obj;
      expect(Buffer.from(root.data.password, 'base64').toString()).toBe('from-the-environment');
      expect(root.metadata.annotations?.['shipshape.io/development-values']).toBe('username');
    } finally {
      delete process.env.MONGO_ROOT_PASSWORD;
    }
  });
});
