/** One rendering of an app: what several objects need of one construct is worked out once per synthesis. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing } from 'cdk8s';
import { Annotations, AppChart, Deployment, EnvValue, Environment, Secret, SecretValue, StatefulSet } from '../../../src';
import { inRenderPass, oncePerRenderPass } from '../../../src/constructs/app/render-pass';
import { synthesize } from '../../../src/synth';
import { withEnv } from '../../helpers/env';
import { findObject } from '../../helpers/find';

const PASSWORD = 'SHIPSHAPE_TEST_RENDER_PASS_PASSWORD';
const CONFIG_HASH = Annotations.CONFIG_HASH;

/** An app whose Secret is read by two workloads, through three variables. */
function sharedSecretApp(): ReturnType<typeof Testing.app> {
  const app = Testing.app();
  const chart = new AppChart(new Environment(app, 'prod'), 'shop');
  const credentials = new Secret(chart, 'Credentials', { name: 'db', data: { password: SecretValue.fromEnv(PASSWORD) } });
  new Deployment(chart, 'Web', {
    containers: [{ image: 'nginx:1.27', ports: [{ number: 80 }], env: { A: EnvValue.fromSecret(credentials, 'password'), B: EnvValue.fromSecret(credentials, 'password') } }],
  });
  new StatefulSet(chart, 'Db', { containers: [{ image: 'postgres:16.4', ports: [{ number: 5432 }], env: { P: EnvValue.fromSecret(credentials, 'password') } }] });
  return app;
}

describe('render pass', () => {
  test('a value is worked out once inside a pass, and on every call outside one', () => {
    const owner = {};
    let calls = 0;
    const compute = (): number => (calls += 1);
    expect(inRenderPass(() => [oncePerRenderPass(owner, compute), oncePerRenderPass(owner, compute)])).toEqual([1, 1]);
    expect(inRenderPass(() => oncePerRenderPass(owner, compute))).toBe(2);
    expect([oncePerRenderPass(owner, compute), oncePerRenderPass(owner, compute)]).toEqual([3, 4]);
  });

  test('a value whose computation throws is not remembered: every caller meets the error', () => {
    const owner = {};
    let calls = 0;
    const failing = (): never => {
      calls += 1;
      throw new RangeError('no value');
    };
    inRenderPass(() => {
      expect(() => oncePerRenderPass(owner, failing)).toThrow(/no value/);
      expect(() => oncePerRenderPass(owner, failing)).toThrow(/no value/);
    });
    expect(calls).toBe(2);
  });

  test('a Secret read by several workloads reads its file once per synthesis, and again in the next one', () => {
    const folder = mkdtempSync(join(tmpdir(), 'shipshape-render-pass-'));
    try {
      const file = join(folder, 'password');
      writeFileSync(file, 'first');
      const app = Testing.app();
      const chart = new AppChart(new Environment(app, 'prod'), 'shop');
      const value = SecretValue.fromFile(file);
      let reads = 0;
      const counted = { resolve: (allow: boolean) => ((reads += 1), value.resolve(allow)) } as unknown as SecretValue;
      const credentials = new Secret(chart, 'Credentials', { name: 'db', data: { password: counted } });
      new Deployment(chart, 'Web', { containers: [{ image: 'nginx:1.27', ports: [{ number: 80 }], env: { A: EnvValue.fromSecret(credentials, 'password') } }] });
      new StatefulSet(chart, 'Db', { containers: [{ image: 'postgres:16.4', ports: [{ number: 5432 }], env: { P: EnvValue.fromSecret(credentials, 'password') } }] });
      const first = findObject(synthesize(app).manifests, 'Secret', 'db');
      expect(reads).toBe(1);
      writeFileSync(file, 'second');
      const second = findObject(synthesize(app).manifests, 'Secret', 'db');
      expect(reads).toBe(2);
      expect(first.data).toEqual({ password: Buffer.from('first').toString('base64') });
      expect(second.data).toEqual({ password: Buffer.from('second').toString('base64') });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  test('the configuration hash of every workload follows the Secret values of the same synthesis', () => {
    const app = sharedSecretApp();
    const hashes = (password: string): Array<string | undefined> => {
      const { manifests } = withEnv({ [PASSWORD]: password }, () => synthesize(app));
      return ['Deployment', 'StatefulSet'].map((kind) => {
        const object = findObject(manifests, kind, kind === 'Deployment' ? 'web' : 'db') as unknown as { spec: { template: { metadata: { annotations: Record<string, string> } } } };
        return object.spec.template.metadata.annotations[CONFIG_HASH];
      });
    };
    const [webFirst, dbFirst] = hashes('first-password-1');
    const [webSecond, dbSecond] = hashes('second-password-2');
    expect(webSecond).not.toBe(webFirst);
    expect(dbSecond).not.toBe(dbFirst);
    expect(hashes('first-password-1')).toEqual([webFirst, dbFirst]);
  });
});
