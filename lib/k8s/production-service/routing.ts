/**
 * Public traffic through the platform's edge. Gateway API edge: one `HTTPRoute` attached to the
 * edge Gateway's HTTPS listener (the listener admits routes from tenant namespaces only), its
 * backendRefs weighted stable/canary. ingress-nginx edge: an `Ingress` of the nginx class, and
 * for a canary the controller's own mechanism, a second Ingress marked canary with its weight.
 */
import { ApiObject } from 'cdk8s';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import type { Construct } from 'constructs';
import { GATEWAY_API_GROUP, GATEWAY_API_VERSION_V1, type HTTPRouteObject, type PathPrefixMatch } from '../../addons/gateway-api-model';
import { emitModel } from '../model-object';
import type { PlatformFacts } from './platform';
import { PRODUCTION_SERVICE_DEFAULTS, type ResolvedServiceProps } from './props';
import { objectLabels, tracks, type Track } from './workload';

/** A weighted Service backend of an HTTPRoute rule. */
export interface ServiceBackendRef {
  group: '';
  kind: 'Service';
  name: string;
  port: number;
  /** Share of the rule's requests (the weights of a rule need not sum to anything; ours sum to 100). */
  weight: number;
}

/** gateway.networking.k8s.io/v1 HTTPRoute to a service's backends (the fields we set). */
export type ServiceHTTPRouteObject = HTTPRouteObject<{ matches: PathPrefixMatch[]; backendRefs: ServiceBackendRef[] }>;

/** Percent of edge traffic per track: the canary's weight, the rest to stable (sum 100). */
export function trackWeights(p: ResolvedServiceProps): Array<{ track: Track; weight: number }> {
  const canary = p.canary?.weight ?? 0;
  return tracks(p).map((track) => ({ track, weight: track.track === 'canary' ? canary : 100 - canary }));
}

/** The service's HTTPRoute on a Gateway API edge. */
export function serviceHttpRoute(facts: PlatformFacts, p: ResolvedServiceProps): ServiceHTTPRouteObject | undefined {
  const edge = facts.edge;
  if (edge.kind !== 'gateway' || !p.expose) return undefined;
  return {
    apiVersion: GATEWAY_API_VERSION_V1,
    kind: 'HTTPRoute',
    metadata: { name: p.name, namespace: p.namespace, labels: objectLabels(facts, p) },
    spec: {
      parentRefs: [{ group: GATEWAY_API_GROUP, kind: 'Gateway', name: edge.name, namespace: edge.namespace, sectionName: edge.sectionName }],
      hostnames: [...p.hostnames],
      rules: [
        {
          matches: [{ path: { type: 'PathPrefix', value: p.pathPrefix } }],
          backendRefs: trackWeights(p).map(({ track, weight }) => ({ group: '', kind: 'Service', name: track.name, port: PRODUCTION_SERVICE_DEFAULTS.servicePort, weight })),
        },
      ],
    },
  };
}

function ingresses(scope: Construct, facts: PlatformFacts, p: ResolvedServiceProps, className: string): void {
  for (const { track, weight } of trackWeights(p)) {
    const canary = track.track === 'canary';
    emitModel(scope, `${track.track}-ingress`, new Ingress({
      metadata: {
        name: track.name,
        namespace: p.namespace,
        labels: objectLabels(facts, p),
        // ingress-nginx splits a host's traffic between the main Ingress and one marked canary.
        ...(canary ? { annotations: { 'nginx.ingress.kubernetes.io/canary': 'true', 'nginx.ingress.kubernetes.io/canary-weight': String(weight) } } : {}),
      },
      spec: {
        ingressClassName: className,
        // No secretName: the controller serves the platform's wildcard certificate by default.
        tls: [{ hosts: [...p.hostnames] }],
        rules: p.hostnames.map((host) => ({
          host,
          http: { paths: [{ path: p.pathPrefix, pathType: 'Prefix', backend: { service: { name: track.name, port: { number: PRODUCTION_SERVICE_DEFAULTS.servicePort } } } }] },
        })),
      },
    }));
  }
}

/** The route (Gateway API) or Ingresses (ingress-nginx) of an exposed service. */
export function addRouting(scope: Construct, facts: PlatformFacts, p: ResolvedServiceProps): void {
  if (!p.expose) return;
  const route = serviceHttpRoute(facts, p);
  if (route) {
    const { apiVersion, kind, metadata, spec } = route;
    new ApiObject(scope, 'http-route', { apiVersion, kind, metadata: { ...metadata }, spec });
  } else if (facts.edge.kind === 'ingress') {
    ingresses(scope, facts, p, facts.edge.className);
  }
}
