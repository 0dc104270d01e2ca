/**
 * Test helpers: a spec changed from a stock one, judged by `Platform.fromSpec` (validation,
 * selection and guard rails together) on a fixed date.
 */
import type { CatalogueAddon } from '../../lib/addons/addon';
import { Platform } from '../../lib/blueprint/platform';
import { SpecValidationError, type SpecIssue } from '../../lib/spec/errors';
import type { EnvironmentSpec, GuardRailExceptionSpec } from '../../lib/spec/types';
import { prod } from '../../stacks/environments';

/** The date every guard-rail test judges expiries on. */
export const TODAY = '2026-06-01';

/** A copy of `base` changed by `change` (mutate it, or return a whole new spec). */
export function changed(change: (spec: Record<string, any>) => unknown, base: EnvironmentSpec = prod): EnvironmentSpec {
  const copy = structuredClone(base) as Record<string, any>;
  const returned = change(copy) as Record<string, any> | undefined;
  return (returned && typeof returned === 'object' && 'tier' in returned ? returned : copy) as EnvironmentSpec;
}

/** The issues `Platform.fromSpec` reports for `spec` ([] when it is accepted). */
export function platformIssues(spec: EnvironmentSpec, catalogue?: readonly CatalogueAddon[]): SpecIssue[] {
  try {
    Platform.fromSpec(spec, { today: TODAY, ...(catalogue ? { catalogue } : {}) });
    return [];
  } catch (error) {
    if (error instanceof SpecValidationError) return error.issues;
    throw error;
  }
}

/** Issues of one guard rail (by the `(guard rail <id>)` its messages end with). */
export function guardRailIssues(spec: EnvironmentSpec, id: string, catalogue?: readonly CatalogueAddon[]): SpecIssue[] {
  return platformIssues(spec, catalogue).filter((i) => i.problem.endsWith(`(guard rail ${id})`));
}

/** An exception with a reason and an approver. */
export function exception(guardRail: GuardRailExceptionSpec['guardRail'], target?: string, extra: Partial<GuardRailExceptionSpec> = {}): GuardRailExceptionSpec {
  return { guardRail, ...(target !== undefined ? { target } : {}), reason: 'accepted for the migration window of PLAT-7', approvedBy: 'SEC-123', ...extra };
}
