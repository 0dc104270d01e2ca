/**
 * Snapshot serializer (jest.config.js `snapshotSerializers`): every CRD's `openAPIV3Schema` is
 * replaced by `sha256:<hex of its canonical JSON>`. The vendored Gateway API bundle alone is ~1 MB
 * of schema per environment; hashed, a snapshot diff still shows that a schema changed (and which
 * CRD version) while the rest of the file stays reviewable. The schemas themselves are checked
 * elsewhere: the bundle is upstream's file byte for byte, and objects are validated against it.
 *
 * Jest serializers only see the value handed to `toMatchSnapshot`. Tests that snapshot text (YAML
 * manifests, canonical JSON) must hash before they stringify: they call `hashCrdSchemas` on the
 * objects and render the result, never parse their own output back.
 */
import { createHash } from 'node:crypto';

const SCHEMA_KEY = 'openAPIV3Schema';

/** JSON with keys sorted at every level (arrays keep their order): the bytes the hash is taken of. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value as Record<string, unknown>)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

/** `sha256:<hex>` of a schema's canonical JSON. */
export function schemaDigest(schema: unknown): string {
  return `sha256:${createHash('sha256').update(canonicalJson(schema)).digest('hex')}`;
}

/**
 * A deep copy of `value` with every `openAPIV3Schema` (CRD versions in manifests, ConfigGroup
 * `objs` and CustomResourceDefinition inputs in cloud.json) replaced by its digest.
 */
export function hashCrdSchemas<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => hashCrdSchemas(v)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      out[key] = key === SCHEMA_KEY && v && typeof v === 'object' ? schemaDigest(v) : hashCrdSchemas(v);
    }
    return out as T;
  }
  return value;
}

/** Whether `value` still holds a schema object to hash (so the serializer does not recurse on its own output). */
function hasSchema(value: unknown, seen = new Set<object>()): boolean {
  if (!value || typeof value !== 'object' || seen.has(value)) return false;
  seen.add(value);
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (key === SCHEMA_KEY && v && typeof v === 'object') return true;
    if (hasSchema(v, seen)) return true;
  }
  return false;
}

/** `openAPIV3Schema:` in YAML or `"openAPIV3Schema":` in JSON text, with the digest when it was hashed. */
const SCHEMA_IN_TEXT = /openAPIV3Schema"?[ \t]*:[ \t]*"?(sha256:[0-9a-f]{64})?/g;

/** Whether text (a rendered file) carries a schema body: it was stringified before hashing. */
function unhashedSchemaInText(value: string): boolean {
  if (!value.includes(SCHEMA_KEY)) return false;
  // A hashed value renders as `openAPIV3Schema: sha256:…` (YAML) or `"openAPIV3Schema": "sha256:…"` (JSON).
  return [...value.matchAll(SCHEMA_IN_TEXT)].some((m) => m[1] === undefined);
}

// The module itself is the pretty-format plugin: jest requires each `snapshotSerializers` entry
// and uses its `test` and `serialize` exports.

/** Plugin: values this serializer handles (objects holding a schema; text that was not hashed). */
export function test(value: unknown): boolean {
  if (typeof value === 'string') return unhashedSchemaInText(value);
  return typeof value === 'object' && value !== null && hasSchema(value);
}

/** Plugin: print `value` with its schemas hashed; refuse text rendered before hashing. */
export function serialize(value: unknown, config: unknown, indentation: string, depth: number, refs: unknown, printer: (...args: unknown[]) => string): string {
  if (typeof value === 'string') {
    throw new Error('snapshot text carries a CRD openAPIV3Schema: call hashCrdSchemas() on the objects before rendering them (test/support/snapshot-serializer.ts)');
  }
  return printer(hashCrdSchemas(value), config, indentation, depth, refs);
}
