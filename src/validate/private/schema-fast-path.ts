/**
 * A first pass over an object that proves it valid against a version's schema without running the compiled
 * validators (kubernetes-models' ajv code), which allocate an options object, a path string and error objects at
 * every field and dominate a cold validation of many objects. Most objects are valid; for them this pass is the
 * whole schema check. When it cannot prove an object valid, the compiled validator runs as before and its errors
 * are reported, so the findings are exactly the validator's.
 *
 * The pass learns each type from its own compiled validator, on first use, instead of from a second copy of the
 * schema: it calls the validator with one field set to probe values and reads where errors appear. A leaf field
 * takes any string (or any boolean) only when every probe of that type passed; the schemas use no keywords but
 * type, enum, format, required and oneOf, and every format and enum refuses one of the probes. Any other value
 * of a leaf (numbers, null, the strings of enums and formats) is put to the validator at that field once and its
 * answer remembered. Objects, arrays and maps are followed through the type shapes, after checking that the
 * validator sees the same type there. Anything else (free-form objects, unusual values) is left to the validator.
 * A field the type lacks ends the pass too, so that an object it proves valid needs no walk for unknown fields;
 * and two versions' types can be walked at once (`isValidInBoth`), since most of a type is the same in both.
 * A kind is learned only after its first objects went to the validator (small apps never pay for learning), and
 * a field only when an object first has it.
 */
import type { CompiledValidator } from './schema-catalog';
import type { RefType, ShapeRegistry, TypeExpr } from './model-shapes';

/**
 * Strings a leaf that takes any string must take: each enum and format of the Kubernetes schemas refuses at least
 * one of them, and so would the formats and keywords they do not use today (`regex`, `uri`, `pattern`, `maxLength`),
 * should a later version use them.
 */
const STRING_PROBES: readonly string[] = ['', 'a', '~\u0000 !', '(', 'a'.repeat(300), '80', '1Gi', '2026-01-01T00:00:00Z', 'aGVsbG8=', 'TCP', 'Always'];
/**
 * Objects of a kind the compiled validator checks before the fast path learns the kind: learning costs more than
 * validating a few objects (about 13 ms for the 8 kinds of a small app, both versions), so small apps never pay it.
 */
const CHECKED_BEFORE_LEARNING = 24;
/** How many values one leaf remembers the verdict of (numbers and the strings of enums and formats repeat). */
const REMEMBERED_PER_LEAF = 512;

/** What kind of position a node stands for. */
const enum Kind {
  Leaf,
  Array,
  Map,
  Object,
  /** Nothing the pass can prove: the compiled validator decides. */
  Opaque,
}

/** The validator's verdict on a value at a node's position (see `rememberedVerdict`). */
type Verdict = (value: unknown) => boolean;

/**
 * What the pass knows of one position in a type. One class for every kind, so that the walk reads the same
 * fields from objects of one shape (V8 then keeps those reads fast; four shapes of node made them slow).
 */
class Node {
  /** The type of an object position, learned on first use (null when the pass cannot prove it). */
  type: ObjectType | null | undefined = undefined;

  constructor(
    readonly kind: Kind,
    readonly verdict: Verdict,
    /** A leaf position takes every string / every boolean without asking the validator. */
    readonly anyString = false,
    readonly anyBoolean = false,
    /** What an array or map holds. */
    readonly of: Node | undefined = undefined,
    /** The type an object position holds. */
    readonly ref: RefType | undefined = undefined,
  ) {}
}

const OPAQUE = new Node(Kind.Opaque, () => false);

/**
 * One object type: its required fields, its fields' types, and what the pass has learned of the fields met so
 * far (a field is learned when an object first has it: most of a type's fields never appear in a given app).
 */
interface ObjectType {
  readonly validate: CompiledValidator;
  readonly required: readonly string[];
  readonly fields: ReadonlyMap<string, TypeExpr>;
  readonly learned: Map<string, Node>;
}

/** Finds the compiled validator of a type by its schema module name (`IoK8sApiAppsV1DeploymentSpec`). */
export type ValidatorOf = (schemaName: string) => CompiledValidator;

/** Proves objects valid against one version's compiled validators; see the file comment. */
export class SchemaFastPath {
  readonly #shapes: ShapeRegistry;
  readonly #validatorOf: ValidatorOf;
  readonly #types = new Map<string, ObjectType | null>();
  readonly #seen = new Map<string, number>();
  readonly #learnAfter: number;

  /** `learnAfter`: how many objects of a kind to leave to the compiled validator before learning the kind. */
  constructor(shapes: ShapeRegistry, validatorOf: ValidatorOf, learnAfter = CHECKED_BEFORE_LEARNING) {
    this.#shapes = shapes;
    this.#validatorOf = validatorOf;
    this.#learnAfter = learnAfter;
  }

  /**
   * True when `value` is certainly valid against the type `root` and has no field the type lacks (at any depth);
   * false when the compiled validator and the walk for unknown fields must decide.
   */
  isValid(value: unknown, root: RefType): boolean {
    const type = this.#rootType(root);
    return type !== null && isPlainRecord(value) && this.#object(value, type);
  }

  /**
   * `isValid` against this version's type `root` and another version's `otherRoot` at once: one walk over the
   * object for both, since most of a type is the same in both versions; where the two differ, each is walked apart.
   */
  isValidInBoth(value: unknown, root: RefType, other: SchemaFastPath, otherRoot: RefType): boolean {
    const type = this.#rootType(root);
    const otherType = other.#rootType(otherRoot);
    return type !== null && otherType !== null && isPlainRecord(value) && this.#objectInBoth(value, type, other, otherType);
  }

  /** The type of a top-level kind, once enough of its objects went to the compiled validator; null until then. */
  #rootType(root: RefType): ObjectType | null {
    if (!this.#types.has(root.file)) {
      const seen = (this.#seen.get(root.file) ?? 0) + 1;
      this.#seen.set(root.file, seen);
      if (seen <= this.#learnAfter) return null;
    }
    return this.#type(root);
  }

  #object(record: Readonly<Record<string, unknown>>, type: ObjectType): boolean {
    for (const name of type.required) if (record[name] === undefined) return false;
    for (const key in record) {
      const value = record[key];
      if (value === undefined) continue;
      const node = this.#field(type, key);
      // An unknown field is reported by the walk over the shapes, which runs only when this pass gives up.
      if (node === undefined || !this.#node(value, node)) return false;
    }
    return true;
  }

  #objectInBoth(record: Readonly<Record<string, unknown>>, type: ObjectType, other: SchemaFastPath, otherType: ObjectType): boolean {
    for (const name of type.required) if (record[name] === undefined) return false;
    for (const name of otherType.required) if (record[name] === undefined) return false;
    for (const key in record) {
      const value = record[key];
      if (value === undefined) continue;
      const node = this.#field(type, key);
      const otherNode = other.#field(otherType, key);
      if (node === undefined || otherNode === undefined || !this.#nodeInBoth(value, node, other, otherNode)) return false;
    }
    return true;
  }

  /** What the pass knows of a field of a type, learned the first time an object has it; undefined for unknown fields. */
  #field(type: ObjectType, key: string): Node | undefined {
    let node = type.learned.get(key);
    if (node === undefined) {
      const field = type.fields.get(key);
      if (field === undefined) return undefined;
      node = this.#position(type.validate, field, (inner) => ({ [key]: inner }), `/${escapePointer(key)}`);
      type.learned.set(key, node);
    }
    return node;
  }

  #nodeInBoth(value: unknown, node: Node, other: SchemaFastPath, otherNode: Node): boolean {
    if (node.kind !== otherNode.kind) return this.#node(value, node) && other.#node(value, otherNode);
    switch (node.kind) {
      case Kind.Leaf:
        return this.#node(value, node) && other.#node(value, otherNode);
      case Kind.Object: {
        if (!isPlainRecord(value)) return node.verdict(value) && otherNode.verdict(value);
        if (node.type === undefined) node.type = this.#type(node.ref as RefType);
        if (otherNode.type === undefined) otherNode.type = other.#type(otherNode.ref as RefType);
        return node.type !== null && otherNode.type !== null && this.#objectInBoth(value, node.type, other, otherNode.type);
      }
      case Kind.Array: {
        if (!Array.isArray(value)) return node.verdict(value) && otherNode.verdict(value);
        const of = node.of as Node;
        const otherOf = otherNode.of as Node;
        for (let index = 0; index < value.length; index++) if (!this.#nodeInBoth(value[index], of, other, otherOf)) return false;
        return true;
      }
      case Kind.Map: {
        if (!isPlainRecord(value)) return node.verdict(value) && otherNode.verdict(value);
        const of = node.of as Node;
        const otherOf = otherNode.of as Node;
        for (const key in value) {
          const item = value[key];
          if (item !== undefined && !this.#nodeInBoth(item, of, other, otherOf)) return false;
        }
        return true;
      }
      default:
        return false;
    }
  }

  #node(value: unknown, node: Node): boolean {
    switch (node.kind) {
      case Kind.Leaf:
        if (typeof value === 'string' && node.anyString) return true;
        if (typeof value === 'boolean' && node.anyBoolean) return true;
        return node.verdict(value);
      case Kind.Object: {
        if (!isPlainRecord(value)) return node.verdict(value);
        if (node.type === undefined) node.type = this.#type(node.ref as RefType);
        return node.type !== null && this.#object(value, node.type);
      }
      case Kind.Array: {
        if (!Array.isArray(value)) return node.verdict(value);
        const of = node.of as Node;
        for (let index = 0; index < value.length; index++) if (!this.#node(value[index], of)) return false;
        return true;
      }
      case Kind.Map: {
        if (!isPlainRecord(value)) return node.verdict(value);
        const of = node.of as Node;
        for (const key in value) {
          const item = value[key];
          if (item !== undefined && !this.#node(item, of)) return false;
        }
        return true;
      }
      default:
        return false;
    }
  }

  #type(ref: RefType): ObjectType | null {
    let type = this.#types.get(ref.file);
    if (type === undefined) {
      type = this.#learn(ref);
      this.#types.set(ref.file, type);
    }
    return type;
  }

  /** Learns a type from its compiled validator; null when its shape or its validator's answers are not understood. */
  #learn(ref: RefType): ObjectType | null {
    const shape = this.#shapes.resolve(ref);
    if (shape === null || shape.props === undefined || shape.schemaName === undefined) return null;
    let validate: CompiledValidator;
    try {
      validate = this.#validatorOf(shape.schemaName);
    } catch {
      return null;
    }
    const empty = errorsOf(validate, {});
    if (!empty.every((error) => error.keyword === 'required' && error.instancePath === '')) return null;
    const required = empty.map((error) => String(error.params.missingProperty));
    return { validate, required, fields: shape.props, learned: new Map() };
  }

  /**
   * What the validator of the enclosing type requires at one position: `wrap` builds a value of the enclosing
   * type holding `inner` at the position, whose JSON pointer is `path`.
   */
  #position(validate: CompiledValidator, type: TypeExpr, wrap: (inner: unknown) => unknown, path: string): Node {
    const verdict = rememberedVerdict((inner) => !hasErrorsAt(validate, wrap(inner), path));
    // A position that takes objects, arrays, strings and numbers alike is free-form (RawExtension, JSON): the
    // validator decides what is inside.
    if (verdict({}) && verdict([]) && verdict('a') && verdict(1)) return OPAQUE;
    switch (type.t) {
      case 'leaf':
        return this.#leaf(verdict);
      case 'array':
        if (verdict([]) === false) return OPAQUE;
        return new Node(Kind.Array, verdict, false, false, this.#position(validate, type.of, (inner) => wrap([inner]), `${path}/0`));
      case 'map':
        if (verdict({}) === false) return OPAQUE;
        return new Node(Kind.Map, verdict, false, false, this.#position(validate, type.of, (inner) => wrap({ k: inner }), `${path}/k`));
      case 'ref': {
        const shape = this.#shapes.resolve(type);
        // A reference to a type alias (Quantity, IntOrString, Time) is a leaf.
        if (shape === null) return this.#leaf(verdict);
        if (shape.props === undefined || shape.schemaName === undefined) return OPAQUE;
        // The position must hold the type the shapes name: its empty object fails as the type's own validator says.
        let own: CompiledValidator;
        try {
          own = this.#validatorOf(shape.schemaName);
        } catch {
          return OPAQUE;
        }
        const expected = errorsOf(own, {}).map((error) => `${path}${error.instancePath} ${error.keyword} ${JSON.stringify(error.params)}`);
        const seen = errorsOf(validate, wrap({}))
          .filter((error) => error.instancePath === path || error.instancePath.startsWith(`${path}/`))
          .map((error) => `${error.instancePath} ${error.keyword} ${JSON.stringify(error.params)}`);
        if (expected.join('\n') !== seen.join('\n')) return OPAQUE;
        return new Node(Kind.Object, verdict, false, false, undefined, { t: 'ref', file: type.file });
      }
    }
  }

  #leaf(verdict: Verdict): Node {
    return new Node(Kind.Leaf, verdict, STRING_PROBES.every((probe) => verdict(probe)), verdict(true) && verdict(false));
  }
}

/**
 * The validator's verdict on values at one position: remembered for strings, numbers, booleans and null (they
 * repeat: ports, replicas, quantities, enum values); objects and arrays there are left to the validator.
 */
function rememberedVerdict(compute: Verdict): Verdict {
  const remembered = new Map<unknown, boolean>();
  return (value) => {
    if (value !== null && typeof value === 'object') return compute(value);
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean' && value !== null) return false;
    let answer = remembered.get(value);
    if (answer === undefined) {
      answer = compute(value);
      if (remembered.size < REMEMBERED_PER_LEAF) remembered.set(value, answer);
    }
    return answer;
  };
}

function errorsOf(validate: CompiledValidator, value: unknown): NonNullable<CompiledValidator['errors']> {
  return validate(value) ? [] : (validate.errors ?? []);
}

function hasErrorsAt(validate: CompiledValidator, value: unknown, path: string): boolean {
  return errorsOf(validate, value).some((error) => error.instancePath === path || error.instancePath.startsWith(`${path}/`));
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function isPlainRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
