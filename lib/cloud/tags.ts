/**
 * Tags every taggable AWS resource of an environment carries: the user's (cost centre, data
 * classification…) plus ours, so cost reports and clean-up scripts can find everything we own.
 */
import { ENVIRONMENT_LABEL } from '../spec/labels';
import type { ResolvedSpec } from '../spec/types';

/** Tags of `spec`'s resources, with `extra` (e.g. `Name`) merged last; keys sorted for stable plans. */
export function cloudTags(spec: Pick<ResolvedSpec, 'name' | 'tags'>, extra: Record<string, string> = {}): Record<string, string> {
  const merged: Record<string, string> = {
    ...spec.tags,
    // Ours win over user tags: discovery and ownership must not be overridable by accident.
    [ENVIRONMENT_LABEL]: spec.name,
    'managed-by': 'groundwork',
    ...extra,
  };
  return Object.fromEntries(Object.keys(merged).sort().map((k) => [k, merged[k]]));
}
