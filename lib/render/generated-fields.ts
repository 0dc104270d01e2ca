/**
 * Render-time randomness: some charts generate values while templating (`genCA`, `randAlphaNum`
 * — e.g. a webhook certificate). Each release is rendered twice; fields that differ are replaced
 * by a fixed placeholder and reported, so output stays byte-identical across runs and the
 * drift is visible (under Argo CD such a field changes on every sync).
 */
import type { KubeObject } from '../blueprint/manifests';

/** A field whose value `helm template` generates anew on every render. */
export interface GeneratedField {
  /** `Kind namespace/name` of the object. */
  object: string;
  /** Path inside it, e.g. `data.tls\.crt` → `data["tls.crt"]`. */
  path: string;
}

/** Placeholder for a generated string. */
export const GENERATED_PLACEHOLDER = '[generated at render time]';
/** Placeholder for a generated base64 string (still valid base64; decodes to the text above). */
export const GENERATED_BASE64_PLACEHOLDER = Buffer.from(GENERATED_PLACEHOLDER).toString('base64');

const isBase64 = (s: string): boolean => s.length > 0 && s.length % 4 === 0 && /^[A-Za-z0-9+/]+=*$/.test(s);

const segment = (key: string): string => (/^[A-Za-z_][\w-]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`);

function merge(a: unknown, b: unknown, path: string, found: string[]): unknown {
  if (JSON.stringify(a) === JSON.stringify(b)) return a;
  if (a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
    if (Array.isArray(a) && Array.isArray(b)) {
      if (a.length === b.length) return a.map((v, i) => merge(v, b[i], `${path}[${i}]`, found));
    } else {
      const ra = a as Record<string, unknown>;
      const rb = b as Record<string, unknown>;
      const keys = Object.keys(ra);
      if (keys.length === Object.keys(rb).length && keys.every((k) => k in rb)) {
        return Object.fromEntries(keys.map((k) => [k, merge(ra[k], rb[k], `${path}${segment(k)}`, found)]));
      }
    }
  }
  found.push(path.replace(/^\./, ''));
  return typeof a === 'string' && typeof b === 'string' && isBase64(a) && isBase64(b) ? GENERATED_BASE64_PLACEHOLDER : GENERATED_PLACEHOLDER;
}

const describe = (o: KubeObject): string => `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name ?? ''}`;

/**
 * Merge two renders of the same inputs (each sorted): equal fields kept, differing ones
 * replaced by a placeholder. Throws when the renders differ in which objects exist.
 */
export function mergeRenders(first: readonly KubeObject[], second: readonly KubeObject[], where: string): { objects: KubeObject[]; generated: GeneratedField[] } {
  const ids = (list: readonly KubeObject[]): string => list.map((o) => `${o.apiVersion} ${describe(o)}`).join('\n');
  if (ids(first) !== ids(second)) {
    throw new Error(`${where}: two renders with the same inputs produced different objects (random names?); cannot render deterministically`);
  }
  const generated: GeneratedField[] = [];
  const objects = first.map((o, i) => {
    const paths: string[] = [];
    const merged = merge(o, second[i], '', paths) as KubeObject;
    generated.push(...paths.map((path) => ({ object: describe(o), path })));
    return merged;
  });
  return { objects, generated };
}
