/**
 * The walk of a custom resource against its structural schema: every keyword the API server's apiextensions
 * validation applies, and the CEL rules of `x-kubernetes-validations`, each problem reported with its field path.
 */
import type { KubeObject } from '../../manifest/kube-object';
import type { JsonSchemaProps, ValidationRule } from '../../manifest/custom-resource-definition';
import { evaluateRule, isUpdateOnlyRule, toCelValue } from './cel';
import type { Finding } from './collector';
import { formatProblem, numberFormatProblem } from './formats';
import { closest } from './closest';
import { fieldAppend, isScalar } from './json';

const patterns = new Map<string, RegExp | null>();

/** Compiles a CRD pattern once; Go's RE2 syntax is, for the patterns CRDs use, a subset of JavaScript's. */
function compiledPattern(pattern: string): RegExp | null {
  let compiled = patterns.get(pattern);
  if (compiled === undefined) {
    // RE2's leading (?i) flag is JavaScript's `i` flag.
    const insensitive = pattern.startsWith('(?i)') || pattern.startsWith('^(?i)');
    const source = insensitive ? pattern.replace('(?i)', '') : pattern;
    const flags = insensitive ? 'i' : '';
    try {
      compiled = new RegExp(source, `u${flags}`);
    } catch {
      try {
        compiled = new RegExp(source, flags);
      } catch {
        compiled = null;
      }
    }
    patterns.set(pattern, compiled);
  }
  return compiled;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function showList(values: readonly unknown[]): string {
  return values.map((value) => JSON.stringify(value)).join(', ');
}

/** Walks a value and its schema together, reporting every problem with its field path. */
export class SchemaWalker {
  /** The CEL rules and patterns that could not be evaluated, with why. */
  readonly unchecked: { readonly where: string; readonly rule: string; readonly reason: string }[] = [];
  readonly #what: string;
  readonly #object: KubeObject;
  readonly #report: (finding: Finding) => void;

  constructor(what: string, object: KubeObject, report: (finding: Finding) => void) {
    this.#what = what;
    this.#object = object;
    this.#report = report;
  }

  /** Checks `value` at `path` against `schema`; `root` marks the object body. */
  check(value: unknown, schema: JsonSchemaProps, path: string, root = false): void {
    const where = path === '' ? 'the object' : path;
    if (value === null) {
      if (schema.nullable === true) return;
      this.#fail('schema/type', path, null, `${where} must not be null`, `Remove ${where} or give it a value${schema.type === undefined ? '' : ` of type ${schema.type}`}.`);
      return;
    }
    if (!this.#checkType(value, schema, path, where)) return;
    if (schema.enum !== undefined && !schema.enum.some((allowed) => deepEqual(allowed, value))) {
      this.#fail('schema/enum', path, value, `${where} must be one of ${showList(schema.enum)}`, `Use one of ${showList(schema.enum)}.`);
    }
    if (typeof value === 'string') this.#checkString(value, schema, path, where);
    else if (typeof value === 'number') this.#checkNumber(value, schema, path, where);
    else if (Array.isArray(value)) this.#checkArray(value, schema, path, where);
    else if (typeof value === 'object') this.#checkObject(value as Record<string, unknown>, schema, path, where, root);
    this.#checkCombinators(value, schema, path, where);
    const rules = schema['x-kubernetes-validations'];
    if (rules !== undefined && rules.length > 0) this.#checkRules(root ? this.#rootSelf(value) : value, schema, rules, path, where);
  }

  /** Evaluates the CEL rules of a field; update-only transition rules (oldSelf) are skipped, as the server skips them on creation. */
  #checkRules(value: unknown, schema: JsonSchemaProps, rules: readonly ValidationRule[], path: string, where: string): void {
    let self: unknown;
    for (const rule of rules) {
      if (isUpdateOnlyRule(rule)) continue;
      self ??= toCelValue(value, schema);
      const outcome = evaluateRule(rule, self);
      if (outcome.status === 'passed') continue;
      if (outcome.status === 'unchecked') {
        this.unchecked.push({ where, rule: rule.rule, reason: outcome.reason });
        continue;
      }
      const fieldPath = rule.fieldPath === undefined ? path : `${path}${rule.fieldPath.startsWith('.') || rule.fieldPath.startsWith('[') ? '' : '.'}${rule.fieldPath}`.replace(/^\./, '');
      this.#fail('schema/cel', fieldPath, undefined, `${fieldPath === '' ? 'the object' : fieldPath}: ${outcome.message} (rule of ${this.#what}: ${rule.rule})`, `Change ${where} so that the rule holds.`);
    }
  }

  #rootSelf(body: unknown): unknown {
    const metadata = this.#object.metadata ?? {};
    return {
      ...(body as Record<string, unknown>),
      apiVersion: this.#object.apiVersion,
      kind: this.#object.kind,
      metadata: { ...(metadata.name === undefined ? {} : { name: metadata.name }), ...(metadata.generateName === undefined ? {} : { generateName: metadata.generateName }) },
    };
  }

  #checkType(value: unknown, schema: JsonSchemaProps, path: string, where: string): boolean {
    const actual = typeName(value);
    if (schema['x-kubernetes-int-or-string'] === true) {
      if (actual === 'integer' || actual === 'string') return true;
      this.#fail('schema/type', path, value, `${where} must be an integer or a string`, `Write ${where} as a whole number (80) or a string ("80%", "http").`);
      return false;
    }
    const expected = schema.type;
    if (expected === undefined || expected === '') return true;
    const ok = expected === actual || (expected === 'number' && actual === 'integer');
    if (!ok) {
      const shown = isScalar(value) ? value : undefined;
      this.#fail('schema/type', path, shown, `${where} must be of type ${expected}, got ${actual}`, `Write ${where} as ${expected === 'integer' || expected === 'array' || expected === 'object' ? 'an' : 'a'} ${expected}${actual === 'string' || expected === 'string' ? ' (YAML quoting decides: "80" is a string, 80 a number)' : ''}.`);
    }
    return ok;
  }

  #checkString(value: string, schema: JsonSchemaProps, path: string, where: string): void {
    const length = [...value].length;
    if (schema.maxLength !== undefined && length > schema.maxLength) {
      this.#fail('schema/max-length', path, value, `${where} must be at most ${schema.maxLength} characters, has ${length}`, `Shorten ${where}.`);
    }
    if (schema.minLength !== undefined && length < schema.minLength) {
      this.#fail('schema/min-length', path, value, `${where} must be at least ${schema.minLength} characters, has ${length}`, `Lengthen ${where}.`);
    }
    if (schema.pattern !== undefined) {
      const pattern = compiledPattern(schema.pattern);
      if (pattern === null) this.unchecked.push({ where, rule: `pattern ${schema.pattern}`, reason: 'it is not a JavaScript regular expression' });
      else if (!pattern.test(value)) {
        this.#fail('schema/pattern', path, value, `${where} must match the pattern ${schema.pattern}`, `Change ${where} so that it matches /${schema.pattern}/.`);
      }
    }
    if (schema.format !== undefined) {
      const expected = formatProblem(schema.format, value);
      if (expected !== undefined) this.#fail('schema/format', path, value, `${where} must be ${expected} (format ${schema.format})`, `Write ${where} as ${expected}.`);
    }
  }

  #checkNumber(value: number, schema: JsonSchemaProps, path: string, where: string): void {
    if (schema.maximum !== undefined && (schema.exclusiveMaximum === true ? value >= schema.maximum : value > schema.maximum)) {
      const bound = `${schema.exclusiveMaximum === true ? 'less than' : 'at most'} ${schema.maximum}`;
      this.#fail('schema/maximum', path, value, `${where} must be ${bound}`, `Use a value ${bound}.`);
    }
    if (schema.minimum !== undefined && (schema.exclusiveMinimum === true ? value <= schema.minimum : value < schema.minimum)) {
      const bound = `${schema.exclusiveMinimum === true ? 'greater than' : 'at least'} ${schema.minimum}`;
      this.#fail('schema/minimum', path, value, `${where} must be ${bound}`, `Use a value ${bound}.`);
    }
    if (schema.multipleOf !== undefined && schema.multipleOf > 0 && !Number.isInteger(value / schema.multipleOf)) {
      this.#fail('schema/multiple-of', path, value, `${where} must be a multiple of ${schema.multipleOf}`, `Use a multiple of ${schema.multipleOf}.`);
    }
    if (schema.format !== undefined) {
      const expected = numberFormatProblem(schema.format, value);
      if (expected !== undefined) this.#fail('schema/format', path, value, `${where} must be ${expected}`, `Use ${expected}.`);
    }
  }

  #checkArray(value: readonly unknown[], schema: JsonSchemaProps, path: string, where: string): void {
    if (schema.maxItems !== undefined && value.length > schema.maxItems) {
      this.#fail('schema/max-items', path, value.length, `${where} must have at most ${schema.maxItems} items, has ${value.length}`, `Remove items from ${where}.`);
    }
    if (schema.minItems !== undefined && value.length < schema.minItems) {
      this.#fail('schema/min-items', path, value.length, `${where} must have at least ${schema.minItems} items, has ${value.length}`, `Add items to ${where}.`);
    }
    const listType = schema['x-kubernetes-list-type'];
    if (schema.uniqueItems === true || listType === 'set') this.#checkUnique(value, path, where, (item) => JSON.stringify(item));
    if (listType === 'map') {
      const keys = schema['x-kubernetes-list-map-keys'] ?? [];
      this.#checkUnique(value, path, where, (item) => JSON.stringify(keys.map((key) => (item as Record<string, unknown> | null)?.[key] ?? null)), keys);
    }
    if (schema.items !== undefined) {
      const items = schema.items;
      value.forEach((item, index) => this.check(item, items, `${path}[${index}]`));
    }
  }

  #checkUnique(value: readonly unknown[], path: string, where: string, keyOf: (item: unknown) => string, mapKeys?: readonly string[]): void {
    const seen = new Set<string>();
    value.forEach((item, index) => {
      const key = keyOf(item);
      if (!seen.has(key)) {
        seen.add(key);
        return;
      }
      const what = mapKeys === undefined ? 'a duplicate item' : `a duplicate entry (same ${mapKeys.join(', ')})`;
      this.#fail('schema/duplicate-item', `${path}[${index}]`, undefined, `${where}[${index}] is ${what}`, `Remove the duplicate or merge the two entries of ${where}.`);
    });
  }

  #checkObject(value: Record<string, unknown>, schema: JsonSchemaProps, path: string, where: string, root: boolean): void {
    const count = Object.keys(value).length;
    if (schema.maxProperties !== undefined && count > schema.maxProperties) {
      this.#fail('schema/max-properties', path, count, `${where} must have at most ${schema.maxProperties} entries, has ${count}`, `Remove entries from ${where}.`);
    }
    if (schema.minProperties !== undefined && count < schema.minProperties) {
      this.#fail('schema/min-properties', path, count, `${where} must have at least ${schema.minProperties} entries, has ${count}`, `Add entries to ${where}.`);
    }
    for (const name of schema.required ?? []) {
      if (root && (name === 'apiVersion' || name === 'kind' || name === 'metadata')) continue;
      // Defaulting runs before validation on the server: a required field with a default is never missing.
      if (!(name in value) && schema.properties?.[name]?.default === undefined) {
        const field = fieldAppend(path, name);
        this.#fail('schema/required', field, undefined, `${field} is required by ${this.#what}`, `Set ${field}.`);
      }
    }
    const properties = schema.properties;
    const additional = schema.additionalProperties;
    const preserve = schema['x-kubernetes-preserve-unknown-fields'] === true;
    const embedded = schema['x-kubernetes-embedded-resource'] === true;
    for (const key of Object.keys(value)) {
      const field = fieldAppend(path, key);
      const child = value[key];
      const known = properties?.[key];
      if (known !== undefined) {
        this.check(child, known, field);
      } else if (typeof additional === 'object') {
        this.check(child, additional, field);
      } else if (embedded && (key === 'apiVersion' || key === 'kind' || key === 'metadata')) {
        continue;
      } else if (!preserve && additional !== true) {
        const known = Object.keys(properties ?? {});
        const suggestion = closest(key, known);
        this.#fail(
          'schema/unknown-field',
          field,
          undefined,
          `${field} is not a field of ${this.#what}`,
          suggestion === undefined
            ? `Remove ${key}${known.length > 0 ? ` (known here: ${known.slice(0, 12).join(', ')}${known.length > 12 ? ', ...' : ''})` : ''}; the API server would reject or drop it.`
            : `Did you mean ${suggestion}? Remove ${key} or correct its spelling or indentation.`,
        );
      }
    }
  }

  #checkCombinators(value: unknown, schema: JsonSchemaProps, path: string, where: string): void {
    for (const part of schema.allOf ?? []) this.check(value, part, path);
    if (schema.anyOf !== undefined && schema.anyOf.length > 0 && !schema.anyOf.some((part) => this.#passes(value, part, path))) {
      this.#fail('schema/any-of', path, isScalar(value) ? value : undefined, `${where} matches none of the alternatives of its schema (anyOf)`, `Check ${where} against the CRD's description of it.`);
    }
    if (schema.oneOf !== undefined && schema.oneOf.length > 0) {
      const matching = schema.oneOf.filter((part) => this.#passes(value, part, path)).length;
      if (matching !== 1) {
        this.#fail('schema/one-of', path, isScalar(value) ? value : undefined, `${where} must match exactly one alternative of its schema (oneOf), matches ${matching}`, `Set exactly one of the alternatives ${where} allows.`);
      }
    }
    if (schema.not !== undefined && this.#passes(value, schema.not, path)) {
      this.#fail('schema/not', path, isScalar(value) ? value : undefined, `${where} matches a schema it must not match (not)`, `Check ${where} against the CRD's description of it.`);
    }
  }

  /** Whether a value passes a sub-schema (of anyOf/oneOf/not), without reporting. */
  #passes(value: unknown, schema: JsonSchemaProps, path: string): boolean {
    let failed = false;
    const probe = new SchemaWalker(this.#what, this.#object, (finding) => {
      if (finding.severity === 'error') failed = true;
    });
    // In anyOf/oneOf/not, fields the branch does not name are not unknown: the branch only constrains values.
    probe.check(value, { ...schema, 'x-kubernetes-preserve-unknown-fields': true }, path);
    return !failed;
  }

  #fail(ruleId: string, fieldPath: string, value: unknown, message: string, fix: string): void {
    this.#report({ ruleId, severity: 'error', ...(fieldPath === '' ? {} : { fieldPath }), ...(value === undefined ? {} : { value }), message, fix });
  }
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}
