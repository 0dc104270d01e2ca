/**
 * The YAML text `yaml`'s `stringify(value, { lineWidth: 0 })` gives a plain-JSON Kubernetes object
 * (or, with a YAML 1.1 cache, `stringify(value, { lineWidth: 0, version: '1.1' })`: rendered releases),
 * written directly: block maps and sequences (two-space indent, sequences indented under their
 * key), with every scalar and key rendered by `yaml` itself, once per distinct text. `stringify`
 * builds a document tree per object and visits it twice; for 15 000 objects at 1000 tenants that
 * was a quarter of a synth. A multi-line string is a block scalar indented to its place: `yaml`
 * writes it once as a root map's value and its lines are moved to their indent (with
 * `lineWidth: 0` nothing folds, and the text of a block depends on nothing else). Anything whose
 * text could still depend on where it stands (a key `yaml` writes as explicit, a block whose
 * lines do not all start at the root indent) returns undefined, and the caller lets `yaml` write
 * the whole object.
 */
import { stringify } from 'yaml';

/**
 * The YAML version written: '1.2' (the core schema, synthesized manifests) or '1.1' (rendered
 * releases, so Go YAML readers agree: `yes`, `on`, `0755` or `1_000` are quoted).
 */
export type YamlVersion = '1.1' | '1.2';

/**
 * Plain words a schema reads as something else than a string, for the strings that
 * {@link PLAIN} or {@link PLAIN_VALUE} admit (they start with a letter): the null and boolean
 * words; YAML 1.1 adds y/n, yes/no, on/off, and floats whose mantissa it lets out (`e1`,
 * `E+5`). No other tag of either schema matches a string that starts with a letter: other
 * numbers, `.inf`, timestamps and `<<` start otherwise.
 */
const RESERVED: Record<YamlVersion, RegExp> = {
  '1.2': /^(?:[Nn]ull|NULL|[Tt]rue|TRUE|[Ff]alse|FALSE)$/,
  '1.1': /^(?:[Nn]ull|NULL|[Tt]rue|TRUE|[Ff]alse|FALSE|[YyNn]|[Yy]es|YES|[Nn]o|NO|[Oo]n|ON|[Oo]ff|OFF|[eE][-+]?[0-9]+)$/,
};

/** Rendered scalars and keys, shared by the objects written through it. */
export interface YamlTextCache {
  /** Options of every `stringify` call: `lineWidth: 0` and the version. */
  options: { lineWidth: 0; version: YamlVersion };
  /** Words of this version that must be quoted. */
  reserved: RegExp;
  values: Map<unknown, string | null>;
  keys: Map<string, string | null>;
  /** Multi-line strings as a root value (`|-` header, lines at two spaces), or null: not a block. */
  blocks: Map<string, MultiLine | null>;
  /** Characters of the multi-line strings in `blocks` (they dominate its memory). */
  blockChars: number;
}

/** An empty cache for `version`. @param version @default '1.2' */
export function newYamlTextCache(version: YamlVersion = '1.2'): YamlTextCache {
  return { options: { lineWidth: 0, version }, reserved: RESERVED[version], values: new Map(), keys: new Map(), blocks: new Map(), blockChars: 0 };
}

/**
 * Entries the process-wide cache holds before it starts again: the charts of one run (and the
 * environments of one `synth`) share most labels, rule texts and dashboards, each rendered by
 * `yaml` in ~50 µs; the bound keeps a 10 000-tenant run's memory flat (~10 MiB at most).
 */
export const SHARED_ENTRIES = 50_000;
export const SHARED_BLOCK_CHARS = 4 << 20;

const shared: Record<YamlVersion, YamlTextCache> = { '1.1': newYamlTextCache('1.1'), '1.2': newYamlTextCache('1.2') };

/** The process-wide cache of `version`, emptied first when it has grown past its bound. @param version @default '1.2' */
export function sharedYamlTextCache(version: YamlVersion = '1.2'): YamlTextCache {
  const cache = shared[version];
  if (cache.values.size + cache.keys.size + cache.blocks.size > SHARED_ENTRIES || cache.blockChars > SHARED_BLOCK_CHARS) shared[version] = newYamlTextCache(version);
  return shared[version];
}

/**
 * Text `yaml` writes as is: starts with a letter (not a number, not an indicator), no space, no
 * `:` or `#`, and not one of the schema's {@link RESERVED} words.
 */
const PLAIN = /^[A-Za-z][A-Za-z0-9._/-]*$/;
/**
 * A map or sequence value `yaml` also writes as is (yaml's plainString in block context): it may
 * hold spaces and flow or quote characters after its first letter, but no `:` or `#` (no `: `
 * or ` #`), no tab or line break, and it does not end in a space. Rule texts, descriptions and
 * selectors are mostly such values.
 */
const PLAIN_VALUE = /^[A-Za-z][A-Za-z0-9._/ (),=+;<>?$~^|!*&%@'"[\]{}-]*$/;

/** A scalar as a map value (`a: <text>`), or null when its text is not one line. */
function scalarText(value: string | number | boolean | null, cache: YamlTextCache): string | null {
  if (typeof value === 'string') {
    if ((PLAIN.test(value) || (PLAIN_VALUE.test(value) && !value.endsWith(' '))) && !cache.reserved.test(value)) return value;
    // A block scalar: `blockText` writes it at its indent.
    if (value.includes('\n')) return null;
  } else if (typeof value === 'boolean') {
    return value ? 'true' : 'false';
  } else if (typeof value === 'number' && Number.isSafeInteger(value) && !Object.is(value, -0)) {
    return String(value); // as `yaml` writes an integer (JSON's digits); -0, fractions and huge numbers go to `yaml`
  }
  // A Map takes -0 and 0 for one key, `yaml` writes `-0` and `0`: -0 is not cached.
  const negativeZero = Object.is(value, -0);
  let text = negativeZero ? undefined : cache.values.get(value);
  if (text === undefined) {
    const line = stringify({ a: value }, cache.options);
    text = line.startsWith('a: ') && line.indexOf('\n') === line.length - 1 ? line.slice(3, -1) : null;
    if (!negativeZero) cache.values.set(value, text);
  }
  return text;
}

/** A map key (`<text>: `), or null when `yaml` would not write it as a one-line implicit key. */
function keyText(key: string, cache: YamlTextCache): string | null {
  // A key over 1024 characters is an explicit one (`? key`): let `yaml` decide.
  if (key.length <= 1000 && PLAIN.test(key) && !cache.reserved.test(key)) return key;
  let text = cache.keys.get(key);
  if (text === undefined) {
    const line = stringify({ [key]: 0 }, cache.options);
    text = line.endsWith(': 0\n') && line.indexOf('\n') === line.length - 1 ? line.slice(0, -4) : null;
    cache.keys.set(key, text);
  }
  return text;
}

/** The root indent of a block scalar's lines in `stringify({ a: value })`. */
const ROOT_INDENT = '  ';

/**
 * Lines `yaml` writes as a literal block without an indentation indicator: the first starts with
 * neither a space nor a line break, none holds a character `yaml` escapes (it double-quotes
 * those), and the text ends in a non-blank character (`|-`) or in one line break after one (`|`).
 */
const SIMPLE_BLOCK = /^[^\s\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}][^\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]*[^\s\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]\n?$/u;

/** ` |<chomp>\n<lines at indent>` for a {@link SIMPLE_BLOCK} string, else null: `yaml` decides. */
function simpleLiteralBlock(value: string, indent: string): string | null {
  if (!SIMPLE_BLOCK.test(value)) return null;
  const clip = value.endsWith('\n');
  const body = clip ? value.slice(0, -1) : value;
  // As yaml: each run of line breaks is followed by the indent once (blank lines stay empty).
  return ` |${clip ? '' : '-'}\n${indent}${body.replace(/\n+/g, `$&${indent}`)}\n`;
}

/** A multi-line string as `yaml` writes it: a block scalar (header, lines at the root indent) or one quoted line. */
type MultiLine = { header: string; lines: readonly string[] } | { line: string };

/**
 * ` <header>\n<lines>` of a multi-line string as a value whose lines stand at `indent` (or the
 * ` "<text>"\n` `yaml` writes instead for control characters or a last line of blanks), or null
 * when it cannot be moved there: a line not at the root indent.
 */
function multiLineText(value: string, indent: string, cache: YamlTextCache): string | null {
  const literal = simpleLiteralBlock(value, indent);
  if (literal !== null) return literal;
  let written = cache.blocks.get(value);
  if (written === undefined) {
    const text = stringify({ a: value }, cache.options);
    const headerEnd = text.indexOf('\n');
    written = null;
    if (text.startsWith('a: |')) {
      const lines = text.slice(headerEnd + 1, -1).split('\n');
      if (lines.every((line) => line === '' || line.startsWith(ROOT_INDENT))) written = { header: text.slice(3, headerEnd), lines };
    } else if (text.startsWith('a: ') && headerEnd === text.length - 1) {
      written = { line: text.slice(3, -1) };
    }
    cache.blocks.set(value, written);
    cache.blockChars += value.length;
  }
  if (written === null) return null;
  if ('line' in written) return ` ${written.line}\n`;
  let out = ` ${written.header}\n`;
  for (const line of written.lines) out += line === '' ? '\n' : `${indent}${line.slice(ROOT_INDENT.length)}\n`;
  return out;
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** ` <value>` after a key or `- `, or `\n<block>` for a non-empty collection; null: not plain. */
function valueText(value: unknown, indent: string, cache: YamlTextCache): string | null {
  if (typeof value === 'string' && value.includes('\n')) return multiLineText(value, indent, cache);
  if (value === null || typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number') {
    const text = scalarText(value, cache);
    return text === null ? null : ` ${text}\n`;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return ' []\n';
    const block = seqText(value, indent, cache);
    return block === null ? null : `\n${block}`;
  }
  if (isMap(value) && Object.getPrototypeOf(value) === Object.prototype) {
    const keys = Object.keys(value).filter((k) => value[k] !== undefined);
    if (keys.length === 0) return ' {}\n';
    const block = mapText(value, keys, indent, cache);
    return block === null ? null : `\n${block}`;
  }
  return null;
}

function mapText(map: Record<string, unknown>, keys: readonly string[], indent: string, cache: YamlTextCache): string | null {
  let out = '';
  for (const key of keys) {
    const k = keyText(key, cache);
    const v = k === null ? null : valueText(map[key], `${indent}  `, cache);
    if (v === null) return null;
    out += `${indent}${k}:${v}`;
  }
  return out;
}

function seqText(items: readonly unknown[], indent: string, cache: YamlTextCache): string | null {
  let out = '';
  for (const item of items) {
    if (item === undefined) return null;
    const nested = `${indent}  `;
    const v = valueText(item, nested, cache);
    if (v === null) return null;
    // A collection item starts on the dash's line: `- a: 1` / `- - x`, the rest indented under it.
    out += v.startsWith('\n') ? `${indent}- ${v.slice(1 + nested.length)}` : `${indent}-${v}`;
  }
  return out;
}

/** The document text of `object` (keys in the order given), or undefined when `yaml` must write it. */
export function yamlDocumentText(object: Record<string, unknown>, cache: YamlTextCache): string | undefined {
  if (!isMap(object) || Object.getPrototypeOf(object) !== Object.prototype) return undefined;
  const keys = Object.keys(object).filter((k) => object[k] !== undefined);
  if (keys.length === 0) return '{}\n';
  return mapText(object, keys, '', cache) ?? undefined;
}
