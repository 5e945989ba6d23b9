import { App, Chart, JsonPatch, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { AppChart, ConfigMap, Deployment, Environment, Service, StatefulSet, synthesize, SynthesisError } from '../../../src';
import { expectValidationError, shipshapeErrorOf } from '../../helpers/errors';
import { findObject } from '../../helpers/find';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function newChart(): AppChart {
  return new AppChart(new Environment(new App(), 'dev'), 'shop');
}

describe('Resource names', () => {
  test('a generated name is the kebab-case path below the chart', () => {
    const chart = newChart();
    const group = new Construct(chart, 'MongoExpress');
    const config = new ConfigMap(group, 'Default');
    const other = new ConfigMap(chart, 'Bad_Name');
    expect(config.name).toBe('mongo-express');
    expect(other.name).toBe('bad-name');
    const output = Testing.synth(chart);
    expect(findObject(output, 'ConfigMap', 'mongo-express').metadata.namespace).toBe('shop-dev');
    expect(findObject(output, 'ConfigMap', 'bad-name')).toBeDefined();
  });

  test('a generated name is the same in every synthesis of the same app', () => {
    const names = [0, 1].map(() => new ConfigMap(new Construct(newChart(), 'Checkout'), 'PaymentSettings').name);
    expect(names[0]).toBe('checkout-payment-settings');
    expect(names[1]).toBe(names[0]);
  });

  test('a very long path is truncated with a hash into a valid, unique name', () => {
    const chart = newChart();
    let scope: Construct = chart;
    for (let index = 0; index < 8; index++) scope = new Construct(scope, `NestedComponentNumber${index}`);
    const first = new Service(scope, 'FirstService', { ports: [{ port: 80 }] });
    const second = new Service(scope, 'SecondService', { ports: [{ port: 80 }] });
    for (const service of [first, second]) {
      expect(service.name.length).toBeLessThanOrEqual(63);
      expect(service.name).toMatch(DNS_LABEL);
    }
    expect(first.name).not.toBe(second.name);
  });

  test('a StatefulSet name is kept to 52 characters so that pod names stay valid', () => {
    const statefulSet = new StatefulSet(newChart(), 'A'.repeat(10) + 'VeryLongDatabaseNameThatKeepsGoingAndGoingAndGoingOn', { containers: [{ image: 'mongo:7.0.14' }] });
    expect(statefulSet.name.length).toBeLessThanOrEqual(52);
    expect(statefulSet.name).toMatch(DNS_LABEL);
  });

  test('an explicit name is used as given', () => {
    const chart = newChart();
    new ConfigMap(chart, 'Config', { name: 'app.settings-v2' });
    expect(findObject(Testing.synth(chart), 'ConfigMap', 'app.settings-v2')).toBeDefined();
  });

  test('fails when an explicit name is invalid, and suggests a valid one', () => {
    expectValidationError(() => new ConfigMap(newChart(), 'Config', { name: 'My_Config' }), {
      problem: /must be a DNS-1123 subdomain/,
      path: 'dev/shop/Config',
      field: 'name',
      value: '"My_Config"',
      fix: /Use a name such as "my-config"\./,
    });
  });

  test('fails when a Service name has a dot, which a DNS-1035 label forbids', () => {
    expect(() => new Service(newChart(), 'Web', { name: 'web.v2', ports: [{ port: 80 }] })).toThrow(/Service 'dev\/shop\/Web': name: must be a DNS-1035 label.*got "web\.v2"\. Use a name such as "web-v2"/);
  });

  test('fails at synthesis when two generated names collide, naming both constructs', () => {
    const app = new App();
    const chart = new AppChart(app, 'shop');
    new ConfigMap(new Construct(chart, 'Api'), 'Web', { data: { a: '1' } });
    new ConfigMap(chart, 'ApiWeb', { data: { a: '2' } });
    const error = shipshapeErrorOf(() => synthesize(app));
    expect(error).toBeInstanceOf(SynthesisError);
    expect(error.message).toMatch(/ConfigMap 'shop\/ApiWeb': name: "api-web" is already used by 'shop\/Api\/Web' in namespace "shop"/);
  });

  test('a resource reports the namespace of its chart', () => {
    const chart = newChart();
    expect(new ConfigMap(chart, 'Config').namespace).toBe('shop-dev');
    expect(chart.namespaceObject?.namespace).toBe('shop-dev');
    expect(new ConfigMap(new Chart(new App(), 'plain'), 'Config').namespace).toBeUndefined();
  });
});

describe('the apiObject escape hatch', () => {
  function webChart() {
    const app = new App();
    const chart = new AppChart(app, 'shop');
    const web = new Deployment(chart, 'Web', { containers: [{ image: 'nginx:1.27', ports: [{ number: 8080 }] }] });
    return { app, chart, web };
  }

  test('a JSON patch on apiObject reaches the output', () => {
    const { chart, web } = webChart();
    web.apiObject.addJsonPatch(JsonPatch.add('/spec/template/spec/priorityClassName', 'critical'));
    web.apiObject.addJsonPatch(JsonPatch.replace('/spec/replicas', 7));
    const deployment = findObject(Testing.synth(chart), 'Deployment', 'web');
    expect(deployment.spec.template.spec.priorityClassName).toBe('critical');
    expect(deployment.spec.replicas).toBe(7);
  });

  test('a JSON patch reaches the output of synthesize, which validates it', () => {
    const { app, web } = webChart();
    web.apiObject.addJsonPatch(JsonPatch.add('/spec/revisionHistoryLimit', 3));
    expect(findObject(synthesize(app).manifests, 'Deployment', 'web').spec.revisionHistoryLimit).toBe(3);
  });

  // cdk8s applies patches without validation, so an impossible one is dropped or turned into something else
  // silently; shipshape applies them strictly, so each of these is an error naming the construct and the patch.
  test.each([
    ['adds below a path that does not exist', JsonPatch.add('/spec/missing/field', 1)],
    ['tests a value that does not hold', JsonPatch.test('/spec/replicas', 5)],
    ['removes a path that does not exist', JsonPatch.remove('/spec/doesNotExist')],
    ['replaces a path that does not exist', JsonPatch.replace('/spec/paused', true)],
    ['adds at an array index past the end', JsonPatch.add('/spec/template/spec/containers/5', { name: 'extra', image: 'busybox:1.36' })],
    ['moves from a path that does not exist', JsonPatch.move('/spec/nothing', '/spec/paused')],
  ])('fails when a JSON patch %s', (_name, patch) => {
    const { chart, web } = webChart();
    web.apiObject.addJsonPatch(patch);
    expect(() => Testing.synth(chart)).toThrow(/Deployment 'shop\/Web': apiObject\.addJsonPatch \(patch 1\): cannot apply: .*Check the path/s);
  });

  test('reports a JSON patch that cannot apply as a synthesis problem naming the construct', () => {
    const { app, web } = webChart();
    web.apiObject.addJsonPatch(JsonPatch.add('/spec/missing/field', 1));
    expect(() => synthesize(app)).toThrow(/Synthesis failed.*\n.*Deployment 'shop\/Web': apiObject\.addJsonPatch/);
  });
});
