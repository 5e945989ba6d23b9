import { Size } from 'cdk8s';
import { Cpu, renderResources, ValidationError } from '../../../src';
import { expectValidationError } from '../../helpers/errors';

const where = { path: 'shop/Web', construct: 'Deployment', field: 'containers[0].resources' };

describe('Cpu', () => {
  test('renders millicores and whole cores as Kubernetes quantities', () => {
    expect(Cpu.millis(250).toQuantity()).toBe('250m');
    expect(Cpu.units(2).toQuantity()).toBe('2');
    expect(Cpu.units(1.5).toQuantity()).toBe('1500m');
    expect(Cpu.units(0.5).millicores).toBe(500);
  });
});

describe('renderResources', () => {
  test('renders requests and limits', () => {
    expect(renderResources({ requests: { cpu: Cpu.millis(100), memory: Size.mebibytes(128) }, limits: { cpu: Cpu.units(1), memory: Size.gibibytes(2) } }, where)).toEqual({
      requests: { cpu: '100m', memory: '128Mi' },
      limits: { cpu: '1', memory: '2Gi' },
    });
  });

  test('leaves out what is not given', () => {
    expect(renderResources({ limits: { memory: Size.mebibytes(64) } }, where)).toEqual({ requests: undefined, limits: { memory: '64Mi' } });
    expect(renderResources({ requests: {} }, where)).toEqual({ requests: undefined, limits: undefined });
  });

  test('fails when a CPU request is more than its limit', () => {
    expectValidationError(() => renderResources({ requests: { cpu: Cpu.units(2) }, limits: { cpu: Cpu.millis(500) } }, where), {
      problem: /is more than the limit 500m/,
      path: 'shop/Web',
      field: 'containers[0].resources.requests.cpu',
      value: '"2"',
      fix: /Lower the request or raise the limit/,
    });
  });

  test('fails when a memory request is more than its limit', () => {
    expect(() => renderResources({ requests: { memory: Size.gibibytes(1) }, limits: { memory: Size.mebibytes(512) } }, where)).toThrow(
      /resources\.requests\.memory: is more than the limit 512Mi, got "1Gi"/,
    );
    expect(() => renderResources({ requests: { memory: Size.gibibytes(1) }, limits: { memory: Size.mebibytes(512) } }, where)).toThrow(ValidationError);
  });

  test('a request equal to its limit is fine', () => {
    expect(() => renderResources({ requests: { cpu: Cpu.units(1), memory: Size.gibibytes(1) }, limits: { cpu: Cpu.millis(1000), memory: Size.mebibytes(1024) } }, where)).not.toThrow();
  });

  test('renders ephemeral-storage requests and limits', () => {
    expect(renderResources({ requests: { ephemeralStorage: Size.gibibytes(1) }, limits: { ephemeralStorage: Size.gibibytes(4), memory: Size.mebibytes(256) } }, where)).toEqual({
      requests: { 'ephemeral-storage': '1Gi' },
      limits: { memory: '256Mi', 'ephemeral-storage': '4Gi' },
    });
  });

  test('fails when an ephemeral-storage request is more than its limit', () => {
    expectValidationError(() => renderResources({ requests: { ephemeralStorage: Size.gibibytes(8) }, limits: { ephemeralStorage: Size.gibibytes(2) } }, where), {
      problem: /is more than the limit 2Gi/,
      path: 'shop/Web',
      field: 'containers[0].resources.requests.ephemeralStorage',
      value: '"8Gi"',
      fix: /Lower the request or raise the limit/,
    });
  });
});
