/** Container lifecycle hooks: actions the kubelet runs right after a container starts and before it is stopped. */
import { Duration } from 'cdk8s';
import { durationToSeconds } from '../private/quantities';

/** Options of an HTTP hook. */
export interface HttpHookOptions {
  /**
   * The container port, by number or name.
   * @default - the container's first port
   */
  readonly port?: number | string;
  /**
   * HTTP or HTTPS.
   * @default 'HTTP'
   */
  readonly scheme?: 'HTTP' | 'HTTPS';
}

/** One lifecycle action; create it with a static factory. */
export class LifecycleHook {
  /** Runs a command inside the container (a hook that fails kills a postStart container). */
  static exec(command: readonly string[]): LifecycleHook {
    const copy = [...command];
    return new LifecycleHook(() => ({ exec: { command: [...copy] } }), false, undefined, copy.length === 0);
  }

  /** Sends an HTTP GET to the container. */
  static httpGet(path: string, options: HttpHookOptions = {}): LifecycleHook {
    return new LifecycleHook((port) => ({ httpGet: { path, port, scheme: options.scheme } }), true, options.port, false);
  }

  /**
   * Waits (Kubernetes 1.30 and later): the usual preStop hook that lets load balancers stop sending traffic
   * before the process gets SIGTERM, without needing a `sleep` binary in the image.
   */
  static sleep(duration: Duration): LifecycleHook {
    return new LifecycleHook(() => ({ sleep: { seconds: durationToSeconds(duration) } }), false, undefined, durationToSeconds(duration) < 1);
  }

  private constructor(
    private readonly handler: (port: number | string | undefined) => Record<string, unknown>,
    /** Whether the hook needs a port. */
    readonly needsPort: boolean,
    /** The port asked for, if any. */
    readonly port: number | string | undefined,
    /** Whether the hook is empty (no command, a zero sleep): the API server refuses it. */
    readonly empty: boolean,
  ) {}

  /** The Kubernetes `LifecycleHandler`, with `defaultPort` used when none was given. */
  toHandler(defaultPort: number | string | undefined): Record<string, unknown> {
    return this.handler(this.port ?? defaultPort);
  }
}

/** The hooks of a container. */
export interface Lifecycle {
  /**
   * Runs right after the container starts (in parallel with its entrypoint).
   * @default - none
   */
  readonly postStart?: LifecycleHook;
  /**
   * Runs before the container gets SIGTERM; it counts against the termination grace period.
   * @default - none
   */
  readonly preStop?: LifecycleHook;
}
