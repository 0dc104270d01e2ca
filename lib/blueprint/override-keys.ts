/**
 * The run-time check of `spec.addons.overrides` top-level keys (typedOverrides checks them at
 * compile time; JSON/YAML specs and plain objects get this). Helm ignores a key no template reads,
 * so `{ "metrics-server": { "replicaCont": 2 } }` would deploy the default replica count silently.
 * A key is known when the add-on's values builder sets it or its chart reads it at the top level
 * (chart-top-keys.ts), keyed on the catalogue entry's chart, so team add-ons are checked against
 * their own charts. Keys below the top are the render step's values-key check (the whole chart).
 *
 * A chart missing from the chart cache is not fetched (synth deploys charts by reference): its
 * add-on's keys are then not checked, and a warning says so. Refusing every key the values builder
 * does not set would reject keys the chart reads; `groundwork render` needs the chart and checks
 * every key path against it anyway.
 */
import { isChartAddon, type Addon, type CatalogueAddon } from '../addons/addon';
import { helmPullCommand } from '../render/chart-cache';
import type { SpecIssue } from '../spec/errors';
import { compareText } from '../spec/order';
import { editDistance } from '../spec/regions';
import type { ResolvedSpec } from '../spec/types';
import { overridePath } from '../guard-rails/addon-values';
import { chartTopKeys, type ChartKeysLookup } from './chart-top-keys';

/** What the check needs. */
export interface OverrideKeysInput {
  /** The resolved environment (its `addons.overrides`). */
  readonly spec: ResolvedSpec;
  /** The catalogue in use (a manifest add-on there accepts no overrides). */
  readonly catalogue: readonly CatalogueAddon[];
  /** The selected add-ons (only they have builder values to compare with). */
  readonly selected: readonly CatalogueAddon[];
  /** The values builder's output of a selected chart add-on (before overrides). */
  readonly blueprintOf: (addon: Addon) => Record<string, unknown>;
  /** Where charts are looked up. @default the chart cache only */
  readonly lookup?: ChartKeysLookup;
}

/** The closest of `known` to `key`, unless it differs in most of its letters (then it is no hint). */
function closest(key: string, known: readonly string[]): string | undefined {
  const best = known.map((k) => ({ k, d: editDistance(key.toLowerCase(), k.toLowerCase()) })).sort((a, b) => a.d - b.d || compareText(a.k, b.k))[0];
  return best && best.d <= Math.max(2, Math.ceil(Math.max(key.length, best.k.length) / 2)) ? best.k : undefined;
}

/** Refused keys (every one, all add-ons) and the add-ons whose keys could not be checked. */
export function overrideKeyIssues(input: OverrideKeysInput): { issues: SpecIssue[]; warnings: string[] } {
  const issues: SpecIssue[] = [];
  const warnings: string[] = [];
  const keysOf = (id: string): string[] => Object.keys(input.spec.addons.overrides[id] ?? {}).sort(compareText);
  for (const addon of input.catalogue) {
    if (isChartAddon(addon)) continue;
    for (const key of keysOf(addon.id)) {
      issues.push({
        path: overridePath(addon.id, [key]),
        problem: `${addon.id} is delivered as plain manifests, not a Helm chart: it has no values to override`,
        fix: `remove spec.addons.overrides.${addon.id}`,
      });
    }
  }
  for (const addon of input.selected) {
    if (!isChartAddon(addon) || keysOf(addon.id).length === 0) continue;
    const { chart } = addon;
    const found = chartTopKeys(chart, input.lookup);
    if (!found.found) {
      warnings.push(
        `${overridePath(addon.id, [])}: keys not checked, chart ${chart.chart} ${chart.version} is not in the chart cache ${found.dir}; ` +
          `fix: fetch it with: ${helmPullCommand(chart, found.dir)} (groundwork render checks every key against the chart)`,
      );
      continue;
    }
    const builder = Object.keys(input.blueprintOf(addon));
    const known = [...new Set([...builder, ...found.keys])].sort(compareText);
    for (const key of keysOf(addon.id).filter((k) => !known.includes(k))) {
      const near = closest(key, known);
      issues.push({
        path: overridePath(addon.id, [key]),
        problem: `"${key}" is not a value of ${addon.id}: neither our values nor chart ${chart.chart} ${chart.version} (values.yaml) has this top-level key, and Helm ignores a key no template reads`,
        fix: near ? `use "${near}" (the closest top-level key ${addon.id} knows)` : `remove it, or use one of the top-level keys ${addon.id} knows: ${known.join(', ')}`,
      });
    }
  }
  return { issues, warnings };
}
