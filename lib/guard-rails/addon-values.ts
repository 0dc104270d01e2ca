/**
 * An add-on's values as the blueprint sets them and as delivered (user overrides merged), side by
 * side: guard rails flag only what an override changed, so a chart the blueprint deliberately
 * runs with privileges (cilium, istio-cni) is judged by what the user did to it, not by its needs.
 */
import { isChartAddon, type Addon } from '../addons/addon';
import { formatPath } from '../spec/field-path';
import type { AddonId } from '../spec/types';
import type { GuardRailInput } from './violation';

/** One selected chart add-on's values, before and after the user's overrides. */
export interface AddonValues {
  readonly addon: Addon;
  /** The blueprint's values (no overrides). */
  readonly blueprint: Record<string, unknown>;
  /** The values delivered (blueprint + overrides). */
  readonly merged: Record<string, unknown>;
}

/** Values of the selected chart add-on `id`, or undefined when it is not selected. */
export function addonValues(input: GuardRailInput, id: AddonId): AddonValues | undefined {
  const addon = input.selection.ordered.find((a) => a.id === id);
  return addon && isChartAddon(addon) ? valuesOfAddon(input, addon) : undefined;
}

/** Values of every selected chart add-on that has user overrides (the others cannot differ). */
export function overriddenAddons(input: GuardRailInput): AddonValues[] {
  return input.selection.ordered
    .filter(isChartAddon)
    .filter((a) => Object.keys(input.spec.addons.overrides[a.id] ?? {}).length > 0)
    .map((a) => valuesOfAddon(input, a));
}

function valuesOfAddon(input: GuardRailInput, addon: Addon): AddonValues {
  const { blueprint, values } = input.valuesOf(addon);
  return { addon, blueprint, merged: values };
}

/** The value at `path` (object keys and array indexes), or undefined. */
export function valueAt(root: unknown, path: readonly (string | number)[]): unknown {
  let node = root;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}

/** Spec path of a value inside an add-on's overrides: `spec.addons.overrides.<id>.a.b[0].c`. */
export function overridePath(id: AddonId, path: readonly (string | number)[]): string {
  return formatPath(['addons', 'overrides', id, ...path]);
}
