/**
 * Evaluates the CEL rules of `x-kubernetes-validations` with @marcbachmann/cel-js, a dependency-free CEL
 * implementation. It has CEL's standard library (macros, strings, `matches`, lists, maps); of the Kubernetes
 * extension libraries we add the list and string functions whose meaning is exact, not `quantity()`, `isURL()`,
 * `ip()`, `cidr()` or `format`: a rule that needs one of those is reported as unchecked, never as passed.
 *
 * Values are typed as the API server types them: `integer` fields become CEL ints (bigint), `number`
 * fields doubles, and properties whose names CEL cannot spell are escaped as the server escapes them
 * (`namespace` → `__namespace__`, `a-b` → `a__dash__b`).
 */
import * as nodeVm from 'node:vm';
import type { JsonSchemaProps, ValidationRule } from '../../manifest/custom-resource-definition';
import { nativeRequire } from './native-require';

/**
 * The engine tells maps from other values by their constructor, so values must be built from the Object and
 * Array of the realm it was loaded in (the main one, see native-require). Test runners evaluate our code in
 * another realm; this copier, compiled in the main realm, rebuilds values there (elsewhere it is a plain copy).
 */
const vm = ((process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule?.('node:vm') as typeof nodeVm | undefined) ?? nodeVm;
const inEngineRealm = vm.runInThisContext(
  // Arrays are built with a literal: `map` would create them in the realm of the original.
  '(function copy(v) { if (Array.isArray(v)) { const a = []; for (const x of v) a.push(copy(x)); return a; } if (v !== null && typeof v === "object") { const o = {}; for (const k of Object.keys(v)) o[k] = copy(v[k]); return o; } return v; })',
) as (value: unknown) => unknown;

/** What evaluating one rule on one value gave. */
export type CelOutcome =
  | { readonly status: 'passed' }
  | { readonly status: 'failed'; readonly message: string }
  | { readonly status: 'unchecked'; readonly reason: string };

type Program = (context: Record<string, unknown>) => unknown;
interface CelEnvironment {
  registerFunction(signature: string, handler: (...args: never[]) => unknown): CelEnvironment;
  parse(expression: string): Program;
}
interface CelModule {
  readonly Environment: new (options: { readonly unlistedVariablesAreDyn: boolean }) => CelEnvironment;
  readonly Optional: { none(): unknown };
}
interface Engine {
  readonly module: CelModule;
  readonly environment: CelEnvironment;
}

let loaded: Engine | string | undefined;

function celModule(): Engine | string {
  if (loaded === undefined) {
    try {
      const module = nativeRequire('@marcbachmann/cel-js') as CelModule;
      loaded = { module, environment: withKubernetesFunctions(new module.Environment({ unlistedVariablesAreDyn: true })) };
    } catch (error) {
      loaded = `the CEL engine could not be loaded (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`;
    }
  }
  return loaded;
}

/** A CEL runtime error with the message the engine reports. */
class CelFunctionError extends Error {}

/**
 * The functions of Kubernetes' CEL libraries whose meaning is simple and exact (k8s.io/apiserver/pkg/cel/library
 * lists, cel-go's strings extension): list `isSorted`, `sum`, `min`, `max`, `indexOf`, `lastIndexOf` of scalars, and
 * string `charAt`, `replace`, `reverse`. Others (`quantity`, `isURL`, `ip`, `cidr`, `format`...) stay unknown to the
 * engine, so rules using them are reported as unchecked.
 */
function withKubernetesFunctions(environment: CelEnvironment): CelEnvironment {
  const scalar = (value: unknown): string | number | bigint | boolean => {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return value;
    throw new CelFunctionError('only lists of scalars are supported here');
  };
  const codePoints = (text: string): string[] => Array.from(text);
  const extreme = (list: readonly unknown[], pick: (a: string | number | bigint | boolean, b: string | number | bigint | boolean) => boolean, name: string): unknown => {
    if (list.length === 0) throw new CelFunctionError(`${name} called on an empty list`);
    return list.map(scalar).reduce((best, value) => (pick(value, best) ? value : best));
  };
  return environment
    .registerFunction('list.isSorted(): bool', (list: readonly unknown[]) => list.map(scalar).every((value, index, all) => index === 0 || !(value < (all[index - 1] as typeof value))))
    .registerFunction('list.sum(): dyn', (list: readonly unknown[]) => {
      const values = list.map(scalar);
      if (values.length === 0) return 0n;
      return values.reduce((total, value) => (total as number) + (value as number));
    })
    .registerFunction('list.min(): dyn', (list: readonly unknown[]) => extreme(list, (a, b) => a < b, 'min'))
    .registerFunction('list.max(): dyn', (list: readonly unknown[]) => extreme(list, (a, b) => a > b, 'max'))
    .registerFunction('list.indexOf(dyn): int', (list: readonly unknown[], item: never) => BigInt(list.map(scalar).indexOf(scalar(item))))
    .registerFunction('list.lastIndexOf(dyn): int', (list: readonly unknown[], item: never) => BigInt(list.map(scalar).lastIndexOf(scalar(item))))
    .registerFunction('string.charAt(int): string', (text: string, index: bigint) => {
      const points = codePoints(text);
      if (index < 0n || index > BigInt(points.length)) throw new CelFunctionError(`index out of range: ${index}`);
      return points[Number(index)] ?? '';
    })
    .registerFunction('string.replace(string, string): string', (text: string, from: string, to: string) => text.split(from).join(to))
    .registerFunction('string.replace(string, string, int): string', (text: string, from: string, to: string, limit: bigint) => {
      if (limit < 0n) return text.split(from).join(to);
      const parts = text.split(from);
      const kept = Number(limit);
      return parts.length - 1 <= kept ? parts.join(to) : `${parts.slice(0, kept + 1).join(to)}${from}${parts.slice(kept + 1).join(from)}`;
    })
    .registerFunction('string.reverse(): string', (text: string) => codePoints(text).reverse().join(''));
}

const programs = new Map<string, Program | string>();

function compile(expression: string): Program | string {
  let program = programs.get(expression);
  if (program === undefined) {
    const cel = celModule();
    if (typeof cel === 'string') return cel;
    try {
      program = cel.environment.parse(rewriteIndexedHas(expression));
    } catch (error) {
      program = `it cannot be parsed here (${firstLine(error)})`;
    }
    programs.set(expression, program);
  }
  return program;
}

/**
 * `has(x[0].f)` as `("f" in x[0])`: the same test on the JSON maps the rules see, which cel-js cannot parse with an
 * index or call before the field (Gateway API's rules test `has(self.matches[0].path)`). Other `has()` stay as written.
 */
export function rewriteIndexedHas(expression: string): string {
  let result = '';
  let index = 0;
  while (index < expression.length) {
    const char = expression[index] ?? '';
    if (char === '"' || char === "'") {
      const end = endOfString(expression, index);
      result += expression.slice(index, end);
      index = end;
      continue;
    }
    if (expression.startsWith('has(', index) && !/[\w.]/.test(expression[index - 1] ?? '')) {
      const close = closingParen(expression, index + 3);
      const inner = close < 0 ? undefined : /^([\s\S]*[\])][\s\S]*)\.\s*([A-Za-z_]\w*)\s*$/.exec(expression.slice(index + 4, close));
      if (inner !== undefined && inner !== null && closingParen(`(${inner[1] ?? ''})`, 0) === (inner[1] ?? '').length + 1) {
        result += `(${JSON.stringify(inner[2])} in (${rewriteIndexedHas(inner[1] ?? '')}))`;
        index = close + 1;
        continue;
      }
    }
    result += char;
    index += 1;
  }
  return result;
}

/** The offset after the string literal that starts at `start`. */
function endOfString(text: string, start: number): number {
  const quote = text[start];
  for (let index = start + 1; index < text.length; index++) {
    if (text[index] === '\\') index += 1;
    else if (text[index] === quote) return index + 1;
  }
  return text.length;
}

/** The offset of the `)` that closes the `(` at `open`, skipping strings and nested brackets; -1 if none. */
function closingParen(text: string, open: number): number {
  let depth = 0;
  for (let index = open; index < text.length; index++) {
    const char = text[index];
    if (char === '"' || char === "'") index = endOfString(text, index) - 1;
    else if (char === '(' || char === '[' || char === '{') depth += 1;
    else if (char === ')' || char === ']' || char === '}') {
      depth -= 1;
      if (depth === 0) return char === ')' ? index : -1;
    }
  }
  return -1;
}

/**
 * Whether a rule compares with the stored object and so runs only on updates: a transition rule (one using
 * `oldSelf`), unless it sets `optionalOldSelf`, which the server also runs on creation with `oldSelf` empty.
 */
export function isUpdateOnlyRule(rule: ValidationRule): boolean {
  return /\boldSelf\b/.test(rule.rule) && rule.optionalOldSelf !== true;
}

/** The variables of one evaluation: `self`, and an empty `oldSelf` for optionalOldSelf rules (a creation). */
function contextOf(rule: ValidationRule, self: unknown): Record<string, unknown> {
  const cel = celModule();
  const context: Record<string, unknown> = { self: inEngineRealm(self) };
  if (rule.optionalOldSelf === true && typeof cel !== 'string') context.oldSelf = cel.module.Optional.none();
  return context;
}

/** Evaluates a rule with `self` bound to a value already converted by `toCelValue`. */
export function evaluateRule(rule: ValidationRule, self: unknown): CelOutcome {
  const program = compile(rule.rule);
  if (typeof program === 'string') return { status: 'unchecked', reason: program };
  let result: unknown;
  try {
    result = program(contextOf(rule, self));
  } catch (error) {
    const message = firstLine(error);
    // A missing field is a runtime error on the server too, and it rejects the object with it.
    if (/no such key/i.test(message)) return { status: 'failed', message: `${failureMessage(rule, self)} (${message})` };
    return { status: 'unchecked', reason: message };
  }
  if (result === true) return { status: 'passed' };
  if (result === false) return { status: 'failed', message: failureMessage(rule, self) };
  return { status: 'unchecked', reason: `it gave ${typeof result}, not a boolean` };
}

function failureMessage(rule: ValidationRule, self: unknown): string {
  if (rule.messageExpression !== undefined) {
    const program = compile(rule.messageExpression);
    if (typeof program !== 'string') {
      try {
        const message = program(contextOf(rule, self));
        if (typeof message === 'string' && message.trim() !== '') return message;
      } catch {
        // The server falls back to `message` too when messageExpression fails.
      }
    }
  }
  return rule.message ?? `failed rule: ${rule.rule}`;
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}

const RESERVED = new Set([
  'true', 'false', 'null', 'in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if', 'import', 'let',
  'loop', 'package', 'namespace', 'return', 'var', 'void', 'while',
]);

/** The name under which CEL sees a property, as the API server escapes it; undefined when it cannot be reached. */
export function escapeCelProperty(name: string): string | undefined {
  if (RESERVED.has(name)) return `__${name}__`;
  if (!/^[A-Za-z_./-][A-Za-z0-9_./-]*$/.test(name)) return undefined;
  return name.replace(/__/g, '__underscores__').replace(/\./g, '__dot__').replace(/-/g, '__dash__').replace(/\//g, '__slash__');
}

/** Converts a JSON value to the CEL value the server would bind, following the schema's types. */
export function toCelValue(value: unknown, schema: JsonSchemaProps | undefined): unknown {
  if (value === null || value === undefined) return value;
  if (typeof value === 'number') {
    const integer = schema?.type === 'integer' || (schema?.['x-kubernetes-int-or-string'] === true && Number.isInteger(value));
    return integer && Number.isSafeInteger(value) ? BigInt(value) : value;
  }
  if (Array.isArray(value)) return value.map((item) => toCelValue(item, schema?.items));
  if (typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  const result: Record<string, unknown> = {};
  const properties = schema?.properties;
  const additional = typeof schema?.additionalProperties === 'object' ? schema.additionalProperties : undefined;
  for (const key of Object.keys(record)) {
    const child = properties?.[key];
    if (child !== undefined) {
      const escaped = escapeCelProperty(key);
      if (escaped !== undefined) result[escaped] = toCelValue(record[key], child);
    } else {
      result[key] = toCelValue(record[key], additional);
    }
  }
  return result;
}
