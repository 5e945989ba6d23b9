/**
 * The API server's rules for PriorityClasses (k8s.io/kubernetes pkg/apis/scheduling and its validation), kept
 * here once for the construct, the checks of hand-written YAML and the checks of the classes pods name.
 */

/** The lowest priority a class may have (the smallest 32-bit integer). */
export const LOWEST_PRIORITY = -2147483648;

/** The highest priority a user-defined class may have (HighestUserDefinablePriority). */
export const HIGHEST_USER_PRIORITY = 1000000000;

/** Names with this prefix are reserved for the cluster's own classes (SystemPriorityClassPrefix). */
export const SYSTEM_PRIORITY_CLASS_PREFIX = 'system-';

/** The classes every cluster has, by name, with the value the API server requires of them (SystemPriorityClasses). */
export const BUILT_IN_PRIORITY_CLASSES: ReadonlyMap<string, number> = new Map([
  ['system-cluster-critical', 2000000000],
  ['system-node-critical', 2000001000],
]);

/** The names of the built-in classes, in that order (for messages). */
export const BUILT_IN_PRIORITY_CLASS_NAMES: readonly string[] = [...BUILT_IN_PRIORITY_CLASSES.keys()];
