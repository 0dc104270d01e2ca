/**
 * Karpenter's CRDs (NodePool, NodeClaim, EC2NodeClass, NodeOverlay, CapacityBuffer) as their own
 * release of upstream's `karpenter-crd` chart. The karpenter chart also carries them in `crds/`,
 * but Helm installs that folder once and never upgrades it, so a controller upgrade would run
 * against stale schemas; here they are templates, upgraded with every chart bump. The karpenter
 * add-on depends on this one and skips its own `crds/`.
 */
import { CHART_VERSIONS } from '../spec/versions';
import type { Addon } from './addon';

/** Chart values of karpenter-crd 1.14 (its values.yaml declares only this key; we set nothing). */
export interface KarpenterCrdValues {
  /** Annotations added to every CRD. @default {} */
  additionalAnnotations?: Record<string, string>;
}

/** Namespace of Karpenter's releases; upstream installs both charts into the same one. */
export const KARPENTER_NAMESPACE = 'karpenter';

export const karpenterCrd: Addon<KarpenterCrdValues> = {
  id: 'karpenter-crd',
  description: 'Karpenter CRDs as their own release, so Helm upgrades them with every chart bump',
  chart: CHART_VERSIONS['karpenter-crd'],
  namespace: KARPENTER_NAMESPACE,
  // Only CRDs: no pods to place.
  placement: 'none',
  dependsOn: () => [],
  isSelected: (spec) => spec.addons.autoscaler === 'karpenter',
  values: () => ({}),
};
