/** Health checks that let Kubernetes route traffic only to ready pods and restart stuck ones. */
import { Duration } from 'cdk8s';
import { durationToSeconds } from '../private/quantities';

/** Timing shared by every probe. */
export interface ProbeOptions {
  /**
   * Wait this long after the container starts before the first check.
   * @default - no delay
   */
  readonly initialDelay?: Duration;
  /**
   * Time between checks.
   * @default Duration.seconds(10)
   */
  readonly period?: Duration;
  /**
   * How long one check may take.
   * @default Duration.seconds(1)
   */
  readonly timeout?: Duration;
  /**
   * Consecutive failures before the probe counts as failed.
   * @default 3
   */
  readonly failureThreshold?: number;
}

/** Options of a probe that connects to a port. */
export interface PortProbeOptions extends ProbeOptions {
  /**
   * The container port, by number or name.
   * @default - the container's first port
   */
  readonly port?: number | string;
}

/** Options of an HTTP probe. */
export interface HttpProbeOptions extends PortProbeOptions {
  /**
   * HTTP or HTTPS.
   * @default 'HTTP'
   */
  readonly scheme?: 'HTTP' | 'HTTPS';
}

/** A readiness, liveness or startup check of a container. */
export class Probe {
  /** Succeeds when an HTTP GET of the path answers 200-399. */
  static httpGet(path: string, options: HttpProbeOptions = {}): Probe {
    return new Probe(options, options.port, (port) => ({ httpGet: { path, port, scheme: options.scheme } }));
  }

  /** Succeeds when a TCP connection to the port opens. */
  static tcpSocket(options: PortProbeOptions = {}): Probe {
    return new Probe(options, options.port, (port) => ({ tcpSocket: { port } }));
  }

  /** Succeeds when the command exits 0 inside the container. */
  static exec(command: readonly string[], options: ProbeOptions = {}): Probe {
    // Copied now: the caller's array may change before synthesis.
    const copy = [...command];
    return new Probe(options, undefined, () => ({ exec: { command: [...copy] } }), false);
  }

  private constructor(
    private readonly options: ProbeOptions,
    /** The port asked for, if any. */
    readonly port: number | string | undefined,
    private readonly handler: (port: number | string | undefined) => Record<string, unknown>,
    /** Whether the probe needs a port. */
    readonly needsPort = true,
  ) {}

  /** The Kubernetes `Probe`, with `defaultPort` used when none was given. */
  toProbe(defaultPort: number | string | undefined): Record<string, unknown> {
    const { initialDelay, period, timeout, failureThreshold } = this.options;
    // The handler's object is fresh: filled in place rather than spread (a spread of three shapes is slow).
    const probe = this.handler(this.port ?? defaultPort);
    probe.initialDelaySeconds = initialDelay ? durationToSeconds(initialDelay) : undefined;
    probe.periodSeconds = period ? durationToSeconds(period) : undefined;
    probe.timeoutSeconds = timeout ? durationToSeconds(timeout) : undefined;
    probe.failureThreshold = failureThreshold;
    return probe;
  }
}
