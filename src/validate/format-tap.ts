/** The TAP (Test Anything Protocol, version 13) report: one test point per resource. */
import { describeValue } from '../errors';
import { printable, printableJson } from '../manifest/printable';
import { describeLocation, describeObject } from './format-text';
import type { ValidationReport } from './problem';

/** Renders a report as TAP 13: `not ok` for invalid and unreadable resources, `# SKIP` for skipped ones. */
export function formatReportTap(report: ValidationReport): string {
  const lines = ['TAP version 13', `1..${report.resources.length}`];
  report.resources.forEach((resource, index) => {
    // describeLocation and describeObject escape control characters: no name can start a line of its own.
    const where = describeLocation(resource) ?? printable(resource.constructPath ?? '');
    const title = `${where === '' ? '' : `${where} - `}${describeObject(resource)}`.replace(/#/g, '\\#');
    const ok = resource.status === 'valid' || resource.status === 'skipped';
    lines.push(`${ok ? 'ok' : 'not ok'} ${index + 1} - ${title}${resource.status === 'skipped' ? ' # SKIP no schema' : ''}`);
    if (resource.problems.length === 0) return;
    lines.push('  ---', '  problems:');
    const quoted = (text: string): string => printableJson(JSON.stringify(text));
    for (const problem of resource.problems) {
      lines.push(`    - rule: ${quoted(problem.ruleId)}`);
      lines.push(`      severity: ${problem.severity}`);
      lines.push(`      message: ${quoted(problem.message)}`);
      if (problem.fieldPath !== undefined) lines.push(`      field: ${quoted(problem.fieldPath)}`);
      if (problem.value !== undefined) lines.push(`      value: ${quoted(describeValue(problem.value))}`);
      lines.push(`      fix: ${quoted(problem.fix)}`);
    }
    lines.push('  ...');
  });
  return `${lines.join('\n')}\n`;
}
