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
  // A tenant without roles resolves to three empty access lists; written back, that block would
  // read as "access that grants nobody" (refused), so it is left out, as the team wrote it.
  const tenants = input.tenants.map(({ access, ...tenant }) =>
    access.admins.length + access.developers.length + access.viewers.length === 0 ? tenant : { ...tenant, access },
  );
  return JSON.parse(JSON.stringify({ ...input, tenants })) as EnvironmentSpec; // drops undefined fields
}

/** The JSON text printed by `groundwork spec`. */
export function specJson(platform: Platform): string {
  return toCanonicalJson(toEnvironmentSpec(platform.spec));
}
