import { Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { ValidationError } from '../../../src/errors';
import { checkName, generateName, labelKeyProblem, labelValueProblem, nameProblem, NameRule, shortHash } from '../../../src/constructs/private/names';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function nameAt(ids: readonly string[], maxLength?: number): string {
  const chart = Testing.chart();
  let scope: Construct = chart;
  for (const id of ids) scope = new Construct(scope, id);
  return generateName(scope, maxLength);
}

describe('generateName', () => {
  test('turns PascalCase ids into kebab-case words', () => {
    expect(nameAt(['MongoExpress'])).toBe('mongo-express');
  });

  test('replaces characters that names cannot hold', () => {
    expect(nameAt(['Bad_Name'])).toBe('bad-name');
    expect(nameAt(['api.v2 (beta)'])).toBe('api-v2-beta');
  });

  test('joins the path below the chart and leaves out Default and Resource', () => {
    expect(nameAt(['Shop', 'Default', 'Web', 'Resource'])).toBe('shop-web');
  });

  test('falls back to the chart id when the path below it adds no words', () => {
    const chart = new Chart(Testing.app(), 'MyChart');
    expect(generateName(new Construct(chart, 'Default'))).toBe('my-chart');
  });

  test('gives the same name for the same path every time', () => {
    expect(nameAt(['Billing', 'InvoiceWorker'])).toBe(nameAt(['Billing', 'InvoiceWorker']));
  });

  test('cuts a very long path to the limit with a hash, keeping it a valid DNS-1123 label', () => {
    const long = Array.from({ length: 12 }, (_, index) => `Component${index}`);
    const name = nameAt(long);
    expect(name.length).toBeLessThanOrEqual(63);
    expect(name).toMatch(DNS_LABEL);
    expect(name).toMatch(/^component0-component1-.*-[0-9a-f]{8}$/);
  });

  test('keeps two long paths that differ only at the end apart', () => {
    const prefix = Array.from({ length: 10 }, (_, index) => `Segment${index}`);
    const first = nameAt([...prefix, 'Alpha']);
    const second = nameAt([...prefix, 'Beta']);
    expect(first).not.toBe(second);
    expect(first.length).toBeLessThanOrEqual(63);
    expect(second.length).toBeLessThanOrEqual(63);
  });

  test('respects a shorter limit without ending on a dash', () => {
    const name = nameAt(['AVeryLongStatefulSetNameThatGoesOnAndOnForeverAndEver'], 30);
    expect(name.length).toBeLessThanOrEqual(30);
    expect(name).toMatch(DNS_LABEL);
  });
});

describe('nameProblem', () => {
  test('accepts valid labels and subdomains', () => {
    expect(nameProblem('web-1', NameRule.DNS_LABEL)).toBeUndefined();
    expect(nameProblem('web.example.com', NameRule.DNS_SUBDOMAIN)).toBeUndefined();
  });

  test('refuses dots in labels but not in subdomains', () => {
    expect(nameProblem('a.b', NameRule.DNS_LABEL)).toMatch(/DNS-1123 label/);
    expect(nameProblem('a.b', NameRule.DNS_SUBDOMAIN)).toBeUndefined();
  });

  test('refuses empty, upper-case, dash-edged and over-long names', () => {
    expect(nameProblem('', NameRule.DNS_LABEL)).toMatch(/must not be empty/);
    expect(nameProblem('Web', NameRule.DNS_SUBDOMAIN)).toMatch(/lower-case/);
    expect(nameProblem('-web', NameRule.DNS_LABEL)).toMatch(/starting and ending/);
    expect(nameProblem('a'.repeat(64), NameRule.DNS_LABEL)).toMatch(/at most 63 characters \(it has 64\)/);
    expect(nameProblem('a'.repeat(254), NameRule.DNS_SUBDOMAIN)).toMatch(/at most 253/);
    expect(nameProblem('a'.repeat(53), NameRule.DNS_LABEL, 52)).toMatch(/at most 52/);
  });
});

describe('checkName', () => {
  const where = { path: 'app/shop/Web', construct: 'Deployment', field: 'name' };

  test('returns a valid name unchanged', () => {
    expect(checkName('web', NameRule.DNS_LABEL, where)).toBe('web');
  });

  test('fails on an invalid name and suggests a valid one', () => {
    let thrown: unknown;
    try {
      checkName('Bad_Name', NameRule.DNS_LABEL, where);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ValidationError);
    expect((thrown as Error).message).toBe(
      `Deployment 'app/shop/Web': name: must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit, got "Bad_Name". Use a name such as "bad-name".`,
    );
  });

  test('suggests a name within the limit for an over-long name', () => {
    expect(() => checkName('x'.repeat(70), NameRule.DNS_LABEL, where)).toThrow(new RegExp(`Use a name such as "${'x'.repeat(63)}"`));
  });

  test('falls back to general advice when nothing of the name can be kept', () => {
    expect(() => checkName('___', NameRule.DNS_LABEL, where)).toThrow(/Use lower-case letters, digits and "-"\./);
  });
});

describe('label keys and values', () => {
  test('accept the keys and values Kubernetes accepts', () => {
    expect(labelKeyProblem('app.kubernetes.io/name')).toBeUndefined();
    expect(labelKeyProblem('tier')).toBeUndefined();
    expect(labelValueProblem('')).toBeUndefined();
    expect(labelValueProblem('Mongo_7.0')).toBeUndefined();
  });

  test('refuse bad prefixes, names and values', () => {
    expect(labelKeyProblem('Bad_Prefix/name')).toMatch(/prefix "Bad_Prefix"/);
    expect(labelKeyProblem('team/')).toMatch(/name part/);
    expect(labelValueProblem('-edge')).toMatch(/starting and ending/);
    expect(labelValueProblem('v'.repeat(64))).toMatch(/at most 63/);
  });
});

describe('shortHash', () => {
  test('is eight hex characters and stable', () => {
    expect(shortHash('a/b')).toMatch(/^[0-9a-f]{8}$/);
    expect(shortHash('a/b')).toBe(shortHash('a/b'));
    expect(shortHash('a/b')).not.toBe(shortHash('a/c'));
  });
});

describe('NameRule.PATH_SEGMENT', () => {
  test('accepts what the server accepts for RBAC names, colons and capitals included', () => {
    expect(nameProblem('system:controller:Foo', NameRule.PATH_SEGMENT)).toBeUndefined();
  });

  test('refuses ".", "..", "/" and "%"', () => {
    expect(nameProblem('.', NameRule.PATH_SEGMENT)).toMatch(/must not be "\." or "\.\."/);
    expect(nameProblem('..', NameRule.PATH_SEGMENT)).toMatch(/must not be/);
    expect(nameProblem('a/b', NameRule.PATH_SEGMENT)).toMatch(/must not contain "\/" or "%"/);
    expect(nameProblem('a%20b', NameRule.PATH_SEGMENT)).toMatch(/must not contain/);
    expect(nameProblem('', NameRule.PATH_SEGMENT)).toMatch(/must not be empty/);
  });
});
