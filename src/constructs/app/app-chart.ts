/**
 * The chart base class for applications: it carries the environment, the namespace (created by default),
 * common labels and workload defaults, so that the constructs inside need not repeat them.
 */
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { withoutNamespaceIfClusterScoped } from '../../manifest/cluster-scoped';
import { mergeDefaults, WorkloadDefaults } from './defaults';
import { Environment } from './environment';
import { Labels } from './labels';
import { Namespace, NamespaceProps } from './namespace';
import { checkName, kebab, nameProblem, NameRule } from '../private/names';
import { nearestScope } from '../private/scopes';
import { skipChecks } from '../../validate/annotations';
import { NetworkIsolation, NetworkIsolationOptions } from '../networking/network-isolation';
import { NamespaceBudget, NamespaceBudgetOptions } from '../policy/namespace-budget';

const APP_CHART = Symbol.for('shipshape.AppChart');

/** Props of an AppChart. */
export interface AppChartProps {
  /**
   * The namespace of every object in the chart.
   * @default - `<chart id>-<environment id>` inside an Environment, else the chart id; in kebab case when the
   * id is not a valid name as it is (`MongoApp` gives `mongo-app-dev`)
   */
  readonly namespace?: string;
  /**
   * Create the namespace as part of the chart. Set `false` when it exists already (created by a platform team).
   * @default true
   */
  readonly createNamespace?: boolean;
  /**
   * Props of the created Namespace (for example its Pod Security level).
   * @default - a Namespace with Pod Security `baseline` enforced
   */
  readonly namespaceProps?: NamespaceProps;
  /**
   * Labels added to every object in the chart, pod templates included.
   * @default - `app.kubernetes.io/part-of`, `app.kubernetes.io/managed-by` and the environment label
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Workload defaults for this chart, layered over the environment's.
   * @default - the environment's defaults
   */
  readonly defaults?: WorkloadDefaults;
  /**
   * Validation checks to switch off for every object of the chart, check id to reason
   * (e.g. `{ 'policy/run-as-root': 'the mongo image needs root to fix volume ownership' }`).
   * @default - none
   */
  readonly skipChecks?: Readonly<Record<string, string>>;
  /**
   * Isolate the namespace: deny every connection to its pods, and from them to other namespaces and outside the
   * cluster, except DNS, unless a NetworkPolicy declares it (`true` for the defaults, or options; `false` for none).
   * @default - the environment's `networkIsolation`, else false
   */
  readonly networkIsolation?: boolean | NetworkIsolationOptions;
  /**
   * A budget for the namespace (namespaces separate teams): a ResourceQuota for its totals and a LimitRange for
   * each container, pod and claim.
   * @default - no quota and no limit range
   */
  readonly budget?: NamespaceBudgetOptions;
}

/** A chart of one application in one environment. */
export class AppChart extends Chart {
  /** Whether a construct is an AppChart (works across copies of the library). */
  static isAppChart(x: unknown): x is AppChart {
    return x !== null && typeof x === 'object' && APP_CHART in x;
  }

  /** The nearest AppChart above (or at) a construct, if any. */
  static nearest(construct: Construct): AppChart | undefined {
    return nearestScope(construct, (scope) => AppChart.isAppChart(scope));
  }

  /** The environment the chart belongs to, if it was created inside one. */
  readonly environment: Environment | undefined;
  /** The namespace every object of the chart lives in. */
  declare readonly namespace: string;
  /** Workload defaults after layering built-in, environment and chart defaults. */
  readonly defaults: Required<WorkloadDefaults>;
  /** The Namespace object, unless `createNamespace` is false. */
  readonly namespaceObject: Namespace | undefined;
  /** The policies that isolate the namespace, when `networkIsolation` is on. */
  readonly networkIsolation: NetworkIsolation | undefined;
  /** The namespace's quota and limit range, when a `budget` is given. */
  readonly budget: NamespaceBudget | undefined;
  /** The value of the skip-checks annotation synthesis adds to every object, if checks are switched off. */
  readonly skipChecksAnnotation: string | undefined;

  constructor(scope: Construct, id: string, props: AppChartProps = {}) {
    const environment = Environment.of(scope);
    const namespace = props.namespace ?? defaultNamespace(id, environment?.name);
    const path = scope.node.path ? `${scope.node.path}/${id}` : id;
    checkName(namespace, NameRule.DNS_LABEL, { path, construct: 'AppChart', field: 'namespace' });
    const labels: Record<string, string> = {
      [Labels.PART_OF]: id,
      [Labels.MANAGED_BY]: 'shipshape',
      ...(environment ? { [Labels.ENVIRONMENT]: environment.name } : {}),
      ...environment?.labels,
      ...props.labels,
    };
    super(scope, id, { namespace, labels, disableResourceNameHashes: true });
    Object.defineProperty(this, APP_CHART, { value: true });
    this.environment = environment;
    this.defaults = mergeDefaults(environment?.defaults, props.defaults);
    this.skipChecksAnnotation = props.skipChecks && Object.keys(props.skipChecks).length > 0 ? skipChecks(props.skipChecks) : undefined;
    this.namespaceObject =
      props.createNamespace === false ? undefined : new Namespace(this, 'Namespace', { ...props.namespaceProps, name: namespace });
    const isolation = props.networkIsolation ?? environment?.networkIsolation ?? false;
    this.networkIsolation = isolation === false ? undefined : new NetworkIsolation(this, 'NetworkIsolation', isolation === true ? {} : isolation);
    this.budget = props.budget === undefined ? undefined : new NamespaceBudget(this, 'Budget', props.budget);
  }

  /** Whether Secrets in this chart may fall back to development values. */
  get allowsDevelopmentSecrets(): boolean {
    return this.environment?.allowDevelopmentSecrets ?? false;
  }

  /** The chart's manifests, as `cdk8s synth` and `Testing.synth` see them, without namespaces on cluster-scoped kinds. */
  override toJson(): unknown[] {
    return super.toJson().map((object: unknown) => withoutNamespaceIfClusterScoped(object as { kind?: unknown }));
  }
}

/**
 * The generated namespace: `<chart id>-<environment id>`. Like every generated name it must be valid, so a
 * chart id that is not (`MongoApp`) is turned into kebab case; ids that are valid already keep their names.
 */
function defaultNamespace(id: string, environment: string | undefined): string {
  const raw = environment !== undefined ? `${id}-${environment}` : id;
  if (nameProblem(raw, NameRule.DNS_LABEL) === undefined) return raw;
  const words = kebab(id) || id;
  return environment !== undefined ? `${words}-${environment}` : words;
}

/** The workload defaults in force for a construct: its AppChart's, or the built-in ones in a plain cdk8s Chart. */
export function defaultsFor(construct: Construct): Required<WorkloadDefaults> {
  return AppChart.nearest(construct)?.defaults ?? mergeDefaults();
}
