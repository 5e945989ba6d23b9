/**
 * Every mutant of the mutation corpus (mutation-corpus.ts) on which the fast validator and the exact engine
 * (the API server's own validation) give different verdicts, with the reason. The agreement test checks
 * this list both ways: a difference that is not listed fails it, and so does a listed one that is gone.
 */

/** One known difference between the fast validator and the exact engine on a mutant. */
export interface KnownDifference {
  /** The mutant's id, `<base>|<operator>|<path>`. */
  readonly id: string;
  /** Which side refuses the mutant. */
  readonly refusedBy: 'fast' | 'exact';
  /** The Kubernetes versions on which the two differ. */
  readonly versions: readonly ('1.27' | '1.36')[];
  /** Why they differ, and why it stays that way. */
  readonly reason: string;
}

const BOTH = ['1.27', '1.36'] as const;

const LIMIT_RANGE_NAME =
  'The LimitRange registry names a LimitRange without a name with a random UUID on create, so the server accepts it; ' +
  '`kubectl apply` (how shipshape output is deployed) refuses an object without a name, so the fast validator does too.';

const CLAIM_TEMPLATE_FIELDS =
  'kubernetes-models declares the type of volumeClaimTemplates items inline instead of by reference, so the fast ' +
  'validator\'s unknown-field walk does not descend into claim templates; the schema check still types their known fields.';

/** The known differences, by mutant id. */
export const KNOWN_DIFFERENCES: readonly KnownDifference[] = [
  { id: 'limitrange|remove|metadata', refusedBy: 'fast', versions: BOTH, reason: LIMIT_RANGE_NAME },
  { id: 'limitrange|remove|metadata.name', refusedBy: 'fast', versions: BOTH, reason: LIMIT_RANGE_NAME },
  {
    id: 'limitrange|remove|spec.limits',
    refusedBy: 'fast',
    versions: BOTH,
    reason: 'The OpenAPI schema marks LimitRangeSpec.limits required, but the server\'s Go code accepts an empty list; the fast validator follows the published schema, as kubeconform does.',
  },
  {
    id: 'priorityclass|type-number|description',
    refusedBy: 'exact',
    versions: BOTH,
    reason: 'The published schema of PriorityClass.description accepts a number where the server\'s decoder wants a string.',
  },
  { id: 'statefulset|unknown-field|spec.volumeClaimTemplates.0', refusedBy: 'exact', versions: BOTH, reason: CLAIM_TEMPLATE_FIELDS },
  { id: 'statefulset|unknown-field|spec.volumeClaimTemplates.0.metadata', refusedBy: 'exact', versions: BOTH, reason: CLAIM_TEMPLATE_FIELDS },
  { id: 'statefulset|unknown-field|spec.volumeClaimTemplates.0.spec', refusedBy: 'exact', versions: BOTH, reason: CLAIM_TEMPLATE_FIELDS },
  { id: 'statefulset|unknown-field|spec.volumeClaimTemplates.0.spec.resources', refusedBy: 'exact', versions: BOTH, reason: CLAIM_TEMPLATE_FIELDS },
  ...['clusterrolebinding|remove|roleRef.apiGroup', 'rolebinding|remove|roleRef.apiGroup', 'networkpolicy|remove|spec.podSelector', 'priorityclass|remove|value', 'statefulset|remove|spec.serviceName'].map(
    (id): KnownDifference => ({
      id,
      refusedBy: 'fast',
      versions: ['1.27'],
      reason:
        'The 1.27 OpenAPI schema marks this field required, but the 1.27 server\'s Go code accepts it missing (later schemas dropped the mark or the server checks it); the fast validator follows the published schema, as kubeconform does.',
    }),
  ),
];

/** One known difference between the exact engine and the real kube-apiserver 1.36 on a mutant. */
export interface ServerDifference {
  readonly id: string;
  /** `server`: an admission plugin or allocator refuses what validation accepts; `exact`: the reverse. */
  readonly refusedBy: 'server' | 'exact';
  readonly reason: string;
}

/**
 * Where the exact engine and the real server (test/cluster/exact-engine.test.ts) differ: only what admission
 * plugins or allocators decide, which run after validation and need the cluster's state.
 */
export const SERVER_DIFFERENCES: readonly ServerDifference[] = [
  {
    id: 'service-loadbalancer|number=1000000|spec.ports.0.nodePort',
    refusedBy: 'server',
    reason:
      'Validation does not range-check node ports: the node-port allocator refuses ports outside the cluster\'s range (here through the health-check port it derives). Allocators need the cluster\'s configuration and state, which the engine does not have.',
  },
];
