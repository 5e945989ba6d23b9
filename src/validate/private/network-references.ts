/**
 * NetworkPolicy selectors: a policy whose pod selector, or a same-namespace peer whose pod selector,
 * matches no pod template of the output isolates or admits nothing, which is almost always a typo.
 */
import type { Finding } from './collector';
import { asArray, asRecord, asStringMap } from './json';
import { isEmptySelector, labelSelectorMatches } from './label-selector';
import { isExternal, type ObjectEntry } from './object-entry';
import type { ObjectIndex } from './object-index';

type Report = (entry: ObjectEntry, finding: Finding) => void;

/** Checks a NetworkPolicy's pod selector and its same-namespace peers (warnings). */
export function checkNetworkPolicy(entry: ObjectEntry, index: ObjectIndex, report: Report): void {
  if (isExternal(entry, 'Pod', '*')) return;
  const spec = asRecord(entry.object.spec);
  const inNamespace = entry.namespace === undefined ? 'its namespace' : `namespace ${entry.namespace}`;
  // An empty selector means every pod of the namespace, including pods created later.
  const selectsNothing = (selector: unknown): boolean =>
    !isEmptySelector(selector) && !index.candidateTemplates(entry.namespace, asStringMap(asRecord(selector)?.matchLabels)).some((template) => labelSelectorMatches(selector, template.labels));
  if (spec?.podSelector !== undefined && selectsNothing(spec.podSelector)) {
    report(entry, {
      ruleId: 'reference/network-policy-selects-nothing',
      severity: 'warning',
      fieldPath: 'spec.podSelector',
      message: `the pod selector matches no pod template in ${inNamespace}, so the policy isolates nothing`,
      fix: 'Select the labels of the pods to isolate (or {} for every pod of the namespace), or mark them as external: validate.shipshape.io/external: "Pod/*".',
    });
  }
  // A peer with a pod selector and no namespace selector means pods of the policy's own namespace.
  for (const [direction, peers] of [['ingress', 'from'], ['egress', 'to']] as const) {
    asArray(spec?.[direction]).forEach((rule, ruleIndex) => {
      asArray(asRecord(rule)?.[peers]).forEach((item, peerIndex) => {
        const peer = asRecord(item);
        if (peer?.podSelector === undefined || peer.namespaceSelector !== undefined || !selectsNothing(peer.podSelector)) return;
        report(entry, {
          ruleId: 'reference/network-policy-peer-selects-nothing',
          severity: 'warning',
          fieldPath: `spec.${direction}[${ruleIndex}].${peers}[${peerIndex}].podSelector`,
          message: `the ${direction} peer's pod selector matches no pod template in ${inNamespace}, so this peer ${direction === 'ingress' ? 'lets no traffic in' : 'lets no traffic out'}`,
          fix: 'Select the labels of the pods meant, add a namespaceSelector for pods of other namespaces, or mark them as external: validate.shipshape.io/external: "Pod/*".',
        });
      });
    });
  }
}
