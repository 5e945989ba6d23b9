/**
 * The PriorityClass a pod names: it must be part of the output, be one of the cluster's own classes, or be
 * declared with `validate.shipshape.io/external`. The API server's Priority admission refuses a pod whose
 * class does not exist, so a workload that names one never gets pods.
 */
import { BUILT_IN_PRIORITY_CLASS_NAMES, BUILT_IN_PRIORITY_CLASSES, SYSTEM_PRIORITY_CLASS_PREFIX } from '../../manifest/priority-classes';
import type { Finding } from './collector';
import { asString } from './json';
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
