/**
 * A YAML writer for the JSON-like objects synthesis produces, byte for byte what js-yaml's `dump` writes
 * for them with our options (block style, 2-space indent, no line folding, no references, no compat quoting),
 * at several times its speed: js-yaml re-tests every scalar against every implicit type, while most strings
 * in manifests are names and labels that can be seen to be plain at a glance, and the rest repeat.
 *
 * It writes only what it is sure of: plain objects and arrays, booleans, safe integers and strings without
 * line breaks. For anything else it returns undefined and the caller asks js-yaml, so that the output
 * (and any error) is exactly js-yaml's.
 */
import { dump, DumpOptions } from 'js-yaml';

/** Thrown inside the writer when a value needs js-yaml; caught by `write`, never seen by users. */
class NeedsJsYaml extends Error {}
const NEEDS_JS_YAML = new NeedsJsYaml('this value is written by js-yaml');

/** Letters first, then letters, digits and `._/-`: plain in YAML and never another type, except these words. */
const PLAIN_AT_A_GLANCE = /^[A-Za-z][A-Za-z0-9._/-]*$/;
// kubectl reads YAML 1.1, where yes/no/on/off/y/n are booleans too: js-yaml quotes them, and so must this.
const OTHER_TYPES = new Set([
  'null', 'Null', 'NULL', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE',
  'y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO', 'on', 'On', 'ON', 'off', 'Off', 'OFF',
]);
/** js-yaml writes a key longer than this as an explicit `? key` pair. */
const MAX_IMPLICIT_KEY = 1024;
/** Scalars js-yaml rendered, kept until there are this many (quantities, images and such repeat a lot). */
const MAX_REMEMBERED = 100_000;

/** Writes objects as js-yaml would with `options`, keys ordered by `orderKeys`. */
export class BlockYamlWriter {
  readonly #options: DumpOptions;
  readonly #orderKeys: (keys: string[]) => string[];
  readonly #scalars = new Map<string, string>();
  /** Keys as written: the same few hundred keys make up most of every manifest. */
  readonly #keys = new Map<string, string>();
  readonly #lineStarts: string[] = [];
  /** The document being written. */
  #out = '';

  /** `orderKeys` must order keys exactly as `options.sortKeys` does. */
  constructor(options: DumpOptions, orderKeys: (keys: string[]) => string[]) {
    this.#options = options;
    this.#orderKeys = orderKeys;
  }

  /** The document (with its final newline), or undefined when only js-yaml can write it. */
  write(value: unknown): string | undefined {
    this.#out = '';
    try {
      this.#node(value, 0, true);
      return `${this.#out}\n`;
    } catch (error) {
      if (error === NEEDS_JS_YAML) return undefined;
      throw error;
    } finally {
      this.#out = '';
    }
  }

  /** Mirrors js-yaml's writeNode for block collections; `compact` leaves out the first line break. */
  #node(value: unknown, level: number, compact: boolean): void {
    if (typeof value === 'string') {
      this.#out += this.#string(value);
    } else if (typeof value === 'number') {
      this.#out += Number.isSafeInteger(value) && !Object.is(value, -0) ? String(value) : this.#jsYamlScalar(value);
    } else if (typeof value === 'boolean') {
      this.#out += value ? 'true' : 'false';
    } else if (isPlainArray(value)) {
      if (value.length === 0) this.#out += '[]';
      else this.#sequence(value, level, compact);
    } else if (isPlainObject(value)) {
      const keys = Object.keys(value);
      if (keys.length === 0) this.#out += '{}';
      else this.#mapping(value, keys, level, compact);
    } else {
      // undefined, null, Dates, Buffers, class instances...: js-yaml decides (skips, writes null, tags or throws).
      throw NEEDS_JS_YAML;
    }
  }

  #sequence(items: readonly unknown[], level: number, compact: boolean): void {
    for (let index = 0; index < items.length; index++) {
      if (!compact || index > 0) this.#out += this.#lineStart(level);
      // An item's own collection starts on the dash's line (compact), so the dash is always followed by a space.
      this.#out += '- ';
      this.#node(items[index], level + 1, true);
    }
  }

  #mapping(record: Readonly<Record<string, unknown>>, keys: string[], level: number, compact: boolean): void {
    const ordered = this.#orderKeys(keys);
    for (let index = 0; index < ordered.length; index++) {
      const key = ordered[index] as string;
      if (key.length > MAX_IMPLICIT_KEY) throw NEEDS_JS_YAML;
      if (!compact || index > 0) this.#out += this.#lineStart(level);
      let written = this.#keys.get(key);
      if (written === undefined) {
        written = this.#string(key);
        if (this.#keys.size < MAX_REMEMBERED) this.#keys.set(key, written);
      }
      this.#out += written;
      const child = record[key];
      // A non-empty collection starts on the next line, so its key is not followed by a space.
      if (isPlainArray(child) && child.length > 0) {
        this.#out += ':';
        this.#sequence(child, level + 1, false);
      } else if (isPlainObject(child)) {
        const childKeys = Object.keys(child);
        if (childKeys.length === 0) {
          this.#out += ': {}';
        } else {
          this.#out += ':';
          this.#mapping(child, childKeys, level + 1, false);
        }
      } else {
        this.#out += ': ';
        this.#node(child, level + 1, false);
      }
    }
  }

  /** A line break and the indentation of `level`. */
  #lineStart(level: number): string {
    let start = this.#lineStarts[level];
    if (start === undefined) {
      start = `\n${'  '.repeat(level)}`;
      this.#lineStarts[level] = start;
    }
    return start;
  }

  /** A string scalar: as is when plainly plain, else as js-yaml quotes it (single-line strings only). */
  #string(value: string): string {
    if (PLAIN_AT_A_GLANCE.test(value) && !OTHER_TYPES.has(value)) return value;
    let rendered = this.#scalars.get(value);
    if (rendered === undefined) {
      if (value.includes('\n')) throw NEEDS_JS_YAML;
      rendered = this.#jsYamlScalar(value);
      if (this.#scalars.size >= MAX_REMEMBERED) this.#scalars.clear();
      this.#scalars.set(value, rendered);
    }
    return rendered;
  }

  /** js-yaml's rendering of a lone scalar; a scalar's style does not depend on its depth when it fits one line. */
  #jsYamlScalar(value: string | number): string {
    const rendered = dump(value, this.#options);
    if (rendered.indexOf('\n') !== rendered.length - 1) throw NEEDS_JS_YAML;
    return rendered.slice(0, -1);
  }
}

function isPlainArray(value: unknown): value is readonly unknown[] {
  return Array.isArray(value) && Object.getPrototypeOf(value) === Array.prototype;
}

function isPlainObject(value: unknown): value is Readonly<Record<string, unknown>> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
