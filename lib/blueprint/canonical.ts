/**
 * Canonical serialization: keys sorted where order is free, so the same spec always gives the
 * same bytes whatever order objects were built in.
 */
import { stringify } from 'yaml';
import { sharedYamlTextCache, yamlDocumentText, type YamlVersion } from './yaml-text';

/** Recursively sort object keys (arrays keep their order: it is meaningful). */
export function sortKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => sortKeys(v)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value as Record<string, unknown>).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out as T;
  }
  return value;
}

const isSorted = (keys: readonly string[]): boolean => {
  for (let i = 1; i < keys.length; i++) if (!(keys[i - 1] < keys[i])) return false;
  return true;
};

/**
 * What {@link sortKeys} gives, for serializing only: a part that is already canonical (plain
 * objects with sorted keys and no undefined member) is returned as it is, not copied. Most of
 * what is written is canonical already (manifest objects are sorted when labelled, the plan's
 * inputs when normalized), and copying it again was a fifth of writing the text. The result
 * shares parts with `value`: it is stringified at once, never kept or changed.
 */
function canonicalView(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item = canonicalView(value[i]);
      if (out) out.push(item);
      else if (item !== value[i]) (out = value.slice(0, i)).push(item);
    }
    return out ?? value;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  // Anything but a plain object (a class instance, a null-prototype map) is copied, as sortKeys does.
  let changed = Object.getPrototypeOf(record) !== Object.prototype || !isSorted(keys);
  const ordered = changed ? [...keys].sort() : keys;
  const views = new Array<unknown>(ordered.length);
  for (let i = 0; i < ordered.length; i++) {
    const member = record[ordered[i]];
    if (member === undefined) changed = true;
    else {
      views[i] = canonicalView(member);
      if (views[i] !== member) changed = true;
    }
  }
  if (!changed) return record;
  const out: Record<string, unknown> = {};
  for (let i = 0; i < ordered.length; i++) if (views[i] !== undefined) out[ordered[i]] = views[i];
  return out;
}

/**
 * Multi-document YAML with sorted keys; empty list → empty string.
 * @param version YAML 1.1 quotes the strings Go YAML readers would take for booleans or numbers (`yes`, `0755`). @default '1.2'
 */
export function toYamlDocuments(objects: readonly object[], version: YamlVersion = '1.2'): string {
  // yaml-text.ts writes what `yaml` would, without building a document per object; `yaml` writes the rest.
  const cache = sharedYamlTextCache(version);
  return objects
    .map((o) => {
      const sorted = canonicalView(o) as Record<string, unknown>;
      return yamlDocumentText(sorted, cache) ?? stringify(sorted, cache.options);
    })
    .join('---\n');
}

/** Pretty JSON with sorted keys and a trailing newline. */
export function toCanonicalJson(value: unknown): string {
  return `${JSON.stringify(canonicalView(value), null, 2)}\n`;
}
