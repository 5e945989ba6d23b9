/** The settings of one validation run. */
import type { KubeObject } from '../manifest/kube-object';

/** Kubernetes versions whose schemas ship with shipshape. */
export type KubernetesVersion = '1.27' | '1.36';

/** Every supported version, oldest first; synthesis validates against all of them by default. */
export const KUBERNETES_VERSIONS: readonly KubernetesVersion[] = ['1.27', '1.36'];

/** A check switched off for a whole run or for the objects of one chart, with the reason why. */
export interface DisabledCheck {
  /** The rule id, e.g. `policy/latest-tag`. */
  readonly id: string;
  /** Why it is off; required so that reviewers can judge it. */
  readonly reason: string;
  /**
   * A construct path prefix (e.g. the chart's path `prod/shop`) to switch the check off only there.
   * @default - the whole run
   */
  readonly scope?: string;
}

/** Options of `validateManifests`. */
export interface ValidateOptions {
  /**
   * The Kubernetes versions to check the schemas against.
   * @default - ['1.27', '1.36']
   */
  readonly kubernetesVersions?: readonly KubernetesVersion[];
  /**
   * Skip objects whose apiVersion/kind has no schema instead of reporting an error (kubeconform's
   * `-ignore-missing-schemas`).
   * @default false
   */
  readonly ignoreMissingSchemas?: boolean;
  /**
   * CustomResourceDefinitions (apiextensions.k8s.io/v1 objects) whose custom resources to check against their
   * schemas, besides the CRDs among the validated objects themselves (which take precedence).
   * @default []
   */
  readonly customResourceDefinitions?: readonly KubeObject[];
  /**
   * Namespaces that exist in the cluster already, so objects may live there without a Namespace object.
   * `default`, `kube-system`, `kube-public` and `kube-node-lease` always count as existing.
   * @default []
   */
  readonly existingNamespaces?: readonly string[];
  /**
   * Checks switched off with a reason, for the whole run or for one construct path prefix.
   * @default []
   */
  readonly disabledChecks?: readonly DisabledCheck[];
  /**
   * Whether to run the best-practice policy checks.
   * @default true
   */
  readonly policies?: boolean;
  /**
   * Whether to check Pods and pod templates against the Pod Security level of their Namespace (when
   * the Namespace is part of the input).
   * @default true
   */
  readonly podSecurity?: boolean;
  /**
   * Whether to run the cross-object reference checks (off when validating files that are only part of an app).
   * @default true
   */
  readonly references?: boolean;
  /**
   * Also run the exact engine: the API server's own create-path validation (Go, compiled to WebAssembly) for
   * each target version, which catches what only the server's code knows. Needs the built engine
   * (src/validate/exact/engine/build.sh); throws ExactEngineError naming what is missing when it is absent.
   * @default false
   */
  readonly exact?: boolean;
}
