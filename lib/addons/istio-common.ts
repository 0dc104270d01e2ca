/**
 * Names shared by the Istio add-ons (base, cni, istiod, ingress gateway) and the mesh policies.
 */
import type { RuntimeManagedFields } from './addon';
import { ISTIO_GATEWAY_NAMESPACE } from './wildcard-certificate';

/** Namespace of the Istio control plane and its ingress gateway. */
export const ISTIO_NAMESPACE = ISTIO_GATEWAY_NAMESPACE;
/** Release name of the ingress gateway; the gateway chart labels its pods `istio: ingressgateway`. */
export const GATEWAY_RELEASE = 'istio-ingressgateway';
/** Pod labels of the ingress gateway (what an Istio `Gateway` selects). */
export const GATEWAY_POD_LABELS = { istio: 'ingressgateway' } as const;
/** Service account of the gateway pods (the chart names it after the release). */
export const GATEWAY_SERVICE_ACCOUNT = GATEWAY_RELEASE;

/** SPIFFE principal of a service account, as AuthorizationPolicy rules name workloads. */
export function meshPrincipal(namespace: string, serviceAccount: string): string {
  return `cluster.local/ns/${namespace}/sa/${serviceAccount}`;
}

/**
 * Webhook fields istiod rewrites at runtime: it injects its CA into every webhook it serves and
 * flips its validating webhooks' failurePolicy to Fail once it is ready. Under GitOps these would
 * show as drift forever and a sync would undo them; Argo CD ignores them.
 */
export const ISTIO_WEBHOOK_RUNTIME_FIELDS: readonly RuntimeManagedFields[] = [
  {
    group: 'admissionregistration.k8s.io',
    kind: 'ValidatingWebhookConfiguration',
    jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle', '.webhooks[]?.failurePolicy'],
    reason: 'istiod patches its CA bundle and sets failurePolicy: Fail once its validation server is ready',
  },
  {
    group: 'admissionregistration.k8s.io',
    kind: 'MutatingWebhookConfiguration',
    jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle'],
    reason: 'istiod patches its CA bundle into the sidecar injector webhook',
  },
];
