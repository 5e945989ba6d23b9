/**
 * Text from input files (names, values, file names, messages that quote them) printed to a terminal or a
 * report: control characters would move the cursor, rewrite earlier lines or add lines that look like
 * results (a fake `ok` in TAP), and bidirectional overrides would reorder what is shown. They are printed
 * as visible escapes instead.
 */

/** C0 and C1 controls, DEL, line and paragraph separators, and bidirectional formatting characters. */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
/** The same, except newline and tab, for multi-line messages. */
const UNPRINTABLE_IN_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function escape(character: string): string {
  switch (character) {
    case '\n':
      return '\\n';
    case '\r':
      return '\\r';
    case '\t':
      return '\\t';
    default:
      return `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`;
  }
}

/** One line of text with every control and formatting character shown as an escape (`\n`, `\u001b`). */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, escape);
}

/** Multi-line text (newlines and tabs kept) with every other control and formatting character escaped. */
export function printableLines(text: string): string {
  return text.replace(UNPRINTABLE_IN_LINES, escape);
}

/** JSON text with the characters JSON.stringify leaves raw (DEL, C1, separators, bidi) escaped as `\uXXXX`. */
export function printableJson(json: string): string {
  // Newlines between JSON tokens are layout; inside strings JSON.stringify has escaped every C0 control already.
  return json.replace(/[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
