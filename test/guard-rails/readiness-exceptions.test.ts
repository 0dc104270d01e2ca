/**
 * A guard-rail exception for an add-on's pod privileges covers the Pod Security findings of
 * exactly the pods that add-on's release renders — not another release's, not other checks.
 */
import type { AppliedException } from '../../lib/guard-rails';
import { readinessExceptionsOf } from '../../lib/guard-rails';
import { covers } from '../../lib/readiness';

const applied = (guardRail: AppliedException['guardRail'], target: string): AppliedException => ({
  guardRail,
  target,
  reason: 'vendor debugging needs it for a week',
  approvedBy: 'SEC-1',
  violations: [{ guardRail, target, path: `spec.addons.overrides.${target}.securityContext.privileged`, problem: 'privileged', fix: 'remove it' }],
});

const releases = [
  {
    release: 'cert-manager',
    namespace: 'cert-manager',
    objects: [
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'cert-manager' } },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'cert-manager' } },
      { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'startupapicheck', namespace: 'cert-manager' } },
    ],
  },
  { release: 'karpenter', namespace: 'karpenter', objects: [{ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'karpenter' } }] },
];

describe('readiness exceptions from guard-rail exceptions', () => {
  it('covers the pod-owning objects of the excepted release only, for every Pod Security check', () => {
    const exceptions = readinessExceptionsOf([applied('platform-pod-privileges', 'cert-manager')], releases);
    expect(exceptions.map((e) => [e.check, e.object])).toEqual([
      ['pod-security.*', 'Deployment/cert-manager/cert-manager'],
      ['pod-security.*', 'Job/cert-manager/startupapicheck'],
    ]);
    expect(exceptions[0].reason).toBe('spec exception platform-pod-privileges cert-manager (approved by SEC-1): vendor debugging needs it for a week');
    const finding = (check: string, object: string) => ({ check, object, problem: 'p', fix: 'f' });
    expect(covers(exceptions[0], finding('pod-security.privileged', 'Deployment/cert-manager/cert-manager'))).toBe(true);
    expect(covers(exceptions[0], finding('availability.replicas', 'Deployment/cert-manager/cert-manager'))).toBe(false);
    expect(covers(exceptions[0], finding('pod-security.privileged', 'Deployment/karpenter/karpenter'))).toBe(false);
  });

  it('ignores guard rails that are not about pod security', () => {
    expect(readinessExceptionsOf([applied('mesh-mtls', 'istiod'), applied('ingress-snippets', 'cert-manager')], releases)).toEqual([]);
  });
});
