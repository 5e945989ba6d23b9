/** MongoDB as a StatefulSet: stable identity, a volume per replica, root credentials from a Secret. */
import { Construct } from 'constructs';
import { ContainerResources, EnvValue, IPodSelector, ISecret, NetworkPolicy, Size, StatefulSet } from '../src';

/** Props of the database. */
export interface MongoDatabaseProps {
  /** The root credentials: a Secret with `username` and `password`. */
  readonly credentials: ISecret;
  /** Storage per replica. */
  readonly storage: Size;
  /** Resources of the mongod container. */
  readonly resources: ContainerResources;
}

/** The port mongod listens on. */
export const MONGO_PORT = 27017;

/**
 * A single-replica MongoDB with its governing headless Service, a claim for its data, and a NetworkPolicy that
 * accepts connections only from the clients it is told about (`allowClient()`).
 */
export class MongoDatabase extends Construct {
  /** The StatefulSet; its headless Service is `statefulSet.service`. */
  readonly statefulSet: StatefulSet;
  /** Who may connect: nobody but the clients passed to `allowClient()` (in a namespace that isolates ingress). */
  readonly networkPolicy: NetworkPolicy;

  constructor(scope: Construct, id: string, props: MongoDatabaseProps) {
    super(scope, id);
    this.statefulSet = new StatefulSet(this, 'Default', {
      // One replica: more would need a replica set (rs.initiate), which this reference app leaves out.
      replicas: 1,
      // The image's entrypoint starts as root and drops to uid 999; fsGroup makes the volume writable for it.
      securityContext: { fsGroup: 999 },
      skipChecks: {
        'policy/run-as-non-root': 'the official mongo image starts as root to fix data ownership, then drops to uid 999',
        'policy/read-only-root-filesystem': 'mongod and its entrypoint write outside the data volume (/tmp, /data/configdb)',
      },
      containers: [
        {
          name: 'mongod',
          image: 'mongo:7.0.14',
          ports: [{ number: MONGO_PORT, name: 'mongodb' }],
          env: {
            MONGO_INITDB_ROOT_USERNAME: EnvValue.fromSecret(props.credentials, 'username'),
            MONGO_INITDB_ROOT_PASSWORD: EnvValue.fromSecret(props.credentials, 'password'),
          },
          resources: props.resources,
        },
      ],
      volumeClaimTemplates: [{ name: 'data', size: props.storage, mountPath: '/data/db' }],
    });
    this.networkPolicy = new NetworkPolicy(this, 'Clients', { selects: this.statefulSet });
  }

  /** Lets a workload's pods connect to mongod (and nobody else who is not allowed already). */
  allowClient(client: IPodSelector): void {
    this.networkPolicy.allowFrom(client, 'mongodb');
  }
}
