/**
 * Synthesis: construct tree → rendered objects → validation → ordered YAML files → output folder.
 * Each object is rendered once and the whole app is validated once, so time grows linearly with size.
 */
import { relative } from 'node:path';
import { AppChart } from '../constructs/app/app-chart';
import { Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { KubeObject, Manifest } from '../manifest/kube-object';
import { NAMESPACE_EXISTS_ANNOTATION, SKIP_CHECKS_ANNOTATION } from '../validate/annotations';
import { isClusterScoped } from '../manifest/cluster-scoped';
import { compareText } from '../manifest/compare-text';
import { formatProblemText, validateManifests, ValidateOptions, ValidationReport } from '../validate';
import { collectRenderProblems } from '../manifest/render-problems';
import { collect, CollectedObject } from './collect';
import { withImportedDefinitions } from './imported-definitions';
import { chartFiles } from './layout';
import { compareForApply } from './order';
import { dependencyKey, DependencyCycleError, DEPENDS_ON_ANNOTATION, orderWithDependencies, parseDependsOn } from '../manifest/apply-order';
import { SynthesisError } from './synthesis-error';
import { checkOutputFolder, OutputFile, replaceOutputFolder, replaceOutputFolderWhile } from './write-output';
import { toYamlFile } from './yaml';

/** Options of synthesis. */
export interface SynthesizeOptions {
  /**
   * Validate the output (schemas for Kubernetes 1.27 and 1.36, references, policies) before returning it.
   * @default true
   */
  readonly validate?: boolean;
  /**
   * Options passed to validation.
   * @default - both Kubernetes versions, every check
   */
  readonly validation?: ValidateOptions;
  /**
   * The folder the files are meant for, used in file names of reports.
   * @default 'dist'
   */
  readonly outputDir?: string;
  /**
   * Called as synthesis goes through its phases: rendering objects (every 500), validating them, writing files.
   * @default - no progress reports
   */
  readonly onProgress?: (phase: SynthesisPhase, done: number, total: number) => void;
  /**
   * The app id written to the output folder's marker; `shipshape apply` names its ApplySets after it.
   * @default - none: `shipshape apply` of the output then needs `--app-name`
   */
  readonly appId?: string;
  /**
   * The working folder, which (like its ancestors) is never used as the output folder.
   * @default process.cwd()
   */
  readonly cwd?: string;
}

/** The phases progress is reported for. */
export type SynthesisPhase = 'rendering' | 'validating' | 'writing';

/** What synthesis produced. */
export interface SynthesisResult {
  /** Every object, in apply order, with the file it belongs to. */
  readonly manifests: readonly Manifest[];
  /** The files, relative to the output folder. */
  readonly files: readonly OutputFile[];
  /** The validation report (warnings only, since errors throw); undefined when validation was off. */
  readonly report: ValidationReport | undefined;
}

/** Synthesizes an app (or any construct tree holding charts) in memory; throws SynthesisError listing every problem. */
export function synthesize(root: IConstruct, options: SynthesizeOptions = {}): SynthesisResult {
  const prepared = prepare(root, options);
  const report = options.validate !== false ? validateManifests(prepared.manifests, validationOptions(prepared, options)) : undefined;
  throwProblems(prepared, report);
  return { ...renderFiles(prepared), report };
}

/** Objects rendered and grouped into files, with the problems found so far, before validation. */
interface Prepared {
  readonly collection: ReturnType<typeof collect>;
  readonly manifests: readonly Manifest[];
  readonly byFile: ReadonlyMap<string, { readonly objects: Manifest[]; readonly private: boolean }>;
  readonly problems: readonly string[];
}

function prepare(root: IConstruct, options: SynthesizeOptions): Prepared {
  const outputDir = options.outputDir ?? 'dist';
  // Problems that rendering can work around (a Secret value that is not set) are collected, not thrown, so
  // that one run reports them with every construct and validation problem.
  const rendered = collectRenderProblems(() => collect(root, options.onProgress && ((done, total) => options.onProgress?.('rendering', done, total))));
  const collection = rendered.result;
  const problems = [...collection.problems, ...rendered.problems];
  problems.push(...duplicateProblems(collection.objects));
  if (collection.charts.length === 0) {
    problems.push(`'${root.node.path || 'app'}': the app has no charts. Create at least one AppChart (or cdk8s Chart) in it.`);
    throw new SynthesisError(problems);
  }

  const byFile = new Map<string, { objects: Manifest[]; private: boolean }>();
  const manifests: Manifest[] = [];
  const filesOfChart = new Map<Chart, ReturnType<typeof chartFiles>>();
  for (const { object, chart, constructPath } of collection.objects) {
    let files = filesOfChart.get(chart);
    if (files === undefined) {
      files = chartFiles(chart);
      filesOfChart.set(chart, files);
    }
    const isSecret = object.kind === 'Secret';
    const path = isSecret ? files.secrets : files.manifests;
    const entry = byFile.get(path) ?? { objects: [], private: isSecret };
    const finalObject = withChartAnnotations(object, chart);
    const manifest = { object: finalObject, constructPath, file: `${outputDir}/${path}` };
    entry.objects.push(manifest);
    byFile.set(path, entry);
    manifests.push(manifest);
  }
  problems.push(...fileCollisionProblems(filesOfChart));
  // A cycle across files (charts) cannot show within one file: look at the whole app once.
  if (hasDependencies(manifests)) inApplyOrder(manifests);
  return { collection, manifests, byFile, problems };
}

/** The validation options for prepared objects: imported definitions added, cross-object checks off when objects are missing. */
function validationOptions(prepared: Prepared, options: SynthesizeOptions): ValidateOptions {
  options.onProgress?.('validating', 0, prepared.manifests.length);
  // An object that could not be rendered is missing from the output: references to it would be reported as
  // broken, which is not the user's mistake, so cross-object checks wait until every object renders.
  const withDefinitions = withImportedDefinitions(prepared.collection.customResourceDefinitions, options.validation);
  return prepared.collection.unrendered > 0 ? { ...withDefinitions, references: false } : withDefinitions;
}

/** Throws SynthesisError when synthesis or validation (when it ran) found errors. */
function throwProblems(prepared: Prepared, report: ValidationReport | undefined): void {
  const { problems, collection } = prepared;
  if (report === undefined) {
    if (problems.length > 0) throw new SynthesisError([...problems]);
    return;
  }
  // Duplicates are reported above, with both construct paths; validation's own duplicate check would repeat them.
  // So are the mistakes a construct's own validation found (no containers added): the objects it rendered
  // anyway would only repeat them in the server's words.
  const errors = report.problems.filter(
    (problem) =>
      problem.severity === 'error' &&
      problem.ruleId !== 'reference/duplicate-object' &&
      !(problem.constructPath !== undefined && collection.invalidConstructs.has(problem.constructPath)),
  );
  if (errors.length > 0 || problems.length > 0) {
    const heading = problems.length === 0 ? 'Validation failed; nothing was written.' : undefined;
    throw new SynthesisError([...problems, ...errors.map(formatProblemText)], heading, { report });
  }
}

/** The YAML files of prepared objects, each file's objects in apply order, files sorted by path. */
function renderFiles(prepared: Prepared): { manifests: Manifest[]; files: OutputFile[] } {
  const files: OutputFile[] = [];
  const ordered: Manifest[] = [];
  for (const [path, entry] of [...prepared.byFile.entries()].sort(([a], [b]) => compareText(a, b))) {
    const inOrder = inApplyOrder(entry.objects);
    ordered.push(...inOrder);
    files.push({ path, content: toYamlFile(inOrder.map((manifest) => manifest.object)), private: entry.private });
  }
  return { manifests: ordered, files };
}

function hasDependencies(manifests: readonly Manifest[]): boolean {
  return manifests.some((manifest) => manifest.object.metadata.annotations?.[DEPENDS_ON_ANNOTATION] !== undefined);
}

/** The objects of one file (or of the whole app) in apply order, each after the objects it depends on (addDependency). */
function inApplyOrder(manifests: readonly Manifest[]): Manifest[] {
  if (!hasDependencies(manifests)) {
    return [...manifests].sort((a, b) => compareForApply(a.object, b.object));
  }
  const byKey = new Map(manifests.map((manifest) => [dependencyKey(manifest.object), manifest]));
  try {
    return orderWithDependencies(manifests, {
      dependenciesOf: (manifest) => parseDependsOn(manifest.object).flatMap((key) => byKey.get(key) ?? []),
      compare: (a, b) => compareForApply(a.object, b.object),
      describe: (manifest) => `'${manifest.constructPath ?? dependencyKey(manifest.object)}'`,
    });
  } catch (error) {
    if (error instanceof DependencyCycleError) throw new SynthesisError([error.message]);
    throw error;
  }
}

/**
 * Refuses a wrong output folder before synthesizing, so that it costs nothing (checked again before the swap), and
 * names the output in reports as given or relative to the working folder.
 */
function folderOptions(outputDir: string, options: SynthesizeOptions): SynthesizeOptions {
  checkOutputFolder(outputDir, options.cwd);
  return { ...options, outputDir: options.outputDir ?? (relative(process.cwd(), outputDir) || '.') };
}

/** Synthesizes and replaces `outputDir` with the result; on any error the folder is left as it was. */
export function synthesizeToFolder(root: IConstruct, outputDir: string, options: SynthesizeOptions = {}): SynthesisResult {
  const result = synthesize(root, folderOptions(outputDir, options));
  options.onProgress?.('writing', 0, result.files.length);
  replaceOutputFolder(outputDir, result.files, { appId: options.appId, cwd: options.cwd });
  return result;
}

/** Options of synthesizing to a folder with validation and writing side by side. */
export interface SynthesizeToFolderAsyncOptions extends SynthesizeOptions {
  /**
   * Called with the files once they are rendered and the output's parent folder exists, before validation, e.g. to
   * start a check of the files that runs beside validation.
   * @default - nothing is called
   */
  readonly onRendered?: (files: readonly OutputFile[]) => void;
}

/**
 * Does what synthesizeToFolder does, faster for big apps: the files are rendered before validation and written
 * to the staging folder by a worker thread while validation runs; the folder takes the output's place only
 * when validation passes and every file is written. The result is the same, byte for byte.
 */
export async function synthesizeToFolderAsync(root: IConstruct, outputDir: string, options: SynthesizeToFolderAsyncOptions = {}): Promise<SynthesisResult> {
  const prepared = prepare(root, folderOptions(outputDir, options));
  // Problems stop the run before any file is rendered or written: without validation there is nothing to write
  // beside, and problems found while rendering fail the run whatever validation finds (it runs first, so that its
  // findings are reported with them).
  if (options.validate === false || prepared.problems.length > 0) {
    throwProblems(prepared, options.validate === false ? undefined : validateManifests(prepared.manifests, validationOptions(prepared, options)));
  }
  const rendered = renderFiles(prepared);
  let report: ValidationReport | undefined;
  options.onProgress?.('writing', 0, rendered.files.length);
  await replaceOutputFolderWhile(
    outputDir,
    rendered.files,
    () => {
      options.onRendered?.(rendered.files);
      if (options.validate === false) return;
      report = validateManifests(prepared.manifests, validationOptions(prepared, options));
      throwProblems(prepared, report);
    },
    { appId: options.appId, cwd: options.cwd },
  );
  return { ...rendered, report };
}

/** Two objects with the same group, kind, namespace and name would overwrite each other in the cluster. */
function duplicateProblems(objects: readonly CollectedObject[]): string[] {
  const seen = new Map<string, string>();
  const problems: string[] = [];
  for (const { object, constructPath } of objects) {
    const group = object.apiVersion.includes('/') ? object.apiVersion.split('/')[0] : '';
    const key = `${group}|${object.kind}|${object.metadata.namespace ?? ''}|${object.metadata.name ?? ''}`;
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, constructPath);
      continue;
    }
    const where = object.metadata.namespace ? ` in namespace "${object.metadata.namespace}"` : '';
    problems.push(
      `${object.kind} '${constructPath}': name: "${object.metadata.name}" is already used by '${first}'${where}. Give one of them another name (the name prop) or another construct id.`,
    );
  }
  return problems;
}

/**
 * Adds what validation needs to know about a chart to each of its objects, so that `shipshape validate` of the
 * files agrees with synthesis: the chart's switched-off checks, and that its namespace exists already when
 * the chart does not create it.
 */
function withChartAnnotations(object: KubeObject, chart: Chart): KubeObject {
  if (!AppChart.isAppChart(chart)) return object;
  const skips = chart.skipChecksAnnotation;
  const namespaceExists = chart.namespaceObject === undefined && object.metadata.namespace !== undefined && !isClusterScoped(object.kind, object.apiVersion);
  if (skips === undefined && !namespaceExists) return object;
  const annotations = { ...object.metadata.annotations };
  if (skips !== undefined) {
    annotations[SKIP_CHECKS_ANNOTATION] = annotations[SKIP_CHECKS_ANNOTATION] ? `${annotations[SKIP_CHECKS_ANNOTATION]}; ${skips}` : skips;
  }
  if (namespaceExists) annotations[NAMESPACE_EXISTS_ANNOTATION] = 'true';
  return { ...object, metadata: { ...object.metadata, annotations } };
}

function fileCollisionProblems(filesOfChart: ReadonlyMap<Chart, { manifests: string }>): string[] {
  const owners = new Map<string, string>();
  const problems: string[] = [];
  for (const [chart, files] of filesOfChart) {
    const other = owners.get(files.manifests);
    if (other !== undefined) problems.push(`Chart '${chart.node.path}': its file ${files.manifests} is also the file of chart '${other}'. Give one of the charts another id.`);
    owners.set(files.manifests, chart.node.path);
  }
  return problems;
}
