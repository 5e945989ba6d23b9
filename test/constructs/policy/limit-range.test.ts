import { Testing } from 'cdk8s';
import { App, AppChart, Cpu, LimitRange, Size, synthesize } from '../../../src';
import { expectValidationError } from '../../helpers/errors';
import { findObject } from '../../helpers/find';

describe('LimitRange', () => {
  test('a minimal LimitRange gives containers default requests', () => {
    const app = new App();
    new LimitRange(new AppChart(app, 'team'), 'Defaults', { container: { defaultRequests: { cpu: Cpu.millis(100), memory: Size.mebibytes(128) } } });
    expect(findObject(synthesize(app).manifests, 'LimitRange', 'defaults', 'team').spec).toEqual({
      limits: [{ type: 'Container', defaultRequest: { cpu: '100m', memory: '128Mi' } }],
    });
  });

  test('a LimitRange renders every prop for containers, pods and claims', () => {
    const c = Testing.chart();
    new LimitRange(c, 'All', {
      name: 'all',
      container: {
        min: { cpu: Cpu.millis(50), memory: Size.mebibytes(32), ephemeralStorage: Size.mebibytes(100) },
        defaultRequests: { cpu: Cpu.millis(100), memory: Size.mebibytes(128), ephemeralStorage: Size.gibibytes(1) },
        defaultLimits: { cpu: Cpu.millis(500), memory: Size.mebibytes(256), ephemeralStorage: Size.gibibytes(2) },
        max: { cpu: Cpu.units(2), memory: Size.gibibytes(2), ephemeralStorage: Size.gibibytes(10) },
        maxLimitRequestRatio: { cpu: 2, memory: 1.5, ephemeralStorage: 4 },
      },
      pod: { max: { cpu: Cpu.units(4), memory: Size.gibibytes(4) }, min: { memory: Size.mebibytes(64) } },
      persistentVolumeClaim: { min: Size.gibibytes(1), max: Size.gibibytes(100) },
    });
    const [range] = Testing.synth(c);
    expect(range.spec.limits).toEqual([
      {
        type: 'Container',
        min: { cpu: '50m', memory: '32Mi', 'ephemeral-storage': '100Mi' },
        defaultRequest: { cpu: '100m', memory: '128Mi', 'ephemeral-storage': '1Gi' },
        default: { cpu: '500m', memory: '256Mi', 'ephemeral-storage': '2Gi' },
        max: { cpu: '2', memory: '2Gi', 'ephemeral-storage': '10Gi' },
        maxLimitRequestRatio: { cpu: '2', memory: '1.5', 'ephemeral-storage': '4' },
      },
      { type: 'Pod', min: { memory: '64Mi' }, max: { cpu: '4', memory: '4Gi' } },
      { type: 'PersistentVolumeClaim', min: { storage: '1Gi' }, max: { storage: '100Gi' } },
    ]);
  });

  describe('refuses', () => {
    const at = (props: ConstructorParameters<typeof LimitRange>[2], expected: { problem: RegExp; field: string; value: string; fix: RegExp }) => {
      expectValidationError(() => new LimitRange(Testing.chart(), 'L', props), { path: 'test/L', ...expected });
    };

    test('a LimitRange that sets nothing', () => at({}, { problem: /sets nothing/, field: 'container', value: 'nothing', fix: /persistentVolumeClaim/ }));
    test('a container part that sets nothing', () => at({ container: {} }, { problem: /sets nothing/, field: 'container', value: '{}', fix: /defaultLimits/ }));
    test('a default request above the default limit', () =>
      at({ container: { defaultRequests: { cpu: Cpu.units(1) }, defaultLimits: { cpu: Cpu.millis(500) } } }, {
        problem: /is more than defaultLimits 500m/, field: 'container.defaultRequests.cpu', value: '"1"', fix: /min <= defaultRequests <= defaultLimits <= max/,
      }));
    test('a min above the max', () =>
      at({ pod: { min: { memory: Size.gibibytes(2) }, max: { memory: Size.gibibytes(1) } } }, { problem: /is more than max 1Gi/, field: 'pod.min.memory', value: '"2Gi"', fix: /min <=/ }));
    test('a default limit above the max', () =>
      at({ container: { defaultLimits: { ephemeralStorage: Size.gibibytes(5) }, max: { ephemeralStorage: Size.gibibytes(1) } } }, {
        problem: /is more than max 1Gi/, field: 'container.defaultLimits.ephemeralStorage', value: '"5Gi"', fix: /max/,
      }));
    test('a ratio below 1', () => at({ container: { maxLimitRequestRatio: { cpu: 0.5 } } }, { problem: /must be 1 or more/, field: 'container.maxLimitRequestRatio.cpu', value: '0.5', fix: /e\.g\. 2/ }));
    test('a ratio above max/min, counted in whole units as the API server does', () =>
      at({ container: { min: { cpu: Cpu.millis(250) }, max: { cpu: Cpu.units(2) }, maxLimitRequestRatio: { cpu: 4 } } }, {
        problem: /is more than max\/min \(2\/250m\)/, field: 'container.maxLimitRequestRatio.cpu', value: '4', fix: /Lower the ratio/,
      }));
    test('a claim part that sets nothing', () => at({ persistentVolumeClaim: {} }, { problem: /neither min nor max/, field: 'persistentVolumeClaim', value: '{}', fix: /min, max or both/ }));
    test('a claim min above its max', () =>
      at({ persistentVolumeClaim: { min: Size.gibibytes(10), max: Size.gibibytes(1) } }, { problem: /is more than max 1Gi/, field: 'persistentVolumeClaim.min', value: '"10Gi"', fix: /Lower min/ }));
  });
});
