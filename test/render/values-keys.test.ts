/**
 * Every key path every release of every render target sets is one its pinned chart reads.
 * A failure here means Helm would silently ignore a value we believe we set.
 */
import { checkValuesKeys } from '../../lib/render/values-keys';
import { dev } from '../../stacks/environments';
import { renderedEnvironment } from '../support/rendered';
import { ALL_RENDER_TARGETS } from '../support/variants';

describe('values keys', () => {
  it.each(ALL_RENDER_TARGETS.map((t) => [t.name, t.spec] as const))('%s sets only keys its charts read', async (_name, spec) => {
    const { releases } = await renderedEnvironment(spec);
    expect(releases.length).toBeGreaterThan(0);
    expect(checkValuesKeys(releases).map((p) => `${p.release}: ${p.path}: ${p.problem}`)).toEqual([]);
  });
});

describe('a typo on purpose', () => {
  it('fails the check when an override sets a key the chart never reads', async () => {
    // Nested: a top-level typo is refused earlier, by spec validation (lib/blueprint/override-keys.ts).
    const typo = { ...dev, addons: { ...dev.addons, overrides: { 'metrics-server': { podDisruptionBudget: { enabeld: true } } } } };
    const { releases } = await renderedEnvironment(typo);
    expect(checkValuesKeys(releases)).toEqual([
      { release: 'metrics-server', path: 'podDisruptionBudget.enabeld', problem: expect.stringContaining('did you mean podDisruptionBudget.enabled?') },
    ]);
  });
});
