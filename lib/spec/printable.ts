/**
 * Text from a spec, a file name or the command line is echoed in messages. Raw, it could move
 * the cursor, recolour the terminal, reorder what follows (bidi overrides) or start a new line
 * that looks like one of ours, so a spec could forge or hide an error line. Escaped, it stays one
 * readable line of plain text.
 */

// C0 controls (newline and tab included), DEL, C1 controls, the Unicode line and paragraph
// separators (JavaScript and some terminals break lines on them) and the bidi embeddings,
// overrides and isolates (they reorder the text after them on screen).
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

// The same set without the newline: for messages whose line breaks are ours.
const UNPRINTABLE_KEEPING_LINES = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const escapeChar = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** `text` with every control, line-separating and bidi character written as `\u001b`. */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, escapeChar);
}

/**
 * `text` escaped like `printable`, except that its newlines stay: for a whole message whose line
 * breaks are our own and whose echoed user text was escaped with `printable` when it was built.
 */
export function printableLines(text: string): string {
  return text.replace(UNPRINTABLE_KEEPING_LINES, escapeChar);
}

/** `value` in double quotes, escaped: how messages echo a name the user typed. */
export function quoted(value: string): string {
  return `"${printable(value)}"`;
}

const MAX_SHOWN = 60;

/**
 * The value as the user wrote it, as far as JSON can show it: `JSON.stringify` prints NaN and
 * Infinity as `null` and drops functions, which would contradict what the user wrote.
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'symbol') return value.toString();
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    return `a ${Array.isArray(value) ? 'self-referencing array' : 'self-referencing object'}`;
  }
  if (json === undefined) return String(value);
  return json.length > MAX_SHOWN ? `${json.slice(0, MAX_SHOWN - 1)}…` : json;
}
