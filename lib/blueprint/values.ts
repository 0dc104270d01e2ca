/**
 * Final Helm values of an add-on: the typed values derived from the spec, with the user's
 * overrides deep-merged last. Which override paths were applied is recorded so reviewers see
 * deviations from the blueprint in the plan.
 */
import type { Addon, AddonContext } from '../addons/addon';
import { cloneData } from '../spec/defaults';

/** Values plus the dotted paths the user overrode. */
export interface MergedValues {
  /** The values Helm renders with: the blueprint's, overrides deep-merged last. */
  values: Record<string, unknown>;
  /** The blueprint's own values, before the overrides (guard rails compare the two). Shares unchanged subtrees with `values`: read only. */
  blueprint: Record<string, unknown>;
  /** Dotted paths the overrides set (sorted), recorded in the plan so reviewers see every deviation. */
  overriddenPaths: string[];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep-merge `override` onto `base`: objects merge, everything else (arrays included) replaces. */
export function deepMerge(
  base: Record<string, unknown>,
  override: Record<string, unknown>,
  prefix = '',
  paths: string[] = [],
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (isPlainObject(value) && isPlainObject(out[key])) {
      out[key] = deepMerge(out[key] as Record<string, unknown>, value, path, paths);
    } else {
      out[key] = cloneData(value);
      paths.push(path);
    }
  }
  return out;
}

/** The values an add-on is delivered with in `ctx`'s environment. */
export function mergedValues(addon: Addon, ctx: AddonContext): MergedValues {
  const paths: string[] = [];
  const base = cloneData(addon.values(ctx)) as Record<string, unknown>;
  const override = ctx.spec.addons.overrides[addon.id] ?? {};
  const values = deepMerge(base, override, '', paths);
  return { values, blueprint: base, overriddenPaths: paths.sort() };
}
