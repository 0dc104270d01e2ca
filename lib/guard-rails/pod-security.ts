/**
 * `pod-security`: groundwork creates each platform namespace with the Pod Security level its
 * add-ons need (`restricted` outside kube-system, which EKS runs `privileged`). The level is
 * weakened when a catalogue add-on asks a looser level for a namespace of its own, or when an
 * override installs the chart's objects into another namespace, whose level groundwork does not set.
 */
import { namespacesOf } from '../addons/addon';
import type { GuardRailRule, GuardRailViolation } from './violation';
import { weakenedSettings, type WeakSetting } from './weak-settings';

/** EKS's own namespace: privileged, and not labelled by groundwork. */
const EKS_NAMESPACE = 'kube-system';

/** Chart keys that move a release's objects out of the namespace it is installed into. */
const RELOCATIONS: ReadonlyArray<readonly string[]> = [['namespaceOverride'], ['global', 'namespaceOverride'], ['namespace']];

export const podSecurity: GuardRailRule = (input) => {
  const violations: GuardRailViolation[] = [];
  for (const addon of input.selection.ordered) {
    const level = addon.podSecurity ?? 'restricted';
    // A catalogue add-on may loosen a namespace of its own only with a reviewed reason (node agents reading host paths).
    for (const namespace of namespacesOf(addon)) {
      const wanted = namespace.podSecurity ?? 'restricted';
      if (namespace.name === EKS_NAMESPACE || wanted === 'restricted' || namespace.podSecurityReason) continue;
      violations.push({
        guardRail: 'pod-security',
        target: addon.id,
        path: `addons.${addon.id}.podSecurity`,
        problem: `${addon.id} lowers Pod Security of namespace ${namespace.name} to "${wanted}"`,
        fix: 'make the chart\'s pods comply with "restricted" (the catalogue entry\'s podSecurity)',
        concerns: { addon: addon.id },
      });
    }
    const settings: WeakSetting[] = RELOCATIONS.map((path) => ({
      path,
      weakens: (v) =>
        typeof v === 'string' && v !== '' && v !== addon.namespace
          ? `${path.join('.')} "${v}" installs the chart's pods outside ${addon.namespace} (Pod Security "${level}"), into a namespace whose level groundwork does not set`
          : undefined,
      fix: `remove the override: the add-on's pods run in ${addon.namespace}`,
    }));
    violations.push(...weakenedSettings(input, 'pod-security', addon.id, settings));
  }
  return violations;
};
