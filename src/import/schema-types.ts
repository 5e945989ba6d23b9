/**
 * Turns a structural schema into TypeScript types: one interface per object with named properties, inline
 * types for scalars, unions for enums, `number | string` for int-or-string, index signatures for maps and
 * preserved unknown fields. Names are derived from the path (`CertificateSpecIssuerRef`), as cdk8s import does.
 */
import type { JsonSchemaProps } from '../manifest/custom-resource-definition';
import { compareText } from '../manifest/compare-text';

/** Interfaces emitted so far, by name; the generator writes them in the order they were created. */
export class TypeEmitter {
  readonly #declarations: string[] = [];
  readonly #names = new Set<string>();

  /** Every declaration, in creation order. */
  get declarations(): readonly string[] {
    return this.#declarations;
  }

  /** Reserves a unique type name, adding a number when it is taken. */
  reserve(name: string): string {
    let candidate = name;
    for (let index = 2; this.#names.has(candidate); index++) candidate = `${name}${index}`;
    this.#names.add(candidate);
    return candidate;
  }

  /** The TypeScript type of a value with `schema`, declaring interfaces under `name` as needed. */
  typeOf(schema: JsonSchemaProps, name: string): string {
    const base = this.#baseType(schema, name);
    return schema.nullable === true ? `${base} | null` : base;
  }

  /**
   * Declares an interface for an object schema, `extendsClause` included (e.g. the props of a construct), and
   * returns its name. `omit` drops properties (apiVersion, kind, metadata and status at the root).
   */
  declareInterface(
    schema: JsonSchemaProps,
    name: string,
    doc: string | undefined,
    options: { readonly extendsClause?: string; readonly omit?: ReadonlySet<string>; readonly childPrefix?: string } = {},
  ): string {
    const reserved = this.reserve(name);
    const prefix = options.childPrefix ?? reserved;
    const index = this.#declarations.length;
    this.#declarations.push('');
    const required = new Set(schema.required ?? []);
    const members: string[] = [];
    for (const key of Object.keys(schema.properties ?? {}).sort(compareText)) {
      if (options.omit?.has(key)) continue;
      const property = schema.properties?.[key] as JsonSchemaProps;
      const type = this.typeOf(property, `${prefix}${pascalCase(key)}`);
      const optional = !required.has(key) || property.default !== undefined;
      members.push(`${docComment(property.description, '  ', optional ? defaultTag(property) : undefined)}  readonly ${propertyName(key)}${optional ? '?' : ''}: ${type};`);
    }
    if (schema['x-kubernetes-preserve-unknown-fields'] === true || schema['x-kubernetes-embedded-resource'] === true) {
      members.push('  /** Fields the schema does not list are kept (x-kubernetes-preserve-unknown-fields). */\n  readonly [key: string]: unknown;');
    }
    const header = `${docComment(doc ?? schema.description ?? `${reserved}: generated from the CRD schema.`, '')}export interface ${reserved}${options.extendsClause === undefined ? '' : ` extends ${options.extendsClause}`} {`;
    this.#declarations[index] = [header, ...members, '}'].join('\n');
    return reserved;
  }

  #baseType(schema: JsonSchemaProps, name: string): string {
    if (schema['x-kubernetes-int-or-string'] === true) return 'number | string';
    if (schema.enum !== undefined && schema.enum.length > 0) return schema.enum.map((value) => JSON.stringify(value) ?? 'null').join(' | ');
    switch (schema.type) {
      case 'string':
        return 'string';
      case 'boolean':
        return 'boolean';
      case 'integer':
      case 'number':
        return 'number';
      case 'array':
        return `readonly (${schema.items === undefined ? 'unknown' : this.typeOf(schema.items, name)})[]`.replace(/^readonly \(([A-Za-z0-9_]+)\)\[\]$/, 'readonly $1[]');
      case 'object':
        return this.#objectType(schema, name);
      default:
        if (schema.properties !== undefined) return this.#objectType(schema, name);
        return 'unknown';
    }
  }

  #objectType(schema: JsonSchemaProps, name: string): string {
    const hasProperties = schema.properties !== undefined && Object.keys(schema.properties).length > 0;
    if (hasProperties) return this.declareInterface(schema, name, schema.description);
    const additional = schema.additionalProperties;
    if (typeof additional === 'object') return `{ readonly [key: string]: ${this.typeOf(additional, `${name}Value`)} }`;
    if (additional === true || schema['x-kubernetes-preserve-unknown-fields'] === true || schema['x-kubernetes-embedded-resource'] === true) {
      return '{ readonly [key: string]: unknown }';
    }
    // An object without properties keeps nothing: the API server prunes every field given to it.
    return '{ readonly [key: string]: never }';
  }
}

const RESERVED_WORDS = new Set([
  'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum', 'export',
  'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'new', 'null', 'return', 'super',
  'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with', 'implements', 'interface', 'let',
  'package', 'private', 'protected', 'public', 'static', 'yield', 'constructor', '__proto__',
]);

/** A property name as TypeScript needs it: bare when it is a plain identifier, quoted otherwise (and for reserved words). */
export function propertyName(key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) && !RESERVED_WORDS.has(key) ? key : JSON.stringify(key);
}

/** `issuerRef` → `IssuerRef`, `x-kubernetes-foo` → `XKubernetesFoo`, `$ref` → `Ref`. */
export function pascalCase(text: string): string {
  const words = text.split(/[^A-Za-z0-9]+/).filter((word) => word !== '');
  const joined = words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('');
  return /^[0-9]/.test(joined) ? `X${joined}` : joined || 'Value';
}

/** A JSDoc comment with the text, safe to embed (`*\/` is escaped), indented; empty when there is nothing to say. */
export function docComment(text: string | undefined, indent: string, defaultValue?: string): string {
  const lines = (text ?? '').replace(/\*\//g, '*\\/').replace(/\r/g, '').trim().split('\n');
  if (defaultValue !== undefined) lines.push(`@default ${defaultValue}`);
  const body = lines.filter((line, index) => line.trim() !== '' || (index > 0 && index < lines.length - 1));
  if (body.length === 0) return '';
  if (body.length === 1) return `${indent}/** ${body[0]?.trim()} */\n`;
  return `${indent}/**\n${body.map((line) => `${indent} *${line.trim() === '' ? '' : ` ${line.trimEnd()}`}`).join('\n')}\n${indent} */\n`;
}

function defaultTag(schema: JsonSchemaProps): string {
  if (schema.default !== undefined) return `${JSON.stringify(schema.default)} (set by the API server)`;
  return '- not set';
}
