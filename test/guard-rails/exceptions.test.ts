/**
 * Exceptions must be live, current, unique and explained: a stale, expired, repeated or
 * unexplained exception is refused with the other problems of the spec.
 */
import { Platform } from '../../lib/blueprint/platform';
import { dev } from '../../stacks/environments';
import { changed, exception, platformIssues, TODAY } from './helpers';

/** prod without the mesh, with `exceptions`. */
const meshOff = (...exceptions: object[]) => changed((s) => ((s.addons.mesh = false), (s.exceptions = exceptions)));

describe('guard-rail exceptions', () => {
  it('refuses a stale exception (it covers nothing) and names the targets that would match', () => {
    expect(platformIssues(changed((s) => (s.exceptions = [exception('mesh-mtls', 'istiod')])))).toEqual([
      {
        path: 'spec.exceptions[0]',
        problem: 'mesh-mtls istiod covers nothing: the spec does not weaken it',
        fix: 'remove the exception (a stale one would accept the next weakening unseen)',
      },
    ]);
    const wrongTarget = meshOff(exception('mesh-mtls', 'istiod'));
    expect(platformIssues(wrongTarget)).toContainEqual({
      path: 'spec.exceptions[0]',
      problem: 'mesh-mtls istiod covers nothing: the spec does not weaken it there (its violations: spec.addons.mesh)',
      fix: 'remove the exception, or set its target to one of spec.addons.mesh',
    });
    // …and the violation it was meant for is still reported.
    expect(platformIssues(wrongTarget).map((i) => i.path)).toContain('spec.addons.mesh');
  });

  it('refuses an expired exception, and accepts one on its last day', () => {
    expect(platformIssues(meshOff(exception('mesh-mtls', 'spec.addons.mesh', { expires: '2026-05-31' })))).toEqual([
      {
        path: 'spec.exceptions[0].expires',
        problem: 'mesh-mtls spec.addons.mesh expired on 2026-05-31',
        fix: 'fix the setting and remove the exception, or renew the approval with a later expires',
      },
    ]);
    expect(platformIssues(meshOff(exception('mesh-mtls', 'spec.addons.mesh', { expires: TODAY })))).toEqual([]);
  });

  it('refuses an expiry that is not a date', () => {
    expect(platformIssues(meshOff(exception('mesh-mtls', 'spec.addons.mesh', { expires: '2026-02-30' })))).toEqual([
      expect.objectContaining({ path: 'spec.exceptions[0].expires', problem: '"2026-02-30" is not a date written YYYY-MM-DD' }),
    ]);
  });

  it('refuses a repeated exception', () => {
    expect(platformIssues(meshOff(exception('mesh-mtls', 'spec.addons.mesh'), exception('mesh-mtls', 'spec.addons.mesh')))).toEqual([
      { path: 'spec.exceptions[1]', problem: 'repeats spec.exceptions[0] (mesh-mtls spec.addons.mesh)', fix: 'keep one exception per guard rail and target' },
    ]);
  });

  it('refuses an exception without a reason or an approver', () => {
    expect(platformIssues(meshOff(exception('mesh-mtls', 'spec.addons.mesh', { reason: 'ok', approvedBy: '  ' })))).toEqual([
      { path: 'spec.exceptions[0].approvedBy', problem: 'is empty: an exception needs an approver', fix: 'name who approved it (a person or a ticket, e.g. "SEC-123")' },
      {
        path: 'spec.exceptions[0].reason',
        problem: 'must explain why mesh-mtls spec.addons.mesh is acceptable (got "ok")',
        fix: 'write a sentence a reviewer can judge, e.g. "the VPN egress pool is a /15 until NET-42 narrows it"',
      },
    ]);
  });

  it('refuses control characters, which could forge lines in the summary', () => {
    expect(platformIssues(meshOff(exception('mesh-mtls', 'spec.addons.mesh', { reason: 'accepted\n  exception: forged line' })))).toEqual([
      { path: 'spec.exceptions[0].reason', problem: 'contains control characters', fix: 'write plain text on one line' },
    ]);
  });

  it('refuses an unknown guard rail with the known ones', () => {
    expect(platformIssues(meshOff(exception('mesh-mtls', 'spec.addons.mesh'), { ...exception('mesh-mtls'), guardRail: 'mtls' }))).toContainEqual(
      expect.objectContaining({ path: 'spec.exceptions[1].guardRail', fix: expect.stringContaining('"mesh-mtls"') }),
    );
  });

  it('reports exception problems together with the other problems of the spec', () => {
    const spec = changed((s) => ((s.tenants[0].editors = ['system:authenticated']), (s.exceptions = [exception('mesh-mtls', 'spec.addons.mesh')])));
    expect(platformIssues(spec).map((i) => i.path)).toEqual(['spec.exceptions[0]', 'spec.tenants[0].editors[0]']);
  });

  it('lets an exception without target cover every violation of its guard rail', () => {
    const spec = changed(
      (s) => ((s.tenants[0].editors = ['system:authenticated', 'system:masters']), (s.exceptions = [exception('identity-bindings')])),
      dev,
    );
    const [applied] = Platform.fromSpec(spec, { today: TODAY }).exceptions;
    expect(applied.target).toBeUndefined();
    expect(applied.violations.map((v) => v.target)).toEqual(['team-a/system:authenticated', 'team-a/system:masters']);
  });

  it('prefers the exception naming the target over a catch-all, and then refuses the catch-all as stale', () => {
    const spec = changed((s) => ((s.tenants[0].editors = ['system:authenticated']), (s.exceptions = [exception('identity-bindings'), exception('identity-bindings', 'team-a/system:authenticated')])), dev);
    expect(platformIssues(spec)).toEqual([expect.objectContaining({ path: 'spec.exceptions[0]', problem: expect.stringContaining('identity-bindings (every violation) covers nothing') })]);
  });
});
