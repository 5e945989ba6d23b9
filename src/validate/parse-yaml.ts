/**
 * Reads Kubernetes YAML written by anyone: multi-document files, `kind: List`, and every way a file
 * can be broken, each turned into a problem rather than an exception. What kubectl would read
 * differently (YAML 1.1 booleans and octals, see manifest/kubectl-scalars.ts) is refused, and the work
 * per input is bounded: documents, alias expansion and bytes.
 */
import { isUtf8 } from 'node:buffer';
import * as yaml from 'js-yaml';
import type { KubeObject, Manifest } from '../manifest/kube-object';
import type { Problem } from './problem';
import { asArray, asRecord } from './private/json';
import { describeKubectlScalar, kubectlScalar, readsTheSame } from '../manifest/kubectl-scalars';

/** What a YAML file held: the objects, and a problem for each document that is not a Kubernetes object. */
export interface YamlParseResult {
  readonly manifests: Manifest[];
  /** One problem per unreadable document (rule ids `yaml/...`), with file, document index and line. */
  readonly errors: Problem[];
  /** How many non-empty documents the file had. */
  readonly documentCount: number;
}

// js-yaml 4 exports its built-in types as `types`; @types/js-yaml does not declare them.
const TYPES = (yaml as unknown as { types: Record<'merge' | 'null' | 'bool' | 'int' | 'float' | 'str' | 'seq' | 'map', yaml.Type> }).types;

/** The raw text and value of the last scalar an implicit type (null, bool, int, float) constructed. */
let lastImplicit: { readonly raw: string; readonly value: unknown } | undefined;

/** A core type that remembers the text it constructed a value from, for the kubectl comparison. */
function remembering(type: yaml.Type): yaml.Type {
  // This schema only loads, so the dumping options (represent, styles) are left out.
  const options = type as unknown as Required<Pick<yaml.TypeConstructorOptions, 'resolve' | 'predicate'>> & {
    construct: (data: string) => unknown;
    tag: string;
    instanceOf?: object;
  };
  return new yaml.Type(options.tag, {
    kind: 'scalar',
    resolve: options.resolve,
    ...(options.predicate ? { predicate: options.predicate } : {}),
    ...(options.instanceOf ? { instanceOf: options.instanceOf } : {}),
    construct: (data: string) => {
      const value = options.construct(data);
      lastImplicit = { raw: data, value };
      return value;
    },
  });
}

/**
 * YAML 1.2 core types plus merge keys: timestamps stay strings (as the API server reads them),
 * and `<<: *anchor` works as in kubectl.
 * The implicit scalar types remember their text, so that what kubectl reads differently is found.
 */
const KUBERNETES_YAML_SCHEMA = new yaml.Schema({
  implicit: [TYPES.null, TYPES.bool, TYPES.int, TYPES.float].map(remembering).concat([TYPES.merge]),
  explicit: [TYPES.str, TYPES.seq, TYPES.map],
});

/** Documents whose aliases expand past this many nodes are refused ("billion laughs"). */
const MAX_NODES_PER_DOCUMENT = 1_000_000;
/** All documents of one input together may expand through aliases to at most this many nodes. */
const MAX_ALIAS_NODES_PER_INPUT = 2_000_000;
/** One input may hold at most this many documents; the rest is not read. */
export const MAX_DOCUMENTS_PER_INPUT = 100_000;
/** At most this many scalars kubectl reads differently are reported per document. */
const MAX_SCALAR_PROBLEMS_PER_DOCUMENT = 10;

/** The position js-yaml's loader state has when its listener is called. */
interface LoaderState {
  readonly kind: string | null;
  readonly position: number;
  readonly tag: string | null;
  readonly result: unknown;
  readonly line: number;
}

/** A plain scalar that kubectl reads as something else than shipshape does. */
interface ScalarDifference {
  readonly line: number;
  readonly raw: string;
  readonly kubectl: string;
  readonly ours: string;
}

/** Loads one document, noting every plain scalar kubectl would read differently. */
function loadDocument(body: string, file: string, json = false): { data: unknown; differences: ScalarDifference[] } {
  const differences: ScalarDifference[] = [];
  lastImplicit = undefined;
  // Where each open node starts, only kept when the document may hold a \/ escape (rare): see unknownToKubectl.
  const opened: number[] | undefined = !json && body.includes('\\/') ? [] : undefined;
  let slash: number | undefined;
  let text = body;
  const listener = (event: string, state: LoaderState): void => {
    if (opened !== undefined) {
      if (event === 'open') opened.push(state.position);
      else {
        const start = opened.pop() ?? 0;
        if (state.kind === 'scalar' && slash === undefined) slash = slashEscape(text, start, state.position);
      }
    }
    if (event !== 'close' || state.kind !== 'scalar') return;
    const implicit = lastImplicit;
    lastImplicit = undefined;
    let raw: string;
    let ours: unknown;
    if (state.tag === '?' && typeof state.result === 'string') {
      raw = state.result;
      ours = state.result;
    } else if (implicit !== undefined) {
      ({ raw, value: ours } = implicit);
    } else return;
    const kubectl = kubectlScalar(raw);
    if (readsTheSame(kubectl, ours)) return;
    const oursText = typeof ours === 'string' ? 'a string' : ours === null ? 'null' : typeof ours === 'number' || typeof ours === 'boolean' ? `the ${typeof ours} ${ours}` : 'another type';
    differences.push({ line: state.line, raw, kubectl: describeKubectlScalar(kubectl), ours: oursText });
  };
  for (;;) {
    try {
      const data = yaml.load(text, { filename: file, schema: KUBERNETES_YAML_SCHEMA, listener } as unknown as yaml.LoadOptions);
      if (slash !== undefined) {
        const line = countNewlines(text, 0, slash);
        throw new yaml.YAMLException('\\/ in a double-quoted string is an escape kubectl\'s YAML reader does not know (it refuses the file); JSON has it, YAML does not', { line } as unknown as yaml.Mark);
      }
      return { data, differences };
    } catch (error) {
      // kubectl's YAML reader (go-yaml) takes \' in a double-quoted string as a quote; js-yaml refuses it.
      const at = error instanceof yaml.YAMLException && error.reason === 'unknown escape sequence' ? (error.mark?.position ?? -1) : -1;
      if (at < 1 || text[at] !== "'" || text[at - 1] !== '\\') throw error;
      text = text.slice(0, at - 1) + text.slice(at);
      differences.length = 0;
      opened?.splice(0);
      slash = undefined;
    }
  }
}

/**
 * The offset of a `\/` escape in the double-quoted scalar that the text from `start` to `end` holds (after any blank
 * lines, comments and properties in front of it), or undefined. go-yaml, which kubectl reads YAML with, refuses that
 * escape; js-yaml takes it as `/`.
 */
function slashEscape(text: string, start: number, end: number): number | undefined {
  let index = start;
  for (;;) {
    while (index < end && /\s/.test(text[index] ?? '')) index += 1;
    if (text[index] === '#') index = text.indexOf('\n', index) < 0 ? end : text.indexOf('\n', index);
    else if (text[index] === '!' || text[index] === '&') while (index < end && !/\s/.test(text[index] ?? '')) index += 1;
    else break;
  }
  if (text[index] !== '"') return undefined;
  for (index += 1; index < end && text[index] !== '"'; index += 1) {
    if (text[index] !== '\\') continue;
    if (text[index + 1] === '/') return index;
    index += 1;
  }
  return undefined;
}

/** An input as bytes, decoded as UTF-8, or the problem that it is not UTF-8. */
export type DecodedInput = { readonly text: string } | { readonly problem: Problem };

/**
 * Decodes the bytes of an input. Invalid UTF-8 is a problem, never silently replaced: the API server
 * would receive other bytes than the file holds.
 */
export function decodeYamlInput(bytes: Uint8Array, file: string): DecodedInput {
  if (isUtf8(bytes)) return { text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8') };
  const offset = firstInvalidUtf8(bytes);
  let line = 1;
  for (let index = 0; index < offset; index++) if (bytes[index] === 0x0a) line += 1;
  const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  return {
    problem: fileProblem(
      'yaml/invalid-utf8',
      file,
      undefined,
      line,
      `the input is not valid UTF-8: byte ${offset} (line ${line}) is 0x${(bytes[offset] ?? 0).toString(16).padStart(2, '0')}${utf16 ? ' (the file looks like UTF-16)' : ''}`,
      'Save the file as UTF-8. For binary content use binaryData (ConfigMap) or base64 data (Secret).',
    ),
  };
}

/** The offset of the first byte that breaks UTF-8 (as WHATWG decoding defines it). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let index = 0;
  while (index < bytes.length) {
    const lead = bytes[index] ?? 0;
    const length = lead < 0x80 ? 1 : lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    if (length === 0) return index;
    if (length > 1) {
      const second = bytes[index + 1] ?? 0;
      const low = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
      const high = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
      if (second < low || second > high) return index;
      for (let next = 2; next < length; next++) {
        const byte = bytes[index + next] ?? 0;
        if (byte < 0x80 || byte > 0xbf) return index;
      }
    }
    index += length;
  }
  return bytes.length;
}

/** Parses a YAML stream into manifests; duplicate keys, syntax errors and non-objects become problems. */
export function parseManifestsFromYaml(text: string, file: string): YamlParseResult {
  const manifests: Manifest[] = [];
  const errors: Problem[] = [];
  if (text.includes('\u0000')) {
    errors.push(fileProblem('yaml/binary', file, undefined, undefined, 'the file is binary, not YAML', 'Pass only YAML files (.yaml, .yml, .json).'));
    return { manifests, errors, documentCount: 0 };
  }
  let documentCount = 0;
  let aliasBudget = MAX_ALIAS_NODES_PER_INPUT;
  const documents = splitStream(text.startsWith('\uFEFF') ? text.slice(1) : text);
  for (let documentIndex = 0; documentIndex < documents.length; documentIndex++) {
    const { body, line, json } = documents[documentIndex] ?? { body: '', line: 0 };
    if (!/^\s*[^\s#]/m.test(body)) continue;
    if (documentCount === MAX_DOCUMENTS_PER_INPUT) {
      errors.push(fileProblem('yaml/too-many-documents', file, documentIndex, line, `the input has more than ${MAX_DOCUMENTS_PER_INPUT} documents; the rest was not read`, 'Split the input into several files.'));
      break;
    }
    documentCount += 1;
    let loaded: { data: unknown; differences: ScalarDifference[] };
    try {
      loaded = loadDocument(body, file, json === true);
    } catch (error) {
      errors.push(yamlErrorProblem(error, file, documentIndex, line));
      continue;
    }
    const { data } = loaded;
    if (data === null || data === undefined) continue;
    if (MAY_HAVE_ALIAS.test(body)) {
      const limit = Math.min(MAX_NODES_PER_DOCUMENT, aliasBudget);
      const nodes = countNodes(data, limit);
      if (nodes > limit) {
        const why = limit < MAX_NODES_PER_DOCUMENT
          ? `the input's documents together expand to more than ${MAX_ALIAS_NODES_PER_INPUT} values through aliases`
          : `the document expands to more than ${MAX_NODES_PER_DOCUMENT} values through aliases`;
        errors.push(fileProblem('yaml/too-complex', file, documentIndex, line, why, 'Write the documents without deep anchors and aliases, or split the input.'));
        aliasBudget = 0;
        continue;
      }
      aliasBudget -= nodes;
    }
    if (loaded.differences.length > 0) {
      errors.push(...scalarProblems(loaded.differences, data, file, documentIndex, line));
      continue;
    }
    const object = asRecord(data);
    const contentLine = firstContentLine(body, line);
    // kubectl expands every list kind (List, ConfigMapList, RoleList...): any kind ending in List with items.
    if (typeof object?.kind === 'string' && object.kind.endsWith('List') && Array.isArray(object.items)) {
      asArray(object.items).forEach((item, itemIndex) => addObject(item, `items[${itemIndex}]`, file, documentIndex, contentLine, manifests, errors));
    } else addObject(data, undefined, file, documentIndex, contentLine, manifests, errors);
  }
  return { manifests, errors, documentCount };
}

/** One problem per scalar kubectl reads differently; values of Secrets are not shown. */
function scalarProblems(differences: readonly ScalarDifference[], data: unknown, file: string, documentIndex: number, firstLine: number): Problem[] {
  const secret = asRecord(data)?.kind === 'Secret';
  const shown = differences.slice(0, MAX_SCALAR_PROBLEMS_PER_DOCUMENT);
  const problems = shown.map((difference) => {
    const line = firstLine + difference.line;
    const value = secret ? 'an unquoted value' : `the unquoted value ${JSON.stringify(difference.raw)}`;
    return fileProblem(
      'yaml/kubectl-reads-differently',
      file,
      documentIndex,
      line,
      `kubectl reads ${value} on line ${line} as ${secret ? 'another type or number' : difference.kubectl}, but YAML 1.2 (and shipshape) reads it as ${secret ? 'something else' : difference.ours}`,
      secret
        ? 'Quote the value ("...") if you mean text; kubectl follows YAML 1.1, where yes/no/on/off/y/n are booleans and a leading 0 means octal.'
        : `Quote it (${JSON.stringify(difference.raw)}) if you mean text, or write the ${difference.kubectl.startsWith('the boolean') ? 'boolean as true or false' : 'number without leading zeros or underscores'}; kubectl follows YAML 1.1, where yes/no/on/off/y/n are booleans and a leading 0 means octal.`,
    );
  });
  if (differences.length > shown.length) {
    problems.push(fileProblem('yaml/kubectl-reads-differently', file, documentIndex, firstLine, `... and ${differences.length - shown.length} more values kubectl reads differently in this document`, 'Quote them.'));
  }
  return problems;
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
  manifests.push({ object: kubeObject, file, documentIndex, line });
}

/**
 * Splits an input into documents as kubectl does: a stream that starts with `{` is read as JSON objects one after
 * another (`{...}{...}`, one per line or not, as `jq -c` writes them); when what follows the first object is not
 * JSON, the rest is read as YAML. Anything else is YAML, split at `---` lines.
 */
function splitStream(text: string): { body: string; line: number; json?: boolean }[] {
  const first = text.search(/\S/);
  if (first < 0 || text[first] !== '{') return splitDocuments(text);
  const objects: { body: string; line: number; json?: boolean }[] = [];
  let offset = first;
  let line = 1 + countNewlines(text, 0, first);
  while (offset < text.length && text[offset] === '{') {
    const end = endOfJsonObject(text, offset);
    if (end < 0 || !isJson(text.slice(offset, end))) break;
    objects.push({ body: text.slice(offset, end), line, json: true });
    const next = text.slice(end).search(/\S/);
    const following = next < 0 ? text.length : end + next;
    line += countNewlines(text, offset, following);
    offset = following;
  }
  // No JSON object, or one followed by YAML: kubectl reads that (the rest of) the stream as YAML, as do we.
  if (objects.length === 0 || (objects.length === 1 && offset < text.length)) {
    if (objects.length === 0) return splitDocuments(text);
    const rest = splitDocuments(text.slice(offset)).map((document) => ({ body: document.body, line: document.line + line - 1 }));
    return [...objects, ...rest];
  }
  // After two or more JSON objects kubectl reads only JSON: what is left is an unreadable document.
  if (offset < text.length) objects.push({ body: text.slice(offset), line });
  return objects;
}

/** The offset just after the JSON object that starts at `start` (a `{`), or -1 when it does not end. */
function endOfJsonObject(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let index = start; index < text.length; index++) {
    const char = text[index];
    if (inString) {
      if (char === '\\') index += 1;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{' || char === '[') depth += 1;
    else if (char === '}' || char === ']') {
      depth -= 1;
      if (depth === 0) return index + 1;
    }
  }
  return -1;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let index = text.indexOf('\n', from); index !== -1 && index < to; index = text.indexOf('\n', index + 1)) count += 1;
  return count;
}

/** A `---` line (which may carry content) or a `...` line. */
const SEPARATOR = /^(?:---(?=[ \t]|\r?$)|\.\.\.[ \t]*\r?$)/gm;

/** Splits a stream at `---` lines, remembering the line each document starts on (counting from 1). */
function splitDocuments(text: string): { body: string; line: number }[] {
  const documents: { body: string; line: number }[] = [];
  let start = 0;
  let line = 1;
  let counted = 0;
  // Counted on from the previous document's start, so the whole stream is read once.
  const lineOf = (offset: number): number => {
    line += countNewlines(text, counted, offset);
    counted = offset;
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

/** The line of a document's first line that is neither blank nor a comment (its `apiVersion:` or `kind:`, usually). */
function firstContentLine(body: string, line: number): number {
  const offset = body.search(/^[ \t]*[^\s#]/m);
  return offset <= 0 ? line : line + countNewlines(body, 0, offset);
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
