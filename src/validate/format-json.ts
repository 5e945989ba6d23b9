/** The machine-readable report: stable JSON with resources, problems and the summary counts. */
import { printableJson } from '../manifest/printable';
import { countByStatus, type ValidationReport } from './problem';

/** Renders a report as JSON (values are already redacted in problems). */
export function formatReportJson(report: ValidationReport, fileCount?: number): string {
  const counts = countByStatus(report);
  const summary = { resources: report.resourceCount, ...(fileCount === undefined ? {} : { files: fileCount }), ...counts, suppressed: report.suppressedCount };
  // JSON.stringify escapes C0 controls; the rest that a terminal would act on is escaped too.
  return `${printableJson(JSON.stringify({ kubernetesVersions: report.kubernetesVersions, summary, resources: report.resources }, null, 2))}\n`;
}
