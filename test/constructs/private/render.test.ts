import { ApiObject, App, Chart, IResolver, Lazy, ResolutionContext, Testing } from 'cdk8s';
import { ValidationError } from '../../../src/errors';
import { RenderedObject } from '../../../src/constructs/private/render';
import { findObject } from '../../helpers/find';

describe('RenderedObject', () => {
  test('renders its body at synthesis, so that later changes reach the output', () => {
    const chart = Testing.chart();
    const data: Record<string, string> = {};
    new RenderedObject(chart, 'Config', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'config' }, bodyKeys: ['data'], render: () => ({ data: { ...data } }) });
    data.added = 'later';
    expect(findObject(Testing.synth(chart), 'ConfigMap', 'config').data).toEqual({ added: 'later' });
  });

  test('writes only the body keys it declared', () => {
    const chart = Testing.chart();
    new RenderedObject(chart, 'Config', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'config' }, bodyKeys: ['data'], render: () => ({ data: { a: 'b' }, spec: { stray: true } }) });
    expect(findObject(Testing.synth(chart), 'ConfigMap', 'config')).not.toHaveProperty('spec');
  });

  test('lets errors thrown while rendering through with their type', () => {
    const chart = Testing.chart();
    const error = new ValidationError({ path: 'p', field: 'f', value: 1, fix: 'Fix it.' });
    new RenderedObject(chart, 'Broken', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'broken' }, bodyKeys: ['data'], render: () => { throw error; } });
    expect(() => Testing.synth(chart)).toThrow(error);
  });

  test('drops the namespace cdk8s stamps onto cluster-scoped kinds', () => {
    const chart = new Chart(Testing.app(), 'chart', { namespace: 'team' });
    new RenderedObject(chart, 'Class', { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'fast' }, bodyKeys: ['provisioner'], render: () => ({ provisioner: 'x' }) });
    new RenderedObject(chart, 'Config', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'config' }, bodyKeys: [], render: () => ({}) });
    const output = Testing.synth(chart);
    expect(findObject(output, 'StorageClass', 'fast').metadata).not.toHaveProperty('namespace');
    expect(findObject(output, 'ConfigMap', 'config').metadata.namespace).toBe('team');
  });

  /** Values of every kind cdk8s resolves: Lazy values, implicit tokens, number-or-string unions, nulls, nesting. */
  function trickyBody(): Record<string, unknown> {
    class Token {
      resolve(): unknown {
        return { fromToken: [1, null, Lazy.any({ produce: () => 'lazy in token' })] };
      }
    }
    class IntOrString {
      constructor(readonly value: number | string) {}
    }
    return {
      data: { z: 'last', a: Lazy.any({ produce: () => ({ nested: Lazy.any({ produce: () => 'deep' }), dropped: undefined }) }), m: null },
      spec: { port: new IntOrString(8080), name: new IntOrString('http'), token: new Token(), list: [{ b: 2, a: 1 }, [], {}, undefined, 'x'], flag: false, zero: 0 },
    };
  }

  test('renders exactly what a plain cdk8s ApiObject renders from the same values', () => {
    const chart = new Chart(Testing.app(), 'chart', { namespace: 'team', labels: { team: 'a' } });
    const metadata = { name: 'same', labels: { z: 'y', a: Lazy.any({ produce: () => 'b' }) as unknown as string }, annotations: {}, finalizers: [], ownerReferences: [], extra: { empty: {}, kept: [{}] } };
    new RenderedObject(chart, 'Rendered', { apiVersion: 'v1', kind: 'ConfigMap', metadata, bodyKeys: ['data', 'spec'], render: trickyBody });
    const plain = new ApiObject(chart, 'Plain', { apiVersion: 'v1', kind: 'ConfigMap', metadata, ...trickyBody() });
    const rendered = chart.node.findChild('Rendered') as RenderedObject;
    expect(rendered.toJson()).toStrictEqual(plain.toJson());
    expect(JSON.stringify(rendered.toJson())).toBe(JSON.stringify(plain.toJson()));
    expect(rendered.toJson()).toMatchObject({ data: { a: { nested: 'deep' }, z: 'last' }, spec: { port: { value: 8080 }, token: { fromToken: [1, undefined, 'lazy in token'] } } });
  });

  test('sorts keys as cdk8s does, in small records and large ones, whatever their characters', () => {
    const chart = Testing.chart();
    const odd = ['b', 'B', 'a', '_x', '-y', '10', '9', 'a.b', 'a-b', 'é', 'z', 'Z', '~', 'aa', 'a'.repeat(3), '\u00e9clair', '\ud83d\ude00'];
    const small = Object.fromEntries(odd.slice(0, 8).map((key, index) => [key, index]));
    const large = Object.fromEntries([...odd, ...Array.from({ length: 40 }, (_, index) => `key-${(index * 7919) % 40}`)].map((key, index) => [key, index]));
    const body = (): Record<string, unknown> => ({ data: { small, large, nested: [{ ...small }, { ...large }] } });
    new RenderedObject(chart, 'Rendered', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'same' }, bodyKeys: ['data'], render: body });
    const plain = new ApiObject(chart, 'Plain', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'same' }, ...body() });
    const rendered = (chart.node.findChild('Rendered') as RenderedObject).toJson() as { data: { small: object; large: object } };
    expect(JSON.stringify(rendered)).toBe(JSON.stringify(plain.toJson()));
    // Integer-like keys ("9", "10") come first in any JavaScript object, in numeric order; the rest are sorted.
    const named = (record: object): string[] => Object.keys(record).filter((key) => !/^\d+$/.test(key));
    expect(named(rendered.data.small)).toEqual(named(small).sort());
    expect(named(rendered.data.large)).toEqual(named(large).sort());
  });

  test('applies the custom resolvers of an app as cdk8s does', () => {
    class Shout implements IResolver {
      resolve(context: ResolutionContext): void {
        if (context.value === 'quiet') context.replaceValue('LOUD');
      }
    }
    const chart = new Chart(new App({ resolvers: [new Shout()] }), 'chart');
    new RenderedObject(chart, 'Config', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'config' }, bodyKeys: ['data'], render: () => ({ data: { level: 'quiet' } }) });
    expect(findObject(Testing.synth(chart), 'ConfigMap', 'config').data).toEqual({ level: 'LOUD' });
  });

  test('refuses a value of a class cdk8s cannot render, with the error cdk8s gives', () => {
    const chart = Testing.chart();
    new RenderedObject(chart, 'Config', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'config' }, bodyKeys: ['data'], render: () => ({ data: { when: new Map([['a', 1]]) } }) });
    expect(() => Testing.synth(chart)).toThrow(/can't render non-simple object of type 'Map'/);
  });
});
