import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Testing } from 'cdk8s';
import {
  AppChart,
  DEVELOPMENT_VALUES_ANNOTATION,
  Deployment,
  EnvValue,
  Environment,
  EXTERNAL_REFERENCES_ANNOTATION,
  Secret,
  SecretType,
  SecretValue,
  synthesize,
  SynthesisError,
  ValidationError,
  Volume,
} from '../../../src';
import { withEnv } from '../../helpers/env';
import { shipshapeErrorOf } from '../../helpers/errors';
import { findObject } from '../../helpers/find';

// Variable names no real environment sets, so that tests control them completely.
const USER = 'SHIPSHAPE_TEST_SECRET_USER';
const PASSWORD = 'SHIPSHAPE_TEST_SECRET_PASSWORD';
const REAL_PASSWORD = 'hunter2-Zq9!real';

let folder: string;
beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'shipshape-secret-'));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function chartIn(environment: string, props: { allowDevelopmentSecrets?: boolean } = {}): { app: App; chart: AppChart } {
  const app = new App();
  return { app, chart: new AppChart(new Environment(app, environment, props), 'shop') };
}

function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

describe('Secret', () => {
  test('a Secret without values is an Opaque Secret without data', () => {
    const { chart } = chartIn('prod');
    new Secret(chart, 'Credentials');
    const secret = findObject(Testing.synth(chart), 'Secret', 'credentials');
    expect(secret.type).toBe('Opaque');
    expect(secret).not.toHaveProperty('data');
  });

  test('a Secret reads values from environment variables and files, base64-encoded', () => {
    const { app, chart } = chartIn('prod');
    const keyFile = join(folder, 'id_rsa');
    writeFileSync(keyFile, Buffer.from([0x00, 0xff, 0x10]));
    const secret = new Secret(chart, 'Credentials', {
      name: 'db-credentials',
      type: SecretType.BASIC_AUTH,
      immutable: true,
      labels: { tier: 'db' },
      data: { username: SecretValue.fromEnv(USER), password: SecretValue.fromEnv(PASSWORD) },
    });
    secret.addValue('key', SecretValue.fromFile(keyFile));
    expect(secret.keys).toEqual(new Set(['username', 'password', 'key']));
    const output = withEnv({ [USER]: 'admin', [PASSWORD]: REAL_PASSWORD }, () => synthesize(app));
    const written = findObject(output.manifests, 'Secret', 'db-credentials');
    expect(written.data).toEqual({ username: base64('admin'), password: base64(REAL_PASSWORD), key: Buffer.from([0x00, 0xff, 0x10]).toString('base64') });
    expect(written.type).toBe('kubernetes.io/basic-auth');
    expect(written.immutable).toBe(true);
    expect(written.metadata.labels).toMatchObject({ tier: 'db' });
    expect(written.metadata.annotations ?? {}).not.toHaveProperty([DEVELOPMENT_VALUES_ANNOTATION]);
    expect(output.files.find((file) => file.path === 'prod/shop.secrets.k8s.yaml')?.private).toBe(true);
  });

  test('a Secret reads its values again at each synthesis', () => {
    const { chart } = chartIn('prod');
    new Secret(chart, 'Token', { data: { token: SecretValue.fromEnv(PASSWORD) } });
    const first = withEnv({ [PASSWORD]: 'one' }, () => findObject(Testing.synth(chart), 'Secret', 'token').data.token);
    const second = withEnv({ [PASSWORD]: 'two' }, () => findObject(Testing.synth(chart), 'Secret', 'token').data.token);
    expect([first, second]).toEqual([base64('one'), base64('two')]);
  });

  test('fails when an environment variable is not set, naming the variable and how to fix it', () => {
    const { chart } = chartIn('prod');
    new Secret(chart, 'Token', { data: { token: SecretValue.fromEnv(PASSWORD) } });
    const error = withEnv({ [PASSWORD]: undefined }, () => shipshapeErrorOf(() => Testing.synth(chart)));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toBe(
      `Secret 'prod/shop/Token': data: no value for token (environment variable ${PASSWORD} is not set), got nothing. Set environment variable ${PASSWORD}, or reference an existing Secret with Secret.fromSecretName().`,
    );
  });

  test('fails when an empty environment variable is the only value', () => {
    const { chart } = chartIn('prod');
    new Secret(chart, 'Token', { data: { token: SecretValue.fromEnv(PASSWORD) } });
    expect(() => withEnv({ [PASSWORD]: '' }, () => Testing.synth(chart))).toThrow(/environment variable SHIPSHAPE_TEST_SECRET_PASSWORD is not set/);
  });

  test('fails when a file is missing, naming the file', () => {
    const { chart } = chartIn('prod');
    const missing = join(folder, 'missing.pem');
    new Secret(chart, 'Key', { data: { key: SecretValue.fromFile(missing) } });
    expect(() => Testing.synth(chart)).toThrow(`no value for key (file ${missing} is not set)`);
  });

  test('reports every missing value together and never a value that is set', () => {
    const { app, chart } = chartIn('prod');
    new Secret(chart, 'Credentials', {
      data: { username: SecretValue.fromEnv(USER), password: SecretValue.fromEnv(PASSWORD), other: SecretValue.fromEnv(`${USER}_OTHER`) },
    });
    const error = withEnv({ [USER]: undefined, [PASSWORD]: REAL_PASSWORD, [`${USER}_OTHER`]: undefined }, () => shipshapeErrorOf(() => synthesize(app)));
    expect(error).toBeInstanceOf(SynthesisError);
    expect(error.message).toMatch(new RegExp(`no value for username \\(environment variable ${USER} is not set\\), other \\(environment variable ${USER}_OTHER is not set\\)`));
    expect(error.message).toMatch(/Set each variable or file named above/);
    expect(error.message).not.toContain(REAL_PASSWORD);
    expect(error.message).not.toContain(base64(REAL_PASSWORD));
  });

  test('never puts a set value into an error, even when the workload using it fails', () => {
    const { chart } = chartIn('prod');
    const secret = new Secret(chart, 'Credentials', { data: { password: SecretValue.fromEnv(PASSWORD) } });
    const deployment = new Deployment(chart, 'Web', { containers: [{ image: 'nginx:1.27', env: { PASSWORD: EnvValue.fromSecret(secret, 'password') } }] });
    const message = withEnv({ [PASSWORD]: REAL_PASSWORD }, () => shipshapeErrorOf(() => deployment.addContainer({ name: 'side', image: 'x', env: { A: EnvValue.fromSecret(secret, 'pasword') } })).message);
    expect(message).not.toContain(REAL_PASSWORD);
  });

  test('a Secret in dev falls back to its development value and is annotated as holding one', () => {
    const { chart } = chartIn('dev');
    new Secret(chart, 'Credentials', {
      data: { username: SecretValue.fromEnv(USER, { developmentValue: 'dev-admin' }), password: SecretValue.fromEnv(PASSWORD, { developmentValue: 'dev-only' }) },
    });
    const secret = withEnv({ [USER]: 'real-admin', [PASSWORD]: undefined }, () => findObject(Testing.synth(chart), 'Secret', 'credentials'));
    expect(secret.data).toEqual({ username: base64('real-admin'), password: base64('dev-only') });
    expect(secret.metadata.annotations?.[DEVELOPMENT_VALUES_ANNOTATION]).toBe('password');
  });

  test('a Secret falls back to development values in an environment that allows them explicitly', () => {
    const { chart } = chartIn('qa', { allowDevelopmentSecrets: true });
    new Secret(chart, 'Token', { data: { token: SecretValue.fromEnv(PASSWORD, { developmentValue: 'dev-token' }) } });
    const secret = withEnv({ [PASSWORD]: undefined }, () => findObject(Testing.synth(chart), 'Secret', 'token'));
    expect(secret.data.token).toBe(base64('dev-token'));
  });

  test('a Secret drops the development annotation once the real value is set', () => {
    const { chart } = chartIn('dev');
    new Secret(chart, 'Token', { data: { token: SecretValue.fromEnv(PASSWORD, { developmentValue: 'dev-token' }) } });
    withEnv({ [PASSWORD]: undefined }, () => Testing.synth(chart));
    const secret = withEnv({ [PASSWORD]: 'real' }, () => findObject(Testing.synth(chart), 'Secret', 'token'));
    expect(secret.data.token).toBe(base64('real'));
    expect(secret.metadata.annotations ?? {}).not.toHaveProperty([DEVELOPMENT_VALUES_ANNOTATION]);
  });

  test('fails when a development value would be needed in an environment that does not allow it', () => {
    const { chart } = chartIn('prod');
    new Secret(chart, 'Token', { data: { token: SecretValue.fromEnv(PASSWORD, { developmentValue: 'dev-token' }) } });
    expect(() => withEnv({ [PASSWORD]: undefined }, () => Testing.synth(chart))).toThrow(
      /no value for token.*Set environment variable SHIPSHAPE_TEST_SECRET_PASSWORD \(the development value is only used in environments that allow it\)/,
    );
  });

  test('a Secret outside any AppChart never uses development values', () => {
    const chart = Testing.chart();
    new Secret(chart, 'Token', { data: { token: SecretValue.fromEnv(PASSWORD, { developmentValue: 'dev-token' }) } });
    expect(() => withEnv({ [PASSWORD]: undefined }, () => Testing.synth(chart))).toThrow(/no value for token/);
  });

  test.each([
    [SecretType.BASIC_AUTH, '"username", "password"'],
    [SecretType.TLS, '"tls.crt", "tls.key"'],
    [SecretType.DOCKER_CONFIG_JSON, '".dockerconfigjson"'],
    [SecretType.SSH_AUTH, '"ssh-privatekey"'],
  ])('fails at synthesis when a %s Secret lacks the keys its type requires', (type, keys) => {
    const { app, chart } = chartIn('prod');
    new Secret(chart, 'Typed', { type, data: { other: SecretValue.fromEnv(PASSWORD) } });
    const error = withEnv({ [PASSWORD]: 'x' }, () => shipshapeErrorOf(() => synthesize(app)));
    expect(error).toBeInstanceOf(SynthesisError);
    expect(error.message).toContain(`Secret 'prod/shop/Typed': type: a ${type} Secret needs the keys ${keys}, got ["other"]. Add them with addValue() or use SecretType.OPAQUE.`);
  });

  test('a TLS Secret with both keys is valid', () => {
    const { app, chart } = chartIn('prod');
    new Secret(chart, 'Tls', { type: SecretType.TLS, data: { 'tls.crt': SecretValue.fromEnv(USER), 'tls.key': SecretValue.fromEnv(PASSWORD) } });
    const output = withEnv({ [USER]: 'cert', [PASSWORD]: 'key' }, () => synthesize(app));
    expect(findObject(output.manifests, 'Secret', 'tls').type).toBe('kubernetes.io/tls');
  });

  test('fails when a key is added twice', () => {
    const { chart } = chartIn('prod');
    const secret = new Secret(chart, 'Token', { data: { token: SecretValue.fromEnv(PASSWORD) } });
    expect(() => secret.addValue('token', SecretValue.fromEnv(USER))).toThrow(/Secret 'prod\/shop\/Token': data\.token: key is already defined, got "token"\. Use each key once\./);
  });

  test('fails when a key holds characters keys cannot have', () => {
    const { chart } = chartIn('prod');
    expect(() => new Secret(chart, 'Token', { data: { 'a b': SecretValue.fromEnv(PASSWORD) } })).toThrow(/data\.a b: key may only contain.*got "a b"\. Rename the key\./);
  });

  test('Secret.fromSecretName marks the workloads that use it with the external-reference annotation', () => {
    const { app, chart } = chartIn('prod');
    const existing = Secret.fromSecretName(chart, 'mongo-root', { keys: ['username', 'password'] });
    const other = Secret.fromSecretName(chart, 'api-token');
    new Deployment(chart, 'Web', {
      containers: [
        {
          image: 'nginx:1.27',
          env: { DB_USER: EnvValue.fromSecret(existing, 'username') },
          envFrom: [other],
        },
      ],
    });
    new Deployment(chart, 'Plain', { containers: [{ image: 'nginx:1.27' }] });
    const output = synthesize(app);
    expect(findObject(output.manifests, 'Deployment', 'web').metadata.annotations?.[EXTERNAL_REFERENCES_ANNOTATION]).toBe('Secret/api-token, Secret/mongo-root');
    expect(findObject(output.manifests, 'Deployment', 'plain').metadata.annotations ?? {}).not.toHaveProperty([EXTERNAL_REFERENCES_ANNOTATION]);
  });

  test('Secret.fromSecretName mounted as a volume also marks the workload', () => {
    const { chart } = chartIn('prod');
    const web = new Deployment(chart, 'Web', { containers: [{ image: 'nginx:1.27' }] });
    web.containers[0]!.mount('/etc/tls', Volume.fromSecret(Secret.fromSecretName(chart, 'web-tls', { type: SecretType.TLS })));
    expect(findObject(Testing.synth(chart), 'Deployment', 'web').metadata.annotations?.[EXTERNAL_REFERENCES_ANNOTATION]).toBe('Secret/web-tls');
  });

  test('Secret.fromSecretName describes the existing Secret', () => {
    const { chart } = chartIn('prod');
    const existing = Secret.fromSecretName(chart, 'mongo-root', { type: SecretType.BASIC_AUTH });
    expect(existing).toMatchObject({ kind: 'Secret', name: 'mongo-root', external: true, type: SecretType.BASIC_AUTH, keys: undefined });
    expect(existing.path).toBe('prod/shop(existing Secret mongo-root)');
  });
});
