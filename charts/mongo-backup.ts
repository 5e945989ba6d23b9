/**
 * Disaster recovery for MongoDB: a nightly `mongodump` into a claim of its own that keeps the last N dumps,
 * and, only when asked for, a Job that restores one of them. Both run under a ServiceAccount of their own
 * that has no API access and mounts no token.
 */
import { Construct } from 'constructs';
import {
  Capability,
  ConcurrencyPolicy,
  ContainerProps,
  Cpu,
  CronJob,
  Duration,
  EnvValue,
  ISecret,
  Job,
  PersistentVolumeClaim,
  ServiceAccount,
  ShipshapeError,
  Size,
  Volume,
} from '../src';

/** The image of the database: its mongodump and mongorestore match the server. */
const MONGO_TOOLS_IMAGE = 'mongo:7.0.14';
/** The mongodb user of the official image; it owns the dumps. */
const MONGO_UID = 999;
/** Where the backup claim is mounted. */
const BACKUP_DIR = '/backup';
/** Dumps are named `mongo-<UTC time>.archive.gz`, so name order is time order. */
const DUMP_NAME = /^mongo-\d{8}T\d{6}Z\.archive\.gz$/;

/** The backup schedule and retention of one environment. */
export interface BackupSettings {
  /** When the backup runs, in cron syntax, in UTC. */
  readonly schedule: string;
  /** How many dumps to keep; older ones are deleted after each successful dump. */
  readonly retention: number;
  /** Size of the backup claim: room for `retention` dumps and one more being written. */
  readonly storage: Size;
}

/** Props of the backup. */
export interface MongoBackupProps {
  /** The database's Service name (its pods are reached through it). */
  readonly databaseHost: string;
  /** The database port. */
  readonly databasePort: number;
  /** The root credentials the database uses (`username`, `password`). */
  readonly credentials: ISecret;
  /** Schedule, retention and storage. */
  readonly settings: BackupSettings;
  /**
   * Restore this dump: `latest`, or a dump file name such as `mongo-20261129T020000Z.archive.gz`. The
   * scheduled backup is suspended meanwhile, so that it cannot rotate a good dump away during the restore.
   * @default - no restore Job
   */
  readonly restore?: string;
}

/** The nightly backup CronJob, its claim and account, and the restore Job when one is asked for. */
export class MongoBackup extends Construct {
  /** The scheduled backup. */
  readonly cronJob: CronJob;
  /** The restore Job, when `restore` was given. */
  readonly restoreJob: Job | undefined;
  /** The claim that holds the dumps. */
  readonly claim: PersistentVolumeClaim;
  /** The identity both jobs run as: no role is bound to it, no token is mounted. */
  readonly serviceAccount: ServiceAccount;

  constructor(scope: Construct, id: string, props: MongoBackupProps) {
    super(scope, id);
    const { settings } = props;
    if (!Number.isInteger(settings.retention) || settings.retention < 1) {
      throw new ShipshapeError(`MongoBackup '${this.node.path}': settings.retention must be a whole number >= 1, got ${settings.retention}. Keep at least one dump.`);
    }
    this.serviceAccount = new ServiceAccount(this, 'Account', { name: 'mongo-backup', automountToken: false });
    this.claim = new PersistentVolumeClaim(this, 'Dumps', { name: 'mongo-backup', size: settings.storage });
    const container = (name: string, command: string, extraEnv: Record<string, EnvValue>): ContainerProps => ({
      name,
      image: MONGO_TOOLS_IMAGE,
      command: ['/bin/bash', '-c', command],
      env: {
        MONGO_HOST: EnvValue.fromValue(props.databaseHost),
        MONGO_PORT: EnvValue.fromValue(String(props.databasePort)),
        MONGO_USERNAME: EnvValue.fromSecret(props.credentials, 'username'),
        MONGO_PASSWORD: EnvValue.fromSecret(props.credentials, 'password'),
        ...extraEnv,
      },
      resources: {
        requests: { cpu: Cpu.millis(100), memory: Size.mebibytes(256) },
        limits: { cpu: Cpu.units(1), memory: Size.gibibytes(1) },
      },
      securityContext: { readOnlyRootFilesystem: true, runAsNonRoot: true, runAsUser: MONGO_UID, runAsGroup: MONGO_UID, capabilities: { drop: [Capability.ALL] } },
    });
    const common = {
      serviceAccount: this.serviceAccount,
      // fsGroup makes the claim writable for the mongodb user.
      securityContext: { fsGroup: MONGO_UID, runAsNonRoot: true },
      backoffLimit: 2,
      activeDeadline: Duration.hours(2),
    };

    this.cronJob = new CronJob(this, 'Default', {
      ...common,
      name: 'mongo-backup',
      schedule: settings.schedule,
      timeZone: 'Etc/UTC',
      concurrencyPolicy: ConcurrencyPolicy.FORBID,
      // A run missed while the control plane was down still starts within the hour.
      startingDeadline: Duration.hours(1),
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 3,
      suspend: props.restore !== undefined,
      containers: [container('mongodump', BACKUP_SCRIPT, { KEEP_DUMPS: EnvValue.fromValue(String(settings.retention)) })],
    });
    this.#mountDumps(this.cronJob, false);

    if (props.restore !== undefined) {
      const dump = props.restore;
      if (dump !== 'latest' && !DUMP_NAME.test(dump)) {
        throw new ShipshapeError(
          `MongoBackup '${this.node.path}': restore must be "latest" or a dump name like "mongo-20261129T020000Z.archive.gz", got ${JSON.stringify(dump)}. List the dumps with the command in the README drill.`,
        );
      }
      this.restoreJob = new Job(this, 'Restore', {
        ...common,
        // One name per dump: a Job's template cannot change, so restoring another dump is another Job.
        name: dump === 'latest' ? 'mongo-restore-latest' : `mongo-restore-${dump.slice('mongo-'.length, 'mongo-'.length + 16).toLowerCase()}`,
        containers: [container('mongorestore', RESTORE_SCRIPT, { RESTORE_DUMP: EnvValue.fromValue(dump) })],
      });
      this.#mountDumps(this.restoreJob, true);
    }
  }

  /** Mounts the dumps and a writable /tmp (the root filesystem is read-only). */
  #mountDumps(workload: CronJob | Job, readOnly: boolean): void {
    const main = workload.containers[0]!;
    main.mount(BACKUP_DIR, Volume.fromPersistentVolumeClaim(this.claim), { readOnly });
    main.mount('/tmp', Volume.fromEmptyDir('tmp'));
  }
}

/**
 * Dumps into a hidden partial file and renames it only when mongodump succeeded, so that a failed run never
 * counts as a dump nor rotates a good one away; then keeps the newest KEEP_DUMPS dumps.
 */
const BACKUP_SCRIPT = `set -euo pipefail
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
rm -f ${BACKUP_DIR}/.mongo-*.partial
mongodump --host="$MONGO_HOST" --port="$MONGO_PORT" --username="$MONGO_USERNAME" --password="$MONGO_PASSWORD" \\
  --authenticationDatabase=admin --gzip --archive="${BACKUP_DIR}/.mongo-$stamp.partial"
mv "${BACKUP_DIR}/.mongo-$stamp.partial" "${BACKUP_DIR}/mongo-$stamp.archive.gz"
ls -1 ${BACKUP_DIR}/mongo-*.archive.gz | sort -r | tail -n +$((KEEP_DUMPS + 1)) | xargs -r rm -f --
echo "dump mongo-$stamp.archive.gz written; kept:"
ls -1 ${BACKUP_DIR}/mongo-*.archive.gz`;

/** Restores RESTORE_DUMP (or the newest dump for `latest`), replacing the collections it contains. */
const RESTORE_SCRIPT = `set -euo pipefail
if [ "$RESTORE_DUMP" = latest ]; then
  dump="$( (ls -1 ${BACKUP_DIR}/mongo-*.archive.gz 2>/dev/null || true) | sort | tail -n 1)"
else
  dump="${BACKUP_DIR}/$RESTORE_DUMP"
fi
if [ ! -f "$dump" ]; then
  echo "no dump $dump; the dumps are:" >&2
  ls -1 ${BACKUP_DIR} >&2
  exit 1
fi
echo "restoring $dump"
mongorestore --host="$MONGO_HOST" --port="$MONGO_PORT" --username="$MONGO_USERNAME" --password="$MONGO_PASSWORD" \\
  --authenticationDatabase=admin --drop --gzip --archive="$dump"
echo "restored $dump"`;
