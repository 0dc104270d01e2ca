/**
 * Every problem at once: a spec with shape errors still gets its add-on selection, tenant and
 * cross-field problems reported, through the best-effort `partial` spec of a failed validation.
 */
import { Platform } from '../../lib/blueprint/platform';
import { SpecValidationError } from '../../lib/spec/errors';
import { validateSpec } from '../../lib/spec/validate';
import { prod } from './helpers';

function problemsOf(input: unknown): string[] {
  try {
    Platform.fromUnknown(input);
  } catch (error) {
    expect(error).toBeInstanceOf(SpecValidationError);
    return (error as SpecValidationError).issues.map((i) => `${i.path}: ${i.problem}`);
  }
  throw new Error('expected the spec to be refused');
}

describe('all problems at once', () => {
  it('reports a shape error and an add-on dependency error together', () => {
    const spec = structuredClone(prod) as Record<string, any>;
    spec.tags = { 'cost-center': 42 };
    spec.addons.disabled = ['cert-manager'];
    const problems = problemsOf(spec);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^spec\.tags\.cost-center: /),
        expect.stringMatching(/^spec\.addons\.disabled: add-on "[a-z-]+" depends on "cert-manager", which is not enabled/),
      ]),
    );
  });

  it('reports tenant editor problems with shape errors, in the same format', () => {
    const spec = structuredClone(prod) as Record<string, any>;
    spec.nodePools[1].diskSizeGiB = 'big';
    spec.tenants[0].editors = ['Team A', 'team-a'];
    expect(problemsOf(spec)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^spec\.nodePools\[1\]\.diskSizeGiB: /), expect.stringMatching(/^spec\.tenants\[0\]\.editors\[1\]: groups "Team A" .* both map to the RoleBinding "edit-team-a"/)]),
    );
  });

  it('sets aside invalid optional fields, array elements and unknown keys in the partial spec', () => {
    const spec = structuredClone(prod) as Record<string, any>;
    spec.nodePools[1].diskSizeGiB = 'big';
    spec.nodePools[2].role = 'workers';
    spec.tenants.push({ name: 7 });
    spec.colour = 'blue';
    const result = validateSpec(spec);
    expect(result.ok).toBe(false);
    const partial = result.ok ? undefined : result.partial;
    expect(partial?.nodePools.map((p) => [p.name, p.diskSizeGiB])).toEqual([
      ['system', 100],
      ['spot-general', 50],
    ]);
    expect(partial?.tenants.map((t) => t.name)).toEqual(['team-a', 'team-b', 'payments']);
  });

  it('gives no partial spec when a required top-level field is wrong', () => {
    const spec = structuredClone(prod) as Record<string, any>;
    delete spec.tier;
    const result = validateSpec(spec);
    expect(result.ok ? 'ok' : result.partial).toBeUndefined();
  });

  it('gives a partial spec when only cross-field rules fail', () => {
    const result = validateSpec({ ...prod, availabilityZones: 2 });
    expect(result.ok ? undefined : result.partial?.availabilityZones).toBe(2);
  });
});
