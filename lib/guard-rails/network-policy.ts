/**
 * `network-policy`: the tenants' default-deny NetworkPolicies are only as good as their
 * enforcement. With `cni: 'vpc-cni'` the VPC CNI's agent enforces them (no spec setting turns it
 * off); with `cni: 'cilium'` that agent is switched off and Cilium alone enforces them.
 */
import type { GuardRailRule, GuardRailViolation } from './violation';
import { weakenedSettings, type WeakSetting } from './weak-settings';

const SETTINGS: readonly WeakSetting[] = [
  {
    path: ['policyEnforcementMode'],
    weakens: (v) => (v === 'never' ? 'policyEnforcementMode "never" stops enforcing every NetworkPolicy (the tenants\' default-deny included)' : undefined),
    fix: 'remove the override (mode "default" enforces every NetworkPolicy)',
  },
  {
    path: ['policyAuditMode'],
    weakens: (v) => (v === true ? 'policyAuditMode: true only logs what NetworkPolicies would drop' : undefined),
    fix: 'remove the override',
  },
];

export const networkPolicy: GuardRailRule = (input) => {
  const violations: GuardRailViolation[] = weakenedSettings(input, 'network-policy', 'cilium', SETTINGS);
  const { addons } = input.spec;
  const index = addons.disabled.indexOf('cilium');
  if (addons.cni === 'cilium' && index >= 0) {
    violations.push({
      guardRail: 'network-policy',
      target: 'cilium',
      path: `spec.addons.disabled[${index}]`,
      problem: 'cni "cilium" switches the VPC CNI\'s network policy agent off, and disabling cilium leaves no component enforcing NetworkPolicies (the tenants\' default-deny)',
      fix: `remove "cilium" from spec.addons.disabled, or set addons.cni: 'vpc-cni'`,
    });
  }
  return violations;
};
