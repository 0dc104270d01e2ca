/**
 * Istio base: the mesh's CRDs and cluster-wide validation. Installed first so every later
 * Istio chart and configuration object finds its CRDs.
 */
import { CHART_VERSIONS } from '../spec/versions';
import type { Addon } from './addon';
import { ISTIO_NAMESPACE, ISTIO_WEBHOOK_RUNTIME_FIELDS } from './istio-common';

/** Chart values we set (istio/base 1.30; declared under `_internal_defaults_do_not_set`). */
export interface IstioBaseValues {
  /** Revision the default validating webhook points at. */
  defaultRevision: string;
}

export const istioBase: Addon<IstioBaseValues> = {
  id: 'istio-base',
  description: 'Istio CRDs and cluster-wide validation',
  chart: CHART_VERSIONS['istio-base'],
  namespace: ISTIO_NAMESPACE,
  placement: 'none',
  dependsOn: () => [],
  isSelected: (spec) => spec.addons.mesh,
  values: () => ({ defaultRevision: 'default' }),
  // Its default-revision validating webhook is served (and patched) by istiod.
  runtimeManagedFields: ISTIO_WEBHOOK_RUNTIME_FIELDS.filter((f) => f.kind === 'ValidatingWebhookConfiguration'),
};
