/**
 * The order objects are written in, so that `kubectl apply -f` works in one pass. The table itself lives in
 * `src/manifest/apply-order.ts`, shared with `shipshape apply`, so that files and deployments agree.
 */
export { applyRank, compareForApply, DependencyCycleError, DEPENDS_ON_ANNOTATION } from '../manifest/apply-order';
