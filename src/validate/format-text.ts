/** The human-readable report: one block per problem, then a count. */
import { describeValue } from '../errors';
import { printable } from '../manifest/printable';
import { countByStatus, type Problem, type ValidationReport } from './problem';

/** Fixes longer than this many characters are printed once per rule in a report. */
const LONG_FIX = 160;

/** Renders a report for people: each problem with construct path, file, object, field, value and fix. */
export function formatReportText(report: ValidationReport): string {
  // A long fix is printed in full once per rule: forty custom resources without their CRD need its three ways once.
  const printed = new Set<string>();
  const blocks = report.problems.map((problem) => {
    const key = `${problem.ruleId}\u0000${problem.fix}`;
    const repeated = problem.fix.length > LONG_FIX && printed.has(key);
    printed.add(key);
    return formatProblemText(repeated ? { ...problem, fix: `as for the ${problem.ruleId} ${problem.severity} above` } : problem);
  });
  const errors = report.problems.filter((problem) => problem.severity === 'error').length;
  const warnings = report.problems.length - errors;
  const suppressed = report.suppressedCount > 0 ? `, ${report.suppressedCount} switched off` : '';
  blocks.push(`${plural(errors, 'error')}, ${plural(warnings, 'warning')} in ${plural(report.resourceCount, 'resource')}${suppressed}.`);
  return `${blocks.join('\n\n')}\n`;
}

/** The kubeconform-style summary line: `N resources found in M files - Valid: a, Invalid: b, Errors: c, Skipped: d`. */
export function formatSummaryLine(report: ValidationReport, fileCount: number): string {
  const counts = countByStatus(report);
  return `${plural(report.resourceCount, 'resource')} found in ${plural(fileCount, 'file')} - Valid: ${counts.valid}, Invalid: ${counts.invalid}, Errors: ${counts.error}, Skipped: ${counts.skipped}`;
}

/** How a report names an object: `Deployment shop/web`, or the document for unreadable YAML. */
export function describeObject(problem: Pick<Problem, 'object'>): string {
  const { kind, namespace, name } = problem.object;
  if (kind === '') return '(unreadable document)';
  const id = name === undefined ? '(unnamed)' : namespace === undefined ? name : `${namespace}/${name}`;
  return printable(`${kind} ${id}`);
}

/** Where an object is: `dist/app.yaml, document 3, line 12`. */
export function describeLocation(problem: Pick<Problem, 'file' | 'documentIndex' | 'line'>): string | undefined {
  if (problem.file === undefined) return undefined;
  const parts = [printable(problem.file)];
  if (problem.documentIndex !== undefined) parts.push(`document ${problem.documentIndex + 1}`);
  if (problem.line !== undefined) parts.push(`line ${problem.line}`);
  return parts.join(', ');
}

/** Renders one problem as the text report does: severity, rule, object, then construct, file, field, problem and fix. */
export function formatProblemText(problem: Problem): string {
  const versions = problem.kubernetesVersions === undefined ? '' : ` (Kubernetes ${problem.kubernetesVersions.join(', ')} only)`;
  // Everything that can come from input is escaped: a name with a newline must not make a line of its own.
  const lines = [`${problem.severity.toUpperCase()} ${printable(problem.ruleId)}: ${describeObject(problem)}${versions}`];
  if (problem.constructPath !== undefined) lines.push(`  construct: ${printable(problem.constructPath)}`);
  const location = describeLocation(problem);
  if (location !== undefined) lines.push(`  file:      ${location}`);
  if (problem.fieldPath !== undefined) {
    lines.push(`  field:     ${printable(problem.fieldPath)}${problem.value === undefined ? '' : ` = ${printable(describeValue(problem.value))}`}`);
  }
  lines.push(`  problem:   ${printable(problem.message)}`);
  lines.push(`  fix:       ${printable(problem.fix)}`);
  return lines.join('\n');
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
