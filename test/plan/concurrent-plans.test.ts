/**
 * Pulumi's mock runtime is process-global: two offline plans started together must each get
 * their own resources, exactly as when planned one after the other.
 */
import { Platform } from '../../lib/blueprint/platform';
import { planPlatform } from '../../lib/plan/plan-platform';
import { toCloudJson } from '../../lib/plan/planner';
import { dev, staging } from '../../stacks/environments';
import * as pulumi from '@pulumi/pulumi';
import { plannedOnce } from '../support/rendered';

/** A one-resource program: the queue works after a refusal or a failure. */
const probe = (): void => {
  new pulumi.ComponentResource('groundwork:test:Probe', 'probe');
};

describe('concurrent offline plans', () => {
  it('Promise.all of two plans gives each environment its own plan, equal to planning them in turn', async () => {
    const [d, s] = [Platform.fromSpec(dev), Platform.fromSpec(staging)];
    const [together1, together2] = await Promise.all([planPlatform(d), planPlatform(s)]);
    // Planned one after the other (the tests' plan cache, filled by sequential plans).
    const alone1 = await plannedOnce(d, dev);
    const alone2 = await plannedOnce(s, staging);
    expect(toCloudJson(together1)).toEqual(toCloudJson(alone1));
    expect(toCloudJson(together2)).toEqual(toCloudJson(alone2));
    expect(together1.some((r) => r.name.startsWith('staging'))).toBe(false);
  }, 120_000);

  it('refuses a plan started from inside another plan\'s program, instead of deadlocking or merging', async () => {
    const { planProgram } = await import('../../lib/plan/planner');
    const account = { region: 'eu-west-1', accountId: '111111111111' };
    let inner: Promise<unknown> | undefined;
    const outer = planProgram('outer', account, () => {
      inner = planProgram('inner', account, () => undefined);
      inner.catch(() => undefined); // asserted below
    });
    await expect(outer).resolves.toEqual([]);
    await expect(inner).rejects.toThrow('planProgram("inner") was called from inside the program of plan "outer": plans cannot nest');
    // The refusal leaves the queue usable.
    expect((await planProgram('after', account, probe)).map((r) => r.name)).toEqual(['probe']);
  }, 120_000);

  it('a failing plan does not block the next one', async () => {
    const { planProgram } = await import('../../lib/plan/planner');
    await expect(
      planProgram('broken', { region: 'eu-west-1', accountId: '111111111111' }, () => {
        throw new Error('program failed');
      }),
    ).rejects.toThrow('program failed');
    expect((await planProgram('next', { region: 'eu-west-1', accountId: '111111111111' }, probe)).map((r) => r.name)).toEqual(['probe']);
  }, 120_000);
});
