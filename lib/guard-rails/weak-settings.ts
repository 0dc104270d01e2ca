/**
 * Named settings of one add-on that weaken a guard rail when an override changes them (snippet
 * annotations, policy enforcement off, sidecar bypasses…). A setting is flagged only when the
 * delivered value is weak and the blueprint's is not.
 */
import type { AddonId } from '../spec/types';
import { addonValues, overridePath, valueAt } from './addon-values';
import type { GuardRailId } from './ids';
import type { GuardRailInput, GuardRailViolation } from './violation';

/** A value of an add-on that must not be weakened. */
export interface WeakSetting {
  /** Where it is in the add-on's values (keys; some contain dots or dashes, so not a dotted string). */
  readonly path: readonly string[];
  /** Why `value` weakens the guard rail, or undefined when it does not; `blueprint` is the blueprint's value. */
  readonly weakens: (value: unknown, blueprint: unknown) => string | undefined;
  /** How to keep the baseline. */
  readonly fix: string;
}

/** Violations of `guardRail` among `settings` of the add-on `id` (none when it is not selected). */
export function weakenedSettings(input: GuardRailInput, guardRail: GuardRailId, id: AddonId, settings: readonly WeakSetting[]): GuardRailViolation[] {
  // Without overrides the delivered values are the blueprint's: nothing can be weakened.
  const values = Object.keys(input.spec.addons.overrides[id] ?? {}).length > 0 ? addonValues(input, id) : undefined;
  if (!values) return [];
  const violations: GuardRailViolation[] = [];
  for (const setting of settings) {
    const blueprint = valueAt(values.blueprint, setting.path);
    const problem = setting.weakens(valueAt(values.merged, setting.path), blueprint);
    if (problem === undefined || setting.weakens(blueprint, blueprint) !== undefined) continue;
    violations.push({ guardRail, target: id, path: overridePath(id, setting.path), problem: `${id}: ${problem}`, fix: setting.fix, concerns: { addon: id } });
  }
  return violations;
}
