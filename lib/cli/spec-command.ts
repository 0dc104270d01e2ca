/**
 * `groundwork spec --env NAME`: the resolved spec of a stock environment, printed in the form
 * `--spec` accepts back, so a team can start from it.
 */
import type { Platform } from '../blueprint/platform';
import { toCanonicalJson } from '../blueprint/canonical';
import type { EnvironmentSpec, ResolvedSpec } from '../spec/types';

/** A resolved spec as an input spec: every default written out, derived fields dropped. */
export function toEnvironmentSpec(resolved: ResolvedSpec): EnvironmentSpec {
  // `profile` is derived from the tier; everything else is a valid input field.
  const { profile: _profile, ...input } = resolved;
  void _profile;
  return JSON.parse(JSON.stringify(input)) as EnvironmentSpec; // drops undefined fields
}

/** The JSON text printed by `groundwork spec`. */
export function specJson(platform: Platform): string {
  return toCanonicalJson(toEnvironmentSpec(platform.spec));
}
