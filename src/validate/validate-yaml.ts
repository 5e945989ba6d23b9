/** Validation of YAML text written by anyone: parse, validate, and report unreadable documents alongside. */
import type { ValidateOptions } from './options';
import { parseManifestsFromYaml } from './parse-yaml';
import type { Problem, ResourceResult, ValidationReport } from './problem';
import { validateManifests } from './validate-manifests';

/** One YAML input: its name for reports and its text. */
export interface YamlSource {
  readonly file: string;
  readonly text: string;
}

/** Parses and validates YAML sources together (references may cross files); unreadable documents count as errors. */
export function validateYaml(sources: readonly YamlSource[], options: ValidateOptions = {}): ValidationReport {
  const manifests = [];
  const parseErrors: Problem[] = [];
  for (const source of sources) {
    const parsed = parseManifestsFromYaml(source.text, source.file);
    // Loops, not spreads: a spread of 300,000 documents overflows the call stack.
    for (const manifest of parsed.manifests) manifests.push(manifest);
    for (const problem of parsed.errors) parseErrors.push(problem);
  }
  const report = validateManifests(manifests, options);
  if (parseErrors.length === 0) return report;
  return mergeProblemsAsResources(report, parseErrors);
}

/** Adds problems that have no object (unreadable documents, unreadable files) as resources in status `error`. */
export function mergeProblemsAsResources(report: ValidationReport, problems: readonly Problem[]): ValidationReport {
  const extra: ResourceResult[] = problems.map((problem) => ({
    object: problem.object,
    ...(problem.file === undefined ? {} : { file: problem.file }),
    ...(problem.documentIndex === undefined ? {} : { documentIndex: problem.documentIndex }),
    status: 'error',
    problems: [problem],
  }));
  const position = (resource: ResourceResult): [string, number] => [resource.file ?? '', resource.documentIndex ?? -1];
  const resources = [...report.resources, ...extra].sort((a, b) => {
    const [fileA, indexA] = position(a);
    const [fileB, indexB] = position(b);
    return fileA === fileB ? indexA - indexB : fileA < fileB ? -1 : 1;
  });
  return {
    ...report,
    resources,
    problems: resources.flatMap((resource) => resource.problems),
    resourceCount: report.resourceCount + extra.length,
  };
}
