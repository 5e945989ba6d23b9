/**
 * The API server's rules for PriorityClasses (pkg/apis/scheduling/validation and the Priority admission plugin):
 * `system-` names are the cluster's own classes, user-defined values stay at or below 1000000000, and a cluster
 * has one default class. The PriorityClass construct checks the same (src/manifest/priority-classes.ts holds the
 * numbers); these checks hold hand-written YAML to them.
 */
import { BUILT_IN_PRIORITY_CLASS_NAMES, BUILT_IN_PRIORITY_CLASSES, HIGHEST_USER_PRIORITY, LOWEST_PRIORITY, SYSTEM_PRIORITY_CLASS_PREFIX } from '../../manifest/priority-classes';
import type { Finding } from '../private/collector';
import { describeEntry, type ObjectEntry } from '../private/object-entry';
import { refuse, type Report } from './report';

/** The largest 32-bit integer: a larger value is the schema's int32 error already, not reported twice. */
const INT32_MAX = 2147483647;

/** Checks the name and value of one PriorityClass. */
export function checkPriorityClassRules(entry: ObjectEntry, report: Report): void {
  if (entry.ref.kind !== 'PriorityClass') return;
  const name = entry.name;
  const value = entry.object.value;
  if (name !== undefined && name.startsWith(SYSTEM_PRIORITY_CLASS_PREFIX)) {
    // The server admits a system- name only for the cluster's own classes, written exactly as the cluster has them.
    const systemValue = BUILT_IN_PRIORITY_CLASSES.get(name);
    if (systemValue === undefined) {
      refuse(
        report,
        'api/priority-class-name',
        'metadata.name',
        name,
        `metadata.name starts with "${SYSTEM_PRIORITY_CLASS_PREFIX}", which is reserved for the cluster's own classes (${BUILT_IN_PRIORITY_CLASS_NAMES.join(', ')})`,
        `Choose another name, or leave the class out and name ${BUILT_IN_PRIORITY_CLASS_NAMES.join(' or ')} in the pods.`,
      );
    } else if (value !== systemValue || entry.object.globalDefault === true) {
      refuse(
        report,
        'api/priority-class-name',
        'metadata.name',
        name,
        `${name} is one of the cluster's own classes; the API server admits it only with value ${systemValue} and globalDefault false`,
        `Leave the class out (every cluster has it) and name ${name} in the pods, or choose another name for a class of your own.`,
      );
    }
    return;
  }
  if (typeof value === 'number' && value > HIGHEST_USER_PRIORITY && value <= INT32_MAX) {
    refuse(
      report,
      'api/priority-class-value',
      'value',
      value,
      `value must be a whole number from ${LOWEST_PRIORITY} to ${HIGHEST_USER_PRIORITY}; larger values are reserved for the system classes`,
      `Use at most ${HIGHEST_USER_PRIORITY}, or name system-cluster-critical in the pods of a cluster component.`,
    );
  }
}

/**
 * Reports every PriorityClass with `globalDefault: true` after the first: the Priority admission plugin admits
 * one default class per cluster, and the objects of one run are meant for one cluster (as synthesis assumes for
 * every cluster-scoped name).
 */
export function checkPriorityClassDefaults(entries: readonly ObjectEntry[], report: (entry: ObjectEntry, finding: Finding) => void): void {
  let first: ObjectEntry | undefined;
  for (const entry of entries) {
    if (entry.ref.kind !== 'PriorityClass' || entry.object.globalDefault !== true) continue;
    if (first === undefined) {
      first = entry;
      continue;
    }
    report(entry, {
      ruleId: 'api/priority-class-global-default',
      severity: 'error',
      fieldPath: 'globalDefault',
      value: true,
      message: `globalDefault is true, and so is it for ${describeEntry(first.ref)}; the API server admits one default class per cluster`,
      fix: 'Set globalDefault on one class only.',
    });
  }
}
