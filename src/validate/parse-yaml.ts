/**
 * Reads Kubernetes YAML written by anyone: multi-document files, `kind: List`, and every way a file
 * can be broken, each turned into a problem rather than an exception.
 */
import * as yaml from 'js-yaml';
import type { KubeObject, Manifest } from '../manifest/kube-object';
import type { Problem } from './problem';
import { asArray, asRecord } from './private/json';

/** What a YAML file held: the objects, and a problem for each document that is not a Kubernetes object. */
export interface YamlParseResult {
  readonly manifests: Manifest[];
  /** One problem per unreadable document (rule ids `yaml/...`), with file, document index and line. */
  readonly errors: Problem[];
  /** How many non-empty documents the file had. */
  readonly documentCount: number;
}

/**
 * YAML 1.2 core types plus merge keys: timestamps stay strings (as the API server reads them),
 * and `<<: *anchor` works as in kubectl.
 */
const KUBERNETES_YAML_SCHEMA = yaml.CORE_SCHEMA.extend({
  // js-yaml 4 exports its built-in types as `types`; @types/js-yaml does not declare them.
  implicit: [(yaml as unknown as { types: { merge: yaml.Type } }).types.merge],
});

/** Documents whose aliases expand past this many nodes are refused ("billion laughs"). */
const MAX_NODES_PER_DOCUMENT = 1_000_000;

/** Parses a YAML stream into manifests; duplicate keys, syntax errors and non-objects become problems. */
export function parseManifestsFromYaml(text: string, file: string): YamlParseResult {
  const manifests: Manifest[] = [];
  const errors: Problem[] = [];
  if (text.includes('\u0000')) {
    errors.push(fileProblem('yaml/binary', file, undefined, undefined, 'the file is binary, not YAML', 'Pass only YAML files (.yaml, .yml, .json).'));
    return { manifests, errors, documentCount: 0 };
  }
  let documentCount = 0;
  splitDocuments(text.startsWith('\uFEFF') ? text.slice(1) : text).forEach(({ body, line }, documentIndex) => {
    if (!/^\s*[^\s#]/m.test(body)) return;
    documentCount += 1;
    let data: unknown;
    try {
      data = yaml.load(body, { filename: file, schema: KUBERNETES_YAML_SCHEMA });
    } catch (error) {
      errors.push(yamlErrorProblem(error, file, documentIndex, line));
      return;
    }
    if (data === null || data === undefined) return;
    if (MAY_HAVE_ALIAS.test(body) && countNodes(data, MAX_NODES_PER_DOCUMENT) > MAX_NODES_PER_DOCUMENT) {
      errors.push(fileProblem('yaml/too-complex', file, documentIndex, line, `the document expands to more than ${MAX_NODES_PER_DOCUMENT} values through aliases`, 'Write the document without recursive anchors and aliases.'));
      return;
    }
    const object = asRecord(data);
    // kubectl expands every list kind (List, ConfigMapList, RoleList...): any kind ending in List with items.
    if (typeof object?.kind === 'string' && object.kind.endsWith('List') && Array.isArray(object.items)) {
      asArray(object.items).forEach((item, itemIndex) => addObject(item, `items[${itemIndex}]`, file, documentIndex, line, manifests, errors));
    } else addObject(data, undefined, file, documentIndex, line, manifests, errors);
  });
  return { manifests, errors, documentCount };
}

function addObject(data: unknown, where: string | undefined, file: string, documentIndex: number, line: number, manifests: Manifest[], errors: Problem[]): void {
  const object = asRecord(data);
  const prefix = where === undefined ? 'the document' : where;
  if (object === undefined) {
    errors.push(fileProblem('yaml/not-an-object', file, documentIndex, line, `${prefix} is ${Array.isArray(data) ? 'a list' : `a ${typeof data}`}, not a Kubernetes object`, 'Each document must be a mapping with apiVersion, kind and metadata.'));
    return;
  }
  const missing = ['apiVersion', 'kind'].filter((key) => typeof object[key] !== 'string' || object[key] === '');
  if (missing.length > 0) {
    errors.push(fileProblem('yaml/missing-type', file, documentIndex, line, `${prefix} has no ${missing.join(' and ')} (or not as a string)`, 'Set apiVersion and kind, e.g. apiVersion: apps/v1 and kind: Deployment.'));
    return;
  }
  const metadata = object.metadata;
  if (metadata !== undefined && asRecord(metadata) === undefined) {
    errors.push(fileProblem('yaml/bad-metadata', file, documentIndex, line, `${prefix} has a metadata that is not a mapping`, 'Write metadata as a mapping with name, namespace, labels...'));
    return;
  }
  const kubeObject = (metadata === undefined ? { ...object, metadata: {} } : object) as KubeObject;
  manifests.push({ object: kubeObject, file, documentIndex });
}

/** A `---` line (which may carry content) or a `...` line. */
const SEPARATOR = /^(?:---(?=[ \t]|\r?$)|\.\.\.[ \t]*\r?$)/gm;

/** Splits a stream at `---` lines, remembering the line each document starts on (counting from 1). */
function splitDocuments(text: string): { body: string; line: number }[] {
  const documents: { body: string; line: number }[] = [];
  let start = 0;
  let line = 1;
  let counted = 0;
  const lineOf = (offset: number): number => {
    for (let next = text.indexOf('\n', counted); next !== -1 && next < offset; next = text.indexOf('\n', next + 1)) {
      line += 1;
      counted = next + 1;
    }
    return line;
  };
  for (const match of text.matchAll(SEPARATOR)) {
    const offset = match.index ?? 0;
    documents.push({ body: text.slice(start, offset), line: lineOf(start) });
    // Content after `---` on the same line (`--- {a: 1}`) belongs to the next document.
    start = match[0] === '---' ? offset + 3 : offset + match[0].length;
  }
  documents.push({ body: text.slice(start), line: lineOf(start) });
  const first = documents[0];
  // Text before a leading `---` (nothing, or comments) is not a document of its own.
  if (documents.length > 1 && first !== undefined && !/^\s*[^\s#]/m.test(first.body)) documents.shift();
  return documents;
}

/** Whether a document may contain an alias (`*name`), the only way to make it expand. */
const MAY_HAVE_ALIAS = /(^|[\s,[{:-])\*[^\s,[\]{}]/;

function countNodes(value: unknown, budget: number): number {
  let count = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0 && count <= budget) {
    const next = stack.pop();
    count += 1;
    if (next !== null && typeof next === 'object') {
      if (Array.isArray(next)) for (const item of next) stack.push(item);
      else for (const key in next) stack.push((next as Record<string, unknown>)[key]);
    }
  }
  return count;
}

function yamlErrorProblem(error: unknown, file: string, documentIndex: number, firstLine: number): Problem {
  if (error instanceof yaml.YAMLException) {
    const line = firstLine + (error.mark?.line ?? 0);
    const duplicate = /duplicated mapping key/.test(error.reason);
    return fileProblem(
      duplicate ? 'yaml/duplicate-key' : 'yaml/syntax',
      file,
      documentIndex,
      line,
      duplicate ? `a key appears twice in one mapping (line ${line})` : `YAML syntax error at line ${line}: ${error.reason}`,
      duplicate ? 'Remove or merge the repeated key: the API server would keep only one of them, silently.' : 'Fix the YAML syntax (indentation, quotes, colons).',
    );
  }
  const reason = error instanceof RangeError ? 'the document is nested too deeply' : 'the document cannot be read';
  return fileProblem('yaml/syntax', file, documentIndex, firstLine, reason, 'Simplify the document.');
}

function fileProblem(ruleId: string, file: string, documentIndex: number | undefined, line: number | undefined, message: string, fix: string): Problem {
  return {
    ruleId,
    severity: 'error',
    message,
    fix,
    file,
    ...(documentIndex === undefined ? {} : { documentIndex }),
    ...(line === undefined ? {} : { line }),
    object: { apiVersion: '', kind: '' },
  };
}
