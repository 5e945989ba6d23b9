/**
 * The PriorityClasses that pods and quotas name. A pod's must be part of the output, be one of the cluster's own
 * classes, or be declared with `validate.shipshape.io/external`: the API server's Priority admission refuses a pod
 * whose class does not exist, so a workload that names one never gets pods. A ResourceQuota scoped to a class that
 * does not exist yet is admitted and counts no pod until the class is made, which is legitimate (a platform team
 * may create the class later) but more often a typo that leaves the quota limiting nothing: a warning.
 */
import { BUILT_IN_PRIORITY_CLASS_NAMES, BUILT_IN_PRIORITY_CLASSES, SYSTEM_PRIORITY_CLASS_PREFIX } from '../../manifest/priority-classes';
import type { Finding } from './collector';
import { asArray, asRecord, asString } from './json';
import { isExternal, type ObjectEntry } from './object-entry';
import type { ObjectIndex } from './object-index';
import type { PodTemplate } from './pod-templates';

type Report = (entry: ObjectEntry, finding: Finding) => void;

const BUILT_IN_NAMES = BUILT_IN_PRIORITY_CLASS_NAMES.join(' and ');
const ONE_OF_BUILT_IN = BUILT_IN_PRIORITY_CLASS_NAMES.join(' or ');

/** Checks the `priorityClassName` of a pod or pod template. */
export function checkPodPriorityClass(template: PodTemplate, index: ObjectIndex, report: Report): void {
  const name = asString(template.spec.priorityClassName);
  if (name === undefined || name === '' || BUILT_IN_PRIORITY_CLASSES.has(name)) return;
  const entry = template.entry;
  const fieldPath = `${template.specPath}.priorityClassName`;
  if (name.startsWith(SYSTEM_PRIORITY_CLASS_PREFIX)) {
    // No cluster can have it: the API server admits no other class with the prefix, whatever the app declares.
    report(entry, {
      ruleId: 'reference/missing-priority-class',
      severity: 'error',
      fieldPath,
      value: name,
      message: `PriorityClass ${JSON.stringify(name)} cannot exist: names that start with "${SYSTEM_PRIORITY_CLASS_PREFIX}" are reserved for the cluster's own classes, ${BUILT_IN_NAMES}`,
      fix: `Use ${ONE_OF_BUILT_IN}, or a class of the app or the cluster whose name does not start with "${SYSTEM_PRIORITY_CLASS_PREFIX}".`,
    });
    return;
  }
  if (index.find('PriorityClass', undefined, name) !== undefined || isExternal(entry, 'PriorityClass', name)) return;
  report(entry, {
    ruleId: 'reference/missing-priority-class',
    severity: 'error',
    fieldPath,
    value: name,
    message: `PriorityClass ${JSON.stringify(name)} is not part of the output and is not built in; the API server refuses pods whose PriorityClass does not exist`,
    fix: `Add the PriorityClass, use ${ONE_OF_BUILT_IN}, or mark it as external: validate.shipshape.io/external: "PriorityClass/${name}".`,
  });
}

/** Checks the PriorityClass names of a ResourceQuota's `scopeSelector` (operators In and NotIn). */
export function checkQuotaPriorityClasses(entry: ObjectEntry, index: ObjectIndex, report: Report): void {
  asArray(asRecord(asRecord(entry.object.spec)?.scopeSelector)?.matchExpressions).forEach((item, expressionIndex) => {
    const expression = asRecord(item);
    if (expression?.scopeName !== 'PriorityClass' || (expression.operator !== 'In' && expression.operator !== 'NotIn')) return;
    const counted = expression.operator === 'In';
    asArray(expression.values).forEach((value, valueIndex) => {
      const name = asString(value);
      if (name === undefined || name === '' || BUILT_IN_PRIORITY_CLASSES.has(name)) return;
      const reserved = name.startsWith(SYSTEM_PRIORITY_CLASS_PREFIX);
      if (!reserved && (index.find('PriorityClass', undefined, name) !== undefined || isExternal(entry, 'PriorityClass', name))) return;
      const effect = counted ? 'the quota counts no pod of it' : 'excluding it excludes no pod';
      report(entry, {
        ruleId: 'reference/quota-priority-class',
        severity: 'warning',
        fieldPath: `spec.scopeSelector.matchExpressions[${expressionIndex}].values[${valueIndex}]`,
        value: name,
        message: reserved
          ? `PriorityClass ${JSON.stringify(name)} cannot exist: names that start with "${SYSTEM_PRIORITY_CLASS_PREFIX}" are reserved for the cluster's own classes, ${BUILT_IN_NAMES}; ${effect}`
          : `PriorityClass ${JSON.stringify(name)} is not part of the output and is not built in; until it exists, ${effect}`,
        fix: reserved
          ? `Use ${ONE_OF_BUILT_IN}, or a class whose name does not start with "${SYSTEM_PRIORITY_CLASS_PREFIX}".`
          : `Correct the name, add the PriorityClass, or mark it as existing in the cluster: validate.shipshape.io/external: "PriorityClass/${name}" (PriorityClass.fromPriorityClassName() in a construct).`,
      });
    });
  });
}
