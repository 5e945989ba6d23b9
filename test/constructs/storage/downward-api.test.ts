import { Size } from 'cdk8s';
import { ContainerResourceField, Cpu, DownwardApiField } from '../../../src';

describe('DownwardApiField', () => {
  test('pod facts are field references, one label or annotation by key', () => {
    expect(DownwardApiField.podName().toItem()).toEqual({ fieldRef: { fieldPath: 'metadata.name' } });
    expect(DownwardApiField.podNamespace().toItem()).toEqual({ fieldRef: { fieldPath: 'metadata.namespace' } });
    expect(DownwardApiField.podUid().toItem()).toEqual({ fieldRef: { fieldPath: 'metadata.uid' } });
    expect(DownwardApiField.labels().toItem()).toEqual({ fieldRef: { fieldPath: 'metadata.labels' } });
    expect(DownwardApiField.annotations().toItem()).toEqual({ fieldRef: { fieldPath: 'metadata.annotations' } });
    expect(DownwardApiField.label('app.kubernetes.io/name').toItem()).toEqual({ fieldRef: { fieldPath: "metadata.labels['app.kubernetes.io/name']" } });
    expect(DownwardApiField.annotation('owner').toItem()).toEqual({ fieldRef: { fieldPath: "metadata.annotations['owner']" } });
  });

  test('container resources name the container, with a divisor in CPU or size units', () => {
    expect(DownwardApiField.resource('main', ContainerResourceField.REQUESTS_CPU, { divisor: Cpu.millis(1) }).toItem()).toEqual({
      resourceFieldRef: { containerName: 'main', resource: 'requests.cpu', divisor: '1m' },
    });
    expect(DownwardApiField.resource('main', ContainerResourceField.LIMITS_MEMORY, { divisor: Size.mebibytes(1) }).toItem()).toEqual({
      resourceFieldRef: { containerName: 'main', resource: 'limits.memory', divisor: '1Mi' },
    });
    expect(DownwardApiField.resource('sidecar', ContainerResourceField.REQUESTS_EPHEMERAL_STORAGE).toItem()).toEqual({
      resourceFieldRef: { containerName: 'sidecar', resource: 'requests.ephemeral-storage', divisor: undefined },
    });
  });

  test('each call gives a copy that later changes cannot reach', () => {
    const field = DownwardApiField.podName();
    (field.toItem().fieldRef as { fieldPath: string }).fieldPath = 'changed';
    expect(field.toItem()).toEqual({ fieldRef: { fieldPath: 'metadata.name' } });
  });
});
