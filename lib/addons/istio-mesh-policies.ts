/**
 * Mesh-wide security and resilience defaults, applied once istiod's CRDs exist:
 * STRICT mutual TLS everywhere, deny-by-default authorization in every tenant namespace (with
 * same-namespace traffic and the ingress entry point allowed), and a default DestinationRule
 * with outlier detection and connection limits (TLS left to auto-mTLS).
 */
import { PeerAuthentication } from '@kubernetes-models/istio/security.istio.io/v1beta1/PeerAuthentication';
import { AuthorizationPolicy } from '@kubernetes-models/istio/security.istio.io/v1/AuthorizationPolicy';
import { DestinationRule } from '@kubernetes-models/istio/networking.istio.io/v1beta1/DestinationRule';
import type { Construct } from 'constructs';
import { emitModel } from '../k8s/model-object';
import { groundworkLabels } from '../k8s/object-labels';
import { addTenantDeployRoles } from '../k8s/tenant-deploy-roles';
import type { AddonContext } from './addon';
import { GATEWAY_SERVICE_ACCOUNT, ISTIO_NAMESPACE, meshPrincipal } from './istio-common';
import { INGRESS_NGINX_NAMESPACE } from './wildcard-certificate';
import { compareText } from '../spec/order';

/** Service account of the ingress-nginx controller (the chart names it after the release). */
const INGRESS_NGINX_SERVICE_ACCOUNT = 'ingress-nginx';

/** Principals of the north-south entry points that may call into tenant namespaces. */
export function ingressPrincipals(ctx: AddonContext): string[] {
  const principals: string[] = [];
  if (ctx.enabled.has('istio-ingressgateway')) principals.push(meshPrincipal(ISTIO_NAMESPACE, GATEWAY_SERVICE_ACCOUNT));
  if (ctx.enabled.has('ingress-nginx')) principals.push(meshPrincipal(INGRESS_NGINX_NAMESPACE, INGRESS_NGINX_SERVICE_ACCOUNT));
  return principals.sort();
}

/** Emit the mesh policies into `scope`. */
export function configureMeshPolicies(scope: Construct, ctx: AddonContext): void {
  // In the root namespace, a selector-less PeerAuthentication applies to the whole mesh.
  emitModel(
    scope,
    'mesh-mtls',
    new PeerAuthentication({ metadata: { name: 'default', namespace: ISTIO_NAMESPACE }, spec: { mtls: { mode: 'STRICT' } } }),
  );
  emitModel(
    scope,
    'mesh-destination-defaults',
    new DestinationRule({
      metadata: { name: 'mesh-defaults', namespace: ISTIO_NAMESPACE },
      spec: {
        host: '*.local',
        // No `tls` block: a DestinationRule that sets tls.mode replaces Istio's auto-mTLS for every
        // host it matches, so meshed clients would send mTLS to endpoints without a sidecar too
        // (kubernetes.default, HTTP01 solver pods, anything not injected) and fail. Auto-mTLS already
        // sends Istio mTLS to every sidecar, and the STRICT PeerAuthentication above enforces it.
        trafficPolicy: {
          connectionPool: {
            tcp: { maxConnections: 1024, connectTimeout: '5s' },
            http: { http1MaxPendingRequests: 1024, http2MaxRequests: 1024, maxRetries: 3 },
          },
          // Eject endpoints that keep failing instead of sending them a share of every request.
          outlierDetection: { consecutive5xxErrors: 5, interval: '10s', baseEjectionTime: '30s', maxEjectionPercent: 50 },
        },
      },
    }),
  );
  // Teams write their own workload policies (ProductionService): the edit/view rights on them live here, with the CRDs' first config.
  addTenantDeployRoles(scope, ctx.spec.name, 'istio-security');
  const entryPoints = ingressPrincipals(ctx);
  // The platform's label: once tenants may write AuthorizationPolicies, groundwork-platform-objects keeps these two theirs to read only.
  const labels = groundworkLabels(ctx.spec.name);
  for (const tenant of [...ctx.spec.tenants].sort((a, b) => compareText(a.name, b.name))) {
    // An ALLOW policy with no rules matches nothing: everything not allowed below is denied.
    emitModel(scope, `${tenant.name}-default-deny`, new AuthorizationPolicy({ metadata: { name: 'default-deny', namespace: tenant.name, labels }, spec: {} }));
    emitModel(
      scope,
      `${tenant.name}-allow`,
      new AuthorizationPolicy({
        metadata: { name: 'allow-same-namespace-and-ingress', namespace: tenant.name, labels },
        spec: {
          action: 'ALLOW',
          rules: [
            { from: [{ source: { namespaces: [tenant.name] } }] },
            ...(entryPoints.length > 0 ? [{ from: [{ source: { principals: entryPoints } }] }] : []),
          ],
        },
      }),
    );
  }
}
