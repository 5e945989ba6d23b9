import { App, Testing } from 'cdk8s';
import { AppChart, ConfigMap, Deployment, EnvValue, Secret, SecretValue } from '../../../src';
import { findObject } from '../../helpers/find';

describe('EnvValue', () => {
  test('renders literal, ConfigMap, Secret and pod-field values', () => {
    const chart = new AppChart(new App(), 'shop');
    const config = new ConfigMap(chart, 'Config', { data: { url: 'http://x' } });
    const secret = new Secret(chart, 'Creds', { data: { password: SecretValue.fromEnv('SHIPSHAPE_TEST_ENV_VALUE') } });
    new Deployment(chart, 'Web', {
      containers: [
        {
          image: 'nginx:1.27',
          env: {
            MODE: EnvValue.fromValue('fast'),
            URL: EnvValue.fromConfigMap(config, 'url'),
            PASSWORD: EnvValue.fromSecret(secret, 'password'),
            EXTRA: EnvValue.fromConfigMap(config, 'maybe', { optional: true }),
            POD: EnvValue.fromFieldPath('metadata.name'),
          },
        },
      ],
    });
    process.env.SHIPSHAPE_TEST_ENV_VALUE = 'x';
    try {
      expect(findObject(Testing.synth(chart), 'Deployment', 'web').spec.template.spec.containers[0].env).toEqual([
        { name: 'MODE', value: 'fast' },
        { name: 'URL', valueFrom: { configMapKeyRef: { name: 'config', key: 'url' } } },
        { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'creds', key: 'password' } } },
        { name: 'EXTRA', valueFrom: { configMapKeyRef: { name: 'config', key: 'maybe', optional: true } } },
        { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      ]);
    } finally {
      delete process.env.SHIPSHAPE_TEST_ENV_VALUE;
    }
  });

  test('records the source and the key it requires, except for optional keys', () => {
    const chart = new AppChart(new App(), 'shop');
    const config = new ConfigMap(chart, 'Config');
    expect(EnvValue.fromConfigMap(config, 'url')).toMatchObject({ source: config, requiredKey: 'url' });
    expect(EnvValue.fromConfigMap(config, 'url', { optional: true }).requiredKey).toBeUndefined();
    expect(EnvValue.fromValue('x').source).toBeUndefined();
  });
});
