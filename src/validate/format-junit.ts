/** The JUnit XML report, for CI systems that show test results: one test case per resource, one suite per file. */
import { describeObject, describeLocation } from './format-text';
import { countByStatus, type ResourceResult, type ValidationReport } from './problem';
import { describeValue } from '../errors';

/** Renders a report as JUnit XML: errors fail a test case, unreadable documents error it, warnings go to system-out. */
export function formatReportJunit(report: ValidationReport): string {
  const suites = new Map<string, ResourceResult[]>();
  for (const resource of report.resources) {
    const name = resource.file ?? resource.constructPath?.split('/')[0] ?? 'manifests';
    const list = suites.get(name);
    if (list === undefined) suites.set(name, [resource]);
    else list.push(resource);
  }
  const counts = countByStatus(report);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="shipshape validate" tests="${report.resourceCount}" failures="${counts.invalid}" errors="${counts.error}" skipped="${counts.skipped}">`,
  ];
  for (const [name, resources] of suites) {
    const failures = resources.filter((resource) => resource.status === 'invalid').length;
    const errors = resources.filter((resource) => resource.status === 'error').length;
    const skipped = resources.filter((resource) => resource.status === 'skipped').length;
    lines.push(`  <testsuite name="${xml(name)}" tests="${resources.length}" failures="${failures}" errors="${errors}" skipped="${skipped}">`);
    for (const resource of resources) {
      const caseName = describeObject(resource) + (resource.documentIndex === undefined ? '' : ` (document ${resource.documentIndex + 1})`);
      lines.push(`    <testcase name="${xml(caseName)}" classname="${xml(resource.object.kind === '' ? 'yaml' : `${resource.object.apiVersion}/${resource.object.kind}`)}">`);
      const errorsOf = resource.problems.filter((problem) => problem.severity === 'error');
      const warnings = resource.problems.filter((problem) => problem.severity === 'warning');
      const tag = resource.status === 'error' ? 'error' : 'failure';
      if (resource.status === 'skipped') lines.push('      <skipped message="no schema (ignored)"/>');
      for (const problem of errorsOf) {
        lines.push(`      <${tag} type="${xml(problem.ruleId)}" message="${xml(problem.message)}">${xml(detail(problem))}</${tag}>`);
      }
      if (warnings.length > 0) lines.push(`      <system-out>${xml(warnings.map((problem) => `WARNING ${problem.ruleId}: ${detail(problem)}`).join('\n'))}</system-out>`);
      lines.push('    </testcase>');
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}

function detail(problem: ResourceResult['problems'][number]): string {
  const parts = [problem.message];
  const location = describeLocation(problem);
  if (problem.constructPath !== undefined) parts.push(`construct: ${problem.constructPath}`);
  if (location !== undefined) parts.push(`file: ${location}`);
  if (problem.fieldPath !== undefined) parts.push(`field: ${problem.fieldPath}${problem.value === undefined ? '' : ` = ${describeValue(problem.value)}`}`);
  parts.push(`fix: ${problem.fix}`);
  return parts.join('\n');
}

function xml(text: string): string {
  // C0 controls are not allowed in XML 1.0 at all, even escaped: they are shown as escapes, like the other
  // formats do. DEL, C1 controls and bidirectional overrides become character references, so no raw control
  // byte reaches a terminal that shows the file.
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (character) => `&#x${character.charCodeAt(0).toString(16)};`);
}
