/**
 * Canonical serialization: keys sorted where order is free, so the same spec always gives the
 * same bytes whatever order objects were built in.
 */
import { stringify } from 'yaml';
import { sharedYamlTextCache, yamlDocumentText } from './yaml-text';

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

/** Multi-document YAML with sorted keys; empty list → empty string. */
export function toYamlDocuments(objects: readonly object[]): string {
  // yaml-text.ts writes what `yaml` would, without building a document per object; `yaml` writes the rest.
  const cache = sharedYamlTextCache();
  return objects
    .map((o) => {
      const sorted = sortKeys(o) as Record<string, unknown>;
      return yamlDocumentText(sorted, cache) ?? stringify(sorted, { lineWidth: 0 });
    })
    .join('---\n');
}

/** Pretty JSON with sorted keys and a trailing newline. */
export function toCanonicalJson(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}
