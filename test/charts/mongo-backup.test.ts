/** The disaster-recovery part of the reference app: the nightly backup and the restore Job on demand. */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'cdk8s';
import { synthesize } from '../../src/synth';
import { AppChart, Secret, ShipshapeError, Size } from '../../src';
import { buildApp, RESTORE_VARIABLE } from '../../charts/main';
import { ENVIRONMENTS } from '../../charts/environments';
import { MongoAppChart } from '../../charts/mongo-app';
import { MongoBackup } from '../../charts/mongo-backup';
import { findObject, objectsOfKind, Obj } from '../helpers/manifests';

function objectsOf(environment: string, env: NodeJS.ProcessEnv = {}): Obj[] {
  const result = synthesize(buildApp(env));
  expect(result.report?.problems.filter((problem) => problem.severity === 'error')).toEqual([]);
  return result.manifests.filter((m) => m.file?.startsWith(`dist/${environment}/`)).map((m) => m.object as unknown as Obj);
}

describe('the MongoDB backup', () => {
  test.each(ENVIRONMENTS.map((e) => [e.name]))('%s dumps the database every night into its own claim, keeping the last N dumps', (environment) => {
    const settings = ENVIRONMENTS.find((e) => e.name === environment)!;
    const objects = objectsOf(environment);
    const cronJob = findObject(objects, 'CronJob', 'mongo-backup');
    expect(cronJob.spec).toMatchObject({ schedule: settings.backup.schedule, timeZone: 'Etc/UTC', concurrencyPolicy: 'Forbid' });
    expect(cronJob.spec.suspend).toBeUndefined();
    const pod = cronJob.spec.jobTemplate.spec.template.spec;
    const [container] = pod.containers;
    expect(container.image).toBe(findObject(objects, 'StatefulSet', 'mongodb').spec.template.spec.containers[0].image);
    expect(container.command.join(' ')).toMatch(/mongodump [\s\S]*--archive=/);
    const env = Object.fromEntries(container.env.map((variable: any) => [variable.name, variable.value ?? variable.valueFrom.secretKeyRef]));
    expect(env).toEqual({
      MONGO_HOST: 'mongodb-headless',
      MONGO_PORT: '27017',
      MONGO_USERNAME: { name: 'mongo-root', key: 'username' },
      MONGO_PASSWORD: { name: 'mongo-root', key: 'password' },
      KEEP_DUMPS: String(settings.backup.retention),
    });
    const claim = findObject(objects, 'PersistentVolumeClaim', 'mongo-backup');
    expect(claim.spec.resources.requests.storage).toBe(`${settings.backup.storage.toGibibytes()}Gi`);
    expect(pod.volumes).toContainEqual({ name: 'mongo-backup', persistentVolumeClaim: { claimName: 'mongo-backup' } });
    expect(container.volumeMounts).toContainEqual({ mountPath: '/backup', name: 'mongo-backup' });
    expect(container.securityContext).toMatchObject({ readOnlyRootFilesystem: true, runAsNonRoot: true, runAsUser: 999 });
  });

  test('the backup runs under its own ServiceAccount, which mounts no token and has no role bound', () => {
    const objects = objectsOf('prod');
    const pod = findObject(objects, 'CronJob', 'mongo-backup').spec.jobTemplate.spec.template.spec;
    expect(pod.serviceAccountName).toBe('mongo-backup');
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(findObject(objects, 'ServiceAccount', 'mongo-backup').automountServiceAccountToken).toBe(false);
    for (const kind of ['RoleBinding', 'ClusterRoleBinding']) {
      expect(objectsOfKind(objects, kind).filter((binding) => binding.subjects?.some((subject: any) => subject.name === 'mongo-backup'))).toEqual([]);
    }
  });

  test('the backup script keeps only finished dumps and deletes all but the newest N', () => {
    const command: string = findObject(objectsOf('dev'), 'CronJob', 'mongo-backup').spec.jobTemplate.spec.template.spec.containers[0].command[2];
    expect(command).toMatch(/--archive="\/backup\/\.mongo-\$stamp\.partial"\nmv "\/backup\/\.mongo-\$stamp\.partial" "\/backup\/mongo-\$stamp\.archive\.gz"/);
    expect(command).toContain('ls -1 /backup/mongo-*.archive.gz | sort -r | tail -n +$((KEEP_DUMPS + 1)) | xargs -r rm -f --');
    expect(command.startsWith('set -euo pipefail')).toBe(true);
  });

  test('no restore Job is synthesized unless asked for', () => {
    for (const environment of ENVIRONMENTS) expect(objectsOfKind(objectsOf(environment.name), 'Job')).toEqual([]);
  });

  test(`${RESTORE_VARIABLE}=prod:latest adds a restore Job to prod only and suspends the prod backup meanwhile`, () => {
    const env = { [RESTORE_VARIABLE]: 'prod:latest' };
    const prod = objectsOf('prod', env);
    const restore = findObject(prod, 'Job', 'mongo-restore-latest');
    const container = restore.spec.template.spec.containers[0];
    expect(container.command[2]).toMatch(/mongorestore [\s\S]*--drop --gzip --archive="\$dump"/);
    expect(container.env).toContainEqual({ name: 'RESTORE_DUMP', value: 'latest' });
    expect(restore.spec.template.spec.serviceAccountName).toBe('mongo-backup');
    expect(restore.spec.template.spec.restartPolicy).toBe('Never');
    expect(findObject(prod, 'CronJob', 'mongo-backup').spec.suspend).toBe(true);
    expect(objectsOfKind(objectsOf('staging', env), 'Job')).toEqual([]);
    expect(findObject(objectsOf('staging', env), 'CronJob', 'mongo-backup').spec.suspend).toBeUndefined();
  });

  test('a named dump gets a restore Job of its own name', () => {
    const staging = objectsOf('staging', { [RESTORE_VARIABLE]: 'staging:mongo-20261129T020000Z.archive.gz' });
    const restore = findObject(staging, 'Job', 'mongo-restore-20261129t020000z');
    expect(restore.spec.template.spec.containers[0].env).toContainEqual({ name: 'RESTORE_DUMP', value: 'mongo-20261129T020000Z.archive.gz' });
  });

  test('the chart exposes the jobs that connect to the database', () => {
    const app = new App();
    const chart = new MongoAppChart(app, 'mongo', { settings: ENVIRONMENTS[0]!, restore: 'latest' });
    expect(chart.databaseJobs.map((job) => job.displayName)).toEqual(['CronJob mongo-backup', 'Job mongo-restore-latest']);
    expect(new MongoAppChart(new App(), 'mongo', { settings: ENVIRONMENTS[0]! }).databaseJobs).toHaveLength(1);
  });

  test('fails on a restore request without an environment, or for an unknown one', () => {
    expect(() => buildApp({ [RESTORE_VARIABLE]: 'latest' })).toThrow(ShipshapeError);
    expect(() => buildApp({ [RESTORE_VARIABLE]: 'qa:latest' })).toThrow(/SHIPSHAPE_RESTORE: must be <environment>:<dump> with an environment of dev, staging, prod, got "qa:latest"\. Write e\.g\. SHIPSHAPE_RESTORE=prod:latest\./);
  });

  test('fails on a dump name that is not one the backup writes', () => {
    expect(() => buildApp({ [RESTORE_VARIABLE]: 'prod:../../etc/passwd' })).toThrow(/restore must be "latest" or a dump name like "mongo-20261129T020000Z\.archive\.gz", got "\.\.\/\.\.\/etc\/passwd"/);
  });

  test('fails when the retention keeps no dump', () => {
    const chart = new AppChart(new App(), 'mongo');
    const credentials = Secret.fromSecretName(chart, 'mongo-root');
    expect(() => new MongoBackup(chart, 'Backup', { databaseHost: 'db', databasePort: 27017, credentials, settings: { schedule: '@daily', retention: 0, storage: Size.gibibytes(1) } })).toThrow(
      /settings\.retention must be a whole number >= 1, got 0/,
    );
  });
});

describe('the backup and restore scripts, run by bash with stand-ins for the MongoDB tools', () => {
  // mongodump and mongorestore are not installed here: small scripts stand in for them, recording their
  // arguments, so that the shell logic around them (rotation, partial dumps, dump selection) runs for real.
  let dir = '';
  let bin = '';
  let clock = 0;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'shipshape-backup-'));
    bin = join(dir, 'bin');
    mkdirSync(bin);
    mkdirSync(join(dir, 'backup'));
    clock = 0;
    const tool = (name: string, body: string) => {
      writeFileSync(join(bin, name), `#!/bin/bash\n${body}\n`);
      chmodSync(join(bin, name), 0o755);
    };
    tool('mongodump', 'echo "$@" >> "$TOOL_LOG"; [ "${FAIL_DUMP:-}" = 1 ] && { echo partial > "${@: -1}"; exit 1; }; for a in "$@"; do case "$a" in --archive=*) echo dump > "${a#--archive=}";; esac; done');
    tool('mongorestore', 'echo "$@" >> "$TOOL_LOG"');
    tool('date', 'cat "$CLOCK_FILE"');
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const scriptOf = (objects: Obj[], kind: string, name: string): string => {
    const pod = kind === 'CronJob' ? findObject(objects, kind, name).spec.jobTemplate.spec.template.spec : findObject(objects, kind, name).spec.template.spec;
    return (pod.containers[0].command[2] as string).split('/backup').join(join(dir, 'backup'));
  };

  const run = (script: string, env: Record<string, string>) => {
    clock += 1;
    writeFileSync(join(dir, 'clock'), `20261129T0${String(clock).padStart(5, '0')}Z\n`);
    return spawnSync('bash', ['-c', script], {
      encoding: 'utf8',
      timeout: 20_000,
      env: { HOME: dir, PATH: `${bin}:${process.env.PATH}`, TOOL_LOG: join(dir, 'tools.log'), CLOCK_FILE: join(dir, 'clock'), MONGO_HOST: 'db', MONGO_PORT: '27017', MONGO_USERNAME: 'u', MONGO_PASSWORD: 'p', ...env },
    });
  };

  const dumps = () => readdirSync(join(dir, 'backup')).sort();

  test('five nightly runs keep the newest three dumps; a failed run writes no dump and deletes none', () => {
    const backup = scriptOf(objectsOf('dev'), 'CronJob', 'mongo-backup');
    for (let night = 0; night < 5; night++) expect(run(backup, { KEEP_DUMPS: '3' }).status).toBe(0);
    expect(dumps()).toEqual(['mongo-20261129T000003Z.archive.gz', 'mongo-20261129T000004Z.archive.gz', 'mongo-20261129T000005Z.archive.gz']);
    const failed = run(backup, { KEEP_DUMPS: '3', FAIL_DUMP: '1' });
    expect(failed.status).not.toBe(0);
    expect(dumps().filter((name) => !name.startsWith('.'))).toEqual(['mongo-20261129T000003Z.archive.gz', 'mongo-20261129T000004Z.archive.gz', 'mongo-20261129T000005Z.archive.gz']);
    // The next run clears the partial file the failed one left.
    expect(run(backup, { KEEP_DUMPS: '3' }).status).toBe(0);
    expect(dumps()).toEqual(['mongo-20261129T000004Z.archive.gz', 'mongo-20261129T000005Z.archive.gz', 'mongo-20261129T000007Z.archive.gz']);
    expect(readFileSync(join(dir, 'tools.log'), 'utf8')).toContain('--host=db --port=27017 --username=u --password=p --authenticationDatabase=admin --gzip');
  });

  test('the restore of "latest" restores the newest dump; a named dump that does not exist fails, listing the dumps', () => {
    const backup = scriptOf(objectsOf('dev'), 'CronJob', 'mongo-backup');
    for (let night = 0; night < 2; night++) run(backup, { KEEP_DUMPS: '3' });
    const restore = scriptOf(objectsOf('prod', { [RESTORE_VARIABLE]: 'prod:latest' }), 'Job', 'mongo-restore-latest');
    const restored = run(restore, { RESTORE_DUMP: 'latest' });
    expect(restored.status).toBe(0);
    expect(readFileSync(join(dir, 'tools.log'), 'utf8')).toContain(`--drop --gzip --archive=${join(dir, 'backup')}/mongo-20261129T000002Z.archive.gz`);
    const missing = run(restore, { RESTORE_DUMP: 'mongo-20200101T000000Z.archive.gz' });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('mongo-20261129T000001Z.archive.gz');
  });

  test('the restore of "latest" fails clearly when there is no dump yet', () => {
    const restore = scriptOf(objectsOf('prod', { [RESTORE_VARIABLE]: 'prod:latest' }), 'Job', 'mongo-restore-latest');
    const result = run(restore, { RESTORE_DUMP: 'latest' });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^no dump ; the dumps are:$/m);
  });
});
