/** An environment (dev, staging, prod...) that groups charts and gives them shared settings. */
import { Construct } from 'constructs';
import { WorkloadDefaults } from './defaults';
import { checkName, NameRule } from '../private/names';
import { nearestScope } from '../private/scopes';
import type { NetworkIsolationOptions } from '../networking/network-isolation';

const ENVIRONMENT = Symbol.for('shipshape.Environment');

/** Settings of an environment. */
export interface EnvironmentProps {
  /**
   * Workload defaults for every chart in the environment; charts and objects can override them.
   * @default - the built-in defaults (see the README)
   */
  readonly defaults?: WorkloadDefaults;
  /**
   * Labels added to every object of every chart in the environment.
   * @default - none beyond the standard ones
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Let Secrets fall back to their clearly marked development values when the real value is not supplied.
   * Never set this for an environment that holds real data.
   * @default - true only for an environment whose id is `dev`
   */
  readonly allowDevelopmentSecrets?: boolean;
  /**
   * Isolate the namespace of every chart inside (see `AppChart` `networkIsolation`); a chart can still decide.
   * @default false
   */
  readonly networkIsolation?: boolean | NetworkIsolationOptions;
}

/**
 * An environment: charts created inside it are written to `dist/<environment id>/`, get their namespace
 * suffixed with the environment id, and inherit its defaults.
 */
export class Environment extends Construct {
  /** Whether a construct is an Environment (works across copies of the library). */
  static isEnvironment(x: unknown): x is Environment {
    return x !== null && typeof x === 'object' && ENVIRONMENT in x;
  }

  /** The nearest Environment above a construct, if any. */
  static of(construct: Construct): Environment | undefined {
    return nearestScope(construct, (scope) => Environment.isEnvironment(scope));
  }

  /** The environment's name: its construct id. */
  readonly name: string;
  /** Workload defaults for the charts inside. */
  readonly defaults: WorkloadDefaults;
  /** Labels for every object inside. */
  readonly labels: Readonly<Record<string, string>>;
  /** Whether development fallback values of Secrets may be used. */
  readonly allowDevelopmentSecrets: boolean;
  /** Network isolation for the charts inside, unless they decide otherwise. */
  readonly networkIsolation: boolean | NetworkIsolationOptions;

  constructor(scope: Construct, id: string, props: EnvironmentProps = {}) {
    super(scope, id);
    Object.defineProperty(this, ENVIRONMENT, { value: true });
    this.name = checkName(id, NameRule.DNS_LABEL, { path: this.node.path, construct: 'Environment', field: 'id' }, 40);
    this.defaults = props.defaults ?? {};
    this.labels = { ...props.labels };
    this.allowDevelopmentSecrets = props.allowDevelopmentSecrets ?? id === 'dev';
    this.networkIsolation = props.networkIsolation ?? false;
  }
}
