/**
 * The property names of every Kubernetes type, read from the `.d.ts` files of a kubernetes-models
 * package. Its compiled validators accept unknown fields; knowing each type's properties lets us
 * reject them (kubeconform's `-strict`). The build reads the declarations of the installed package into
 * tables (scripts/schema-chunks.js), which keeps the two in step when the package is upgraded; reading the
 * declarations at run time is what remains when running from source without a build.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The type of one property, as far as strict field checking needs it. */
export type TypeExpr =
  | { readonly t: 'leaf' }
  | { readonly t: 'array'; readonly of: TypeExpr }
  | { readonly t: 'map'; readonly of: TypeExpr }
  | RefType;

/** A reference to an object type, resolved on first use and then kept (the walk over every object is hot). */
export interface RefType {
  readonly t: 'ref';
  readonly file: string;
  resolved?: ObjectShape | null;
}

/** An object type: its properties, or `undefined` props when any field is allowed. */
export interface ObjectShape {
  /** The schema module name, e.g. `IoK8sApiAppsV1Deployment`. */
  readonly schemaName: string | undefined;
  /** Property types by name; `undefined` for free-form objects such as RawExtension. */
  readonly props: ReadonlyMap<string, TypeExpr> | undefined;
  /** The literal `kind` the type declares, for top-level resources. */
  readonly kindLiteral: string | undefined;
}

const LEAF: TypeExpr = { t: 'leaf' };

/** A shape as scripts/generate-schemas.js writes it: references name other entries of the same table. */
export interface GeneratedShape {
  readonly schemaName?: string;
  readonly kindLiteral?: string;
  readonly props?: Readonly<Record<string, TypeExpr>>;
}

/** Reads and caches the shapes of one kubernetes-models package, or of a table generated from one. */
export class ShapeRegistry {
  readonly #apimachineryDir: string;
  readonly #shapes = new Map<string, ObjectShape | null>();
  readonly #table: ((key: string) => GeneratedShape | null | undefined) | undefined;

  /** Shapes read from the `.d.ts` files of a package whose apimachinery types are in `apimachineryDir`. */
  constructor(apimachineryDir: string, table?: (key: string) => GeneratedShape | null | undefined) {
    this.#apimachineryDir = apimachineryDir;
    this.#table = table;
  }

  /** Shapes from generated tables, keyed by package-relative `.d.ts` path (`apps/v1/Deployment.d.ts`). */
  static fromTable(table: (key: string) => GeneratedShape | null | undefined): ShapeRegistry {
    return new ShapeRegistry('', table);
  }

  /** The shape a reference points to, cached on the reference itself. */
  resolve(ref: RefType): ObjectShape | null {
    if (ref.resolved === undefined) ref.resolved = this.shapeOf(ref.file);
    return ref.resolved;
  }

  /** The shape declared in a `.d.ts` file, `null` for type aliases (leaf types) or missing files. */
  shapeOf(file: string): ObjectShape | null {
    let shape = this.#shapes.get(file);
    if (shape === undefined) {
      shape = this.#read(file);
      this.#shapes.set(file, shape);
    }
    return shape;
  }

  #read(file: string): ObjectShape | null {
    if (this.#table !== undefined) {
      const entry = this.#table(file);
      if (entry === undefined || entry === null) return null;
      // Each reference becomes its own object, since resolved shapes are cached on references.
      const copy = (type: TypeExpr): TypeExpr => (type.t === 'leaf' ? LEAF : type.t === 'ref' ? { t: 'ref', file: type.file } : { t: type.t, of: copy(type.of) });
      const props = entry.props === undefined ? undefined : new Map(Object.entries(entry.props).map(([name, type]) => [name, copy(type)]));
      return { schemaName: entry.schemaName, props, kindLiteral: entry.kindLiteral };
    }
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      return null;
    }
    text = text.replace(/\/\*\*[\s\S]*?\*\//g, '');
    const schemaName = /\bas I(IoK8s\w+)\b/.exec(text)?.[1];
    const body = /export interface \w+(?: extends \w+)? \{\n([\s\S]*?)\n\}/.exec(text)?.[1];
    if (body === undefined) return null;
    const imports = new Map<string, string>();
    for (const match of text.matchAll(/import \{ (\w+) \} from "([^"]+)";/g)) {
      const target = this.#resolveImport(file, match[2] ?? '');
      if (target !== undefined && match[1] !== undefined) imports.set(match[1], target);
    }
    const members: [string, string][] = [];
    for (const line of body.split('\n')) {
      const start = /^ {4}"([^"]+)"\??: (.*)$/.exec(line);
      if (start !== null) members.push([start[1] ?? '', start[2] ?? '']);
      else if (members.length > 0) {
        const last = members[members.length - 1];
        if (last !== undefined) last[1] += `\n${line}`;
      }
    }
    const kindMember = members.find(([name]) => name === 'kind');
    const kindLiteral = kindMember === undefined ? undefined : /^"(\w+)";$/.exec(kindMember[1].trim())?.[1];
    if (members.length === 0) return { schemaName, props: undefined, kindLiteral };
    const props = new Map<string, TypeExpr>();
    for (const [name, type] of members) props.set(name, parseType(type.trim().replace(/;$/, ''), imports));
    return { schemaName, props, kindLiteral };
  }

  #resolveImport(file: string, specifier: string): string | undefined {
    const bare = specifier.replace(/\.js$/, '');
    if (bare.startsWith('.')) return `${resolve(dirname(file), bare)}.d.ts`;
    const prefix = '@kubernetes-models/apimachinery/';
    if (bare.startsWith(prefix)) return `${join(this.#apimachineryDir, bare.slice(prefix.length))}.d.ts`;
    return undefined;
  }
}

function parseType(text: string, imports: ReadonlyMap<string, string>): TypeExpr {
  const array = /^Array<([\s\S]*)>$/.exec(text);
  if (array !== null) return { t: 'array', of: parseType((array[1] ?? '').trim(), imports) };
  const map = /^\{\s*\[key: string\]:\s*([\s\S]*?);?\s*\}$/.exec(text);
  if (map !== null) return { t: 'map', of: parseType((map[1] ?? '').trim(), imports) };
  const file = /^\w+$/.test(text) ? imports.get(text) : undefined;
  return file === undefined ? LEAF : { t: 'ref', file };
}
