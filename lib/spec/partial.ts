/**
 * A best-effort resolved spec for input that failed validation, so the checks that need a
 * resolved spec (add-on selection, guard rails) can run too and every problem is reported in
 * one go. Shape errors are set aside by removing what is wrong: an invalid optional field (its
 * default applies), an invalid array element or map entry, an unknown key. A required top-level
 * field that is missing or invalid leaves nothing to resolve: no partial spec then.
 *
 * Never deployed: only used to find more problems while the result stays `ok: false`.
 */
import type { z } from 'zod';
import { applyDefaults } from './defaults';
import { defOf, unwrapOptional as unwrap } from './zod-introspection';
import { environmentSpecSchema } from './schema';
import type { EnvironmentSpec, ResolvedSpec } from './types';

/** Passes of remove-and-reparse: each pass can only uncover issues nested in what it kept. */
const MAX_PASSES = 5;

/**
 * The nearest prefix of `path` that can be removed without losing a required field: an element
 * of an array or record, or an optional object key. Undefined when only a required top-level
 * field would do.
 */
function removablePrefix(path: readonly PropertyKey[]): PropertyKey[] | undefined {
  // Schema nodes along the path: nodes[k] is the schema of path.slice(0, k) (unwrapped).
  const nodes: Array<z.ZodType | undefined> = [unwrap(environmentSpecSchema)];
  const raw: Array<z.ZodType | undefined> = [environmentSpecSchema];
  for (const key of path) {
    const parent = nodes[nodes.length - 1];
    const def = parent ? defOf(parent) : undefined;
    const child = def?.type === 'object' ? def.shape?.[String(key)] : def?.type === 'array' ? def.element : def?.type === 'record' ? def.valueType : undefined;
    raw.push(child);
    nodes.push(unwrap(child));
  }
  for (let k = path.length; k >= 1; k--) {
    const parentType = nodes[k - 1] ? defOf(nodes[k - 1]!).type : undefined;
    const child = raw[k];
    const optional = child === undefined || defOf(child).type === 'optional' || defOf(child).type === 'default';
    if (parentType === 'array' || parentType === 'record' || optional) return path.slice(0, k);
  }
  return undefined;
}

/** Plain-data deep copy (functions and class instances kept by reference; zod rejects them anyway). */
function copyData(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copyData);
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, copyData(v)]));
  }
  return value;
}

function removeAt(root: unknown, path: readonly PropertyKey[]): void {
  const parent = path.slice(0, -1).reduce<unknown>((v, k) => (v as Record<PropertyKey, unknown> | undefined)?.[k], root);
  const last = path[path.length - 1];
  if (Array.isArray(parent) && typeof last === 'number') parent.splice(last, 1);
  else if (parent && typeof parent === 'object') delete (parent as Record<PropertyKey, unknown>)[last];
}

/** Order removals so array indices stay valid: deeper and later elements first. */
function compareRemovals(a: readonly PropertyKey[], b: readonly PropertyKey[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] === b[i]) continue;
    if (typeof a[i] === 'number' && typeof b[i] === 'number') return (b[i] as number) - (a[i] as number);
    return String(a[i]) < String(b[i]) ? -1 : 1;
  }
  return b.length - a.length;
}

/** A resolved spec built from `input` with its shape errors removed, or undefined when a required top-level field is wrong. */
export function partialSpec(input: unknown): ResolvedSpec | undefined {
  let current = copyData(input);
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const parsed = environmentSpecSchema.safeParse(current);
    if (parsed.success) {
      try {
        return applyDefaults(parsed.data as EnvironmentSpec);
      } catch {
        return undefined;
      }
    }
    const removals: PropertyKey[][] = [];
    for (const issue of parsed.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) removals.push([...issue.path, key]);
        continue;
      }
      const prefix = removablePrefix(issue.path);
      if (!prefix) return undefined;
      removals.push(prefix);
    }
    const unique = [...new Map(removals.map((p) => [JSON.stringify(p), p])).values()];
    // A removal inside another one is moot (and would shift the wrong element).
    const outermost = unique.filter((p) => !unique.some((q) => q !== p && q.length < p.length && q.every((k, i) => k === p[i])));
    current = copyData(current);
    for (const path of outermost.sort(compareRemovals)) removeAt(current, path);
  }
  return undefined;
}
