/**
 * Ids of the add-on catalogue, known to the spec layer so `addons.disabled` and
 * `addons.overrides` can be validated (the catalogue itself lives in lib/addons, above the spec).
 * A new add-on adds its id here; `lib/addons/overrides.ts` fails to compile until it also has a
 * values type, and the catalogue test until it is in the catalogue.
 */
export const ADDON_IDS = [
  'argo-cd',
  'aws-load-balancer-controller',
  'cert-manager',
  'cilium',
  'cluster-autoscaler',
  'external-dns',
  'external-secrets',
  'falco',
  'fluent-bit',
  'gateway-api-crds',
  'ingress-nginx',
  'istio-base',
  'istio-cni',
  'istio-ingressgateway',
  'istiod',
  'karpenter',
  'karpenter-crd',
  'kube-prometheus-stack',
  'loki',
  'metrics-server',
  'opentelemetry-collector',
  'tempo',
  'trivy-operator',
  'velero',
] as const;

/** An add-on id. */
export type AddonId = (typeof ADDON_IDS)[number];
