import { Duration } from 'cdk8s';
import { Probe } from '../../../src';

describe('Probe', () => {
  test('an HTTP probe renders path, port, scheme and timing', () => {
    const probe = Probe.httpGet('/healthz', { port: 8443, scheme: 'HTTPS', initialDelay: Duration.seconds(5), period: Duration.seconds(20), timeout: Duration.millis(1500), failureThreshold: 6 });
    expect(probe.toProbe(80)).toEqual({
      httpGet: { path: '/healthz', port: 8443, scheme: 'HTTPS' },
      initialDelaySeconds: 5,
      periodSeconds: 20,
      timeoutSeconds: 2,
      failureThreshold: 6,
    });
  });

  test('a probe without a port checks the port it is given by the container', () => {
    expect(Probe.httpGet('/').toProbe('http')).toEqual({ httpGet: { path: '/', port: 'http' } });
    expect(Probe.tcpSocket().toProbe(5432)).toEqual({ tcpSocket: { port: 5432 } });
    expect(Probe.tcpSocket().needsPort).toBe(true);
  });

  test('a TCP probe renders its own port', () => {
    expect(Probe.tcpSocket({ port: 'db' }).toProbe(1)).toEqual({ tcpSocket: { port: 'db' } });
  });

  test('an exec probe runs a command and needs no port', () => {
    const probe = Probe.exec(['pg_isready'], { period: Duration.minutes(1) });
    expect(probe.needsPort).toBe(false);
    expect(probe.toProbe(undefined)).toEqual({ exec: { command: ['pg_isready'] }, periodSeconds: 60 });
  });

  test('an exec probe keeps its own copy of the command', () => {
    const command = ['check'];
    const probe = Probe.exec(command);
    command.push('--changed');
    expect(probe.toProbe(undefined)).toEqual({ exec: { command: ['check'] } });
  });
});
