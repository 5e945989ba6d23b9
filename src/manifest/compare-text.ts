/**
 * Orders strings by UTF-16 code units, as `<` does: unlike `localeCompare`, the same on every machine and
 * locale, which deterministic output needs.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Above this many strings, `sortTextInPlace` leaves the work to `Array.prototype.sort`. */
const INSERTION_SORT_LIMIT = 24;

/**
 * Sorts distinct strings in place in the order `Array.prototype.sort()` gives (by UTF-16 code units, as `<`
 * compares). Most key lists of a manifest are short and already sorted (rendering sorts them): insertion sort is
 * then one pass and allocates nothing, where the built-in sort copies the array; long lists are sorted by it.
 */
export function sortTextInPlace(texts: string[]): string[] {
  if (texts.length > INSERTION_SORT_LIMIT) return texts.sort();
  for (let index = 1; index < texts.length; index++) {
    const text = texts[index] as string;
    let before = index - 1;
    for (; before >= 0 && (texts[before] as string) > text; before--) texts[before + 1] = texts[before] as string;
    texts[before + 1] = text;
  }
  return texts;
}
