/** The reference application: MongoDB and its mongo-express UI in their own namespace. */
import { Construct } from 'constructs';
import { AppChart, IPodSelector, ISecret, Secret, SecretType, SecretValue } from '../src';
import { CredentialSource, EnvironmentSettings } from './environments';
import { MongoBackup } from './mongo-backup';
import { Certificate } from './imports/cert-manager.io';
import { MONGO_PORT, MongoDatabase } from './mongo-database';
import { MongoExpress } from './mongo-express';

/** Props of the app chart. */
export interface MongoAppChartProps {
  readonly settings: EnvironmentSettings;
  /**
   * A dump to restore (`latest` or a dump file name): adds the restore Job and suspends the backup meanwhile.
   * @default - no restore
   */
  readonly restore?: string;
}

/**
 * MongoDB + mongo-express for one environment. The namespace is isolated: no pod accepts a connection or
 * reaches outside the namespace unless a NetworkPolicy declares it (DNS excepted).
 */
export class MongoAppChart extends AppChart {
  /** The nightly backup (and the restore Job, when one was asked for). */
  readonly backup: MongoBackup;
  /** Every job that connects to the database: the backup CronJob and, during a restore, the restore Job. */
  readonly databaseJobs: readonly IPodSelector[];
  /** The database; `database.allowClient(workload)` lets another workload connect to it. */
  readonly database: MongoDatabase;

  constructor(scope: Construct, id: string, props: MongoAppChartProps) {
    super(scope, id, { networkIsolation: true });
    const { settings } = props;
    const databaseCredentials = this.#credentials('DatabaseCredentials', 'mongo-root', 'MONGO_ROOT', settings.credentials);
    const loginCredentials = this.#credentials('LoginCredentials', 'mongo-express-login', 'MONGO_EXPRESS_LOGIN', settings.credentials);
    const database = new MongoDatabase(this, 'Mongodb', {
      credentials: databaseCredentials,
      storage: settings.databaseStorage,
      resources: settings.databaseResources,
    });
    this.database = database;
    const express = new MongoExpress(this, 'MongoExpress', {
      databaseService: database.statefulSet.service,
      databasePort: MONGO_PORT,
      databaseCredentials,
      loginCredentials,
      replicas: settings.webReplicas,
      resources: settings.webResources,
      host: settings.host,
      tlsSecret: settings.tls === undefined ? undefined : this.#certificate(settings.host, settings.tls),
    });
    this.backup = new MongoBackup(this, 'Backup', {
      databaseHost: database.statefulSet.service.name,
      databasePort: MONGO_PORT,
      credentials: databaseCredentials,
      settings: settings.backup,
      restore: props.restore,
    });
    this.databaseJobs = this.backup.restoreJob ? [this.backup.cronJob, this.backup.restoreJob] : [this.backup.cronJob];
    // MongoDB accepts connections from mongo-express and the backup and restore jobs only.
    database.allowClient(express.deployment);
    for (const job of this.databaseJobs) database.allowClient(job);
  }

  /**
   * The TLS Secret of the host, kept issued and renewed by cert-manager: a Certificate (imported from cert-manager's
   * CRD with `shipshape import charts/crds -o charts/imports --module ../../src`) writes it, the Ingress reads it.
   */
  #certificate(host: string, tls: NonNullable<EnvironmentSettings['tls']>): ISecret {
    new Certificate(this, 'Tls', {
      name: tls.secretName,
      spec: {
        secretName: tls.secretName,
        dnsNames: [host],
        issuerRef: { group: 'cert-manager.io', kind: 'ClusterIssuer', name: tls.clusterIssuer },
        privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' },
      },
    });
    return Secret.fromSecretName(this, tls.secretName, { type: SecretType.TLS });
  }

  /** A basic-auth Secret: synthesized from `<PREFIX>_USERNAME`/`<PREFIX>_PASSWORD`, or an existing one. */
  #credentials(id: string, name: string, variablePrefix: string, source: CredentialSource): ISecret {
    if (source === CredentialSource.EXISTING) return Secret.fromSecretName(this, name, { keys: ['username', 'password'] });
    return new Secret(this, id, {
      name,
      type: SecretType.BASIC_AUTH,
      data: {
        username: SecretValue.fromEnv(`${variablePrefix}_USERNAME`, { developmentValue: 'dev-admin' }),
        password: SecretValue.fromEnv(`${variablePrefix}_PASSWORD`, { developmentValue: 'dev-only-not-a-secret' }),
      },
    });
  }
}
