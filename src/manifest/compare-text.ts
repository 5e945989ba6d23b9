/**
 * Orders strings by UTF-16 code units, as `<` does: unlike `localeCompare`, the same on every machine and
 * locale, which deterministic output needs.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
