/**
 * Where an older API server checks less than a newer one, a finding of the fast validator is an error only
 * for the versions that refuse the object, and a warning for the others (the object is accepted, but it
 * would fail later). Kubernetes 1.27 does not validate a StatefulSet's pod template beyond its labels,
 * restart policy and active deadline, nor its claim templates: it accepts them, and the controller's pods
 * or claims are refused afterwards. Decoding (unknown fields, wrong types) is strict in every version.
 */
import type { KubernetesVersion } from '../options';
import type { Finding } from '../private/collector';
import type { ObjectEntry } from '../private/object-entry';
import type { Report } from './report';

const CHECKED_BY_127 = new Set(['spec.template.spec.restartPolicy', 'spec.template.spec.activeDeadlineSeconds']);
/** Decoding is as strict in 1.27 as later: unknown fields, wrong types and formats (int32, date-time) are refused everywhere. */
const DECODING_RULES = new Set(['schema/unknown-field', 'schema/type', 'schema/format']);

function uncheckedBy127(entry: ObjectEntry, finding: Finding): boolean {
  if (entry.ref.kind !== 'StatefulSet' || finding.severity !== 'error' || finding.fieldPath === undefined || DECODING_RULES.has(finding.ruleId)) return false;
  const path = finding.fieldPath;
  if (CHECKED_BY_127.has(path)) return false;
  return path.startsWith('spec.template.spec.') || path === 'spec.template.spec' || path.startsWith('spec.volumeClaimTemplates');
}

/** Wraps a report so that findings the older target versions do not check become warnings for those versions. */
export function withVersionLeniency(entry: ObjectEntry, versions: readonly KubernetesVersion[], report: Report): Report {
  if (entry.ref.kind !== 'StatefulSet' || !versions.includes('1.27')) return report;
  return (finding) => {
    if (!uncheckedBy127(entry, finding)) {
      report(finding);
      return;
    }
    const affected = finding.kubernetesVersion === undefined ? versions : versions.filter((version) => version === finding.kubernetesVersion);
    for (const version of affected) {
      if (version === '1.27') {
        report({
          ...finding,
          kubernetesVersion: version,
          severity: 'warning',
          message: `${finding.message} (the 1.27 API server does not check a StatefulSet's pod and claim templates, so it accepts this, but the pods or claims would be refused)`,
        });
      } else report({ ...finding, kubernetesVersion: version });
    }
  };
}
