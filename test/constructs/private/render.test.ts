import { Chart, Testing } from 'cdk8s';
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
});
