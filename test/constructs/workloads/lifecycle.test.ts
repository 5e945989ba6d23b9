import { App, Duration } from 'cdk8s';
import { AppChart, Deployment, LifecycleHook, synthesize } from '../../../src';
import { expectValidationError } from '../../helpers/errors';
import { findObject } from '../../helpers/find';

describe('LifecycleHook', () => {
  test('renders exec, HTTP and sleep handlers; an HTTP hook defaults to the first port', () => {
    expect(LifecycleHook.exec(['nginx', '-s', 'quit']).toHandler(80)).toEqual({ exec: { command: ['nginx', '-s', 'quit'] } });
    expect(LifecycleHook.httpGet('/drain').toHandler('http')).toEqual({ httpGet: { path: '/drain', port: 'http', scheme: undefined } });
    expect(LifecycleHook.httpGet('/drain', { port: 9000, scheme: 'HTTPS' }).toHandler('http')).toEqual({ httpGet: { path: '/drain', port: 9000, scheme: 'HTTPS' } });
    expect(LifecycleHook.sleep(Duration.seconds(5)).toHandler(undefined)).toEqual({ sleep: { seconds: 5 } });
  });

  test('a container gets its postStart and preStop hooks, and the output is valid', () => {
    const app = new App();
    new Deployment(new AppChart(app, 'shop'), 'Web', {
      containers: [{
        image: 'nginx:1.27',
        ports: [{ number: 8080, name: 'http' }],
        lifecycle: { postStart: LifecycleHook.httpGet('/warm'), preStop: LifecycleHook.exec(['sh', '-c', 'sleep 5']) },
      }],
    });
    const container = findObject(synthesize(app).manifests, 'Deployment', 'web').spec.template.spec.containers[0];
    expect(container.lifecycle).toEqual({ postStart: { httpGet: { path: '/warm', port: 'http' } }, preStop: { exec: { command: ['sh', '-c', 'sleep 5'] } } });
  });

  test('a sleep hook needs Kubernetes 1.30: validating for 1.27 refuses it, 1.36 accepts it', () => {
    const build = () => {
      const app = new App();
      new Deployment(new AppChart(app, 'shop'), 'Web', { containers: [{ image: 'nginx:1.27', lifecycle: { preStop: LifecycleHook.sleep(Duration.seconds(10)) } }] });
      return app;
    };
    expect(() => synthesize(build())).toThrow(/lifecycle\.preStop\.sleep is not a field of Deployment/);
    expect(findObject(synthesize(build(), { validation: { kubernetesVersions: ['1.36'] } }).manifests, 'Deployment', 'web').spec.template.spec.containers[0].lifecycle).toEqual({
      preStop: { sleep: { seconds: 10 } },
    });
  });

  test('fails on an empty command or a sleep under a second', () => {
    const chart = new AppChart(new App(), 'shop');
    expectValidationError(() => new Deployment(chart, 'Web', { containers: [{ image: 'nginx:1.27', lifecycle: { preStop: LifecycleHook.exec([]) } }] }), {
      problem: /does nothing/,
      path: 'shop/Web',
      field: 'containers[0].lifecycle.preStop',
      value: '"an empty hook"',
      fix: /at least 1 second/,
    });
    expect(() => new Deployment(chart, 'Web2', { containers: [{ image: 'nginx:1.27', lifecycle: { preStop: LifecycleHook.sleep(Duration.millis(0)) } }] })).toThrow(/lifecycle\.preStop: does nothing/);
  });

  test('fails when an HTTP hook has no port to call', () => {
    expect(() => new Deployment(new AppChart(new App(), 'shop'), 'Web', { containers: [{ image: 'nginx:1.27', lifecycle: { postStart: LifecycleHook.httpGet('/warm') } }] })).toThrow(
      /containers\[0\]\.lifecycle\.postStart: has no port to call, and the container declares none/,
    );
  });
});
