/**
 * The contract between cert-manager (which issues the environment's wildcard certificate) and
 * the ingress in use (which serves it). Both sides derive names from here, so the Secret the
 * ingress points at is always the one cert-manager writes.
 */
import type { ResolvedSpec } from '../spec/types';

/** Namespace ingress-nginx runs in. */
export const INGRESS_NGINX_NAMESPACE = 'ingress-nginx';
/** Namespace of the Istio ingress gateway. */
export const ISTIO_GATEWAY_NAMESPACE = 'istio-system';

/** Name of the wildcard Certificate, e.g. `prod-wildcard`. */
export function wildcardCertificateName(spec: Pick<ResolvedSpec, 'name'>): string {
  return `${spec.name}-wildcard`;
}

/** Name of the Secret holding the wildcard certificate, e.g. `prod-wildcard-tls`. */
export function wildcardSecretName(spec: Pick<ResolvedSpec, 'name'>): string {
  return `${wildcardCertificateName(spec)}-tls`;
}

/**
 * Namespace the wildcard certificate lives in: the ingress's own namespace, because neither
 * ingress-nginx's default certificate nor an Istio Gateway's credentialName can read a Secret
 * from another namespace.
 */
export function wildcardNamespace(spec: Pick<ResolvedSpec, 'addons'>): string {
  return spec.addons.ingress === 'ingress-nginx' ? INGRESS_NGINX_NAMESPACE : ISTIO_GATEWAY_NAMESPACE;
}
