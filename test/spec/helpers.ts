import type { SpecIssue } from '../../lib/spec/errors';
import type { EnvironmentSpec } from '../../lib/spec/types';
import { validateSpec } from '../../lib/spec/validate';
import { dev, prod } from '../../stacks/environments';

/** Issues of a copy of `base` changed by `change` (which may return a whole new object). */
export function issuesOf(change: (spec: Record<string, any>) => unknown, base: EnvironmentSpec = prod): SpecIssue[] {
  const copy = structuredClone(base) as Record<string, any>;
  const returned = change(copy) as Record<string, any> | undefined;
  // Mutators usually return an assignment's value; only a whole spec replaces the copy.
  const changed = returned && typeof returned === 'object' && 'tier' in returned ? returned : copy;
  const result = validateSpec(changed);
  return result.ok ? [] : result.issues;
}

export { dev, prod };
