import { dataKeyProblem } from '../../../src/constructs/private/config-source';

describe('dataKeyProblem', () => {
  test('accepts file-like keys', () => {
    for (const key of ['app.properties', 'tls.crt', '.dockerconfigjson', 'DB_URL', 'a-b']) expect(dataKeyProblem(key)).toBeUndefined();
  });

  test('refuses empty, over-long, slashed and dot-only keys', () => {
    expect(dataKeyProblem('')).toMatch(/1 to 253/);
    expect(dataKeyProblem('k'.repeat(254))).toMatch(/1 to 253/);
    expect(dataKeyProblem('conf/app.yaml')).toMatch(/may only contain/);
    expect(dataKeyProblem('..')).toMatch(/must not be/);
  });
});
