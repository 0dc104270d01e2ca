/**
 * The platform facts a service depends on, read from the environment the cluster was built from
 * through the resolvers the platform itself uses (spec resolution, add-on selection, the edge
 * and mesh helpers): never re-derived here, so a service and its cluster cannot disagree on the
 * gateway's name, who the edge is, or whether Prometheus exists.
 */
import type { AddonContext } from '../../addons/addon';
import { CATALOGUE } from '../../addons/catalogue';
import { EDGE_LISTENERS, edgeGatewayName, edgeGatewayNamespace, edgeImplementation, edgeIngressPeer, type EdgeImplementation } from '../../addons/edge-gateway';
import { ingressPrincipals } from '../../addons/istio-mesh-policies';
import { PROMETHEUS_POD_LABELS } from '../../addons/kube-prometheus-stack-components';
import { selectAddons } from '../../addons/selection';
import type { EnvironmentSpec, ResolvedSpec } from '../../spec/types';
import { resolveSpec } from '../../spec/validate';
import { TENANT_NAMESPACE_LABEL, type IngressPeer } from '../tenant';
import type { ProductionServicePlatform } from './props';

/** The ingress-nginx IngressClass the platform installs (the chart's default class). */
export const NGINX_INGRESS_CLASS = 'nginx';
/** Listener a service's HTTPRoute attaches to: the HTTPS one (the HTTP listener only redirects). */
export const SERVICE_LISTENER = EDGE_LISTENERS.https;

/** How public traffic reaches the service. */
export type ServiceEdge =
  | { readonly kind: 'gateway'; readonly implementation: EdgeImplementation; readonly name: string; readonly namespace: string; readonly sectionName: string }
  | { readonly kind: 'ingress'; readonly className: string };

/** What a ProductionService needs to know about its platform. */
export interface PlatformFacts {
  /** The resolved environment. */
  readonly spec: ResolvedSpec;
  /** Istio runs: sidecars are injected and AuthorizationPolicies are enforced. */
  readonly mesh: boolean;
  /** The public edge. */
  readonly edge: ServiceEdge;
  /** Where edge traffic comes from (pods or load balancer subnets), as the tenant policies admit it. */
  readonly edgePeer: IngressPeer;
  /** Mesh principals of the edge proxies (for AuthorizationPolicy rules). */
  readonly edgePrincipals: readonly string[];
  /** The Prometheus that scrapes monitors; undefined without the metrics stack. */
  readonly metrics: { readonly namespace: string; readonly podLabels: Readonly<Record<string, string>> } | undefined;
  /** Labels of a tenant namespace, as the foundation chart sets them. */
  readonly namespaceLabels: (namespace: string) => Record<string, string>;
}

const isContext = (p: ProductionServicePlatform): p is AddonContext => typeof p === 'object' && p !== null && 'enabled' in p && 'spec' in p;
const isResolved = (p: ProductionServicePlatform): p is ResolvedSpec => typeof p === 'object' && p !== null && 'profile' in p && 'security' in p;

/** The add-on context of `platform`: given (team charts), or selected from the stock catalogue. */
export function platformContext(platform: ProductionServicePlatform): AddonContext {
  if (isContext(platform)) return platform;
  // A spec as written is validated (one aggregated SpecValidationError), like Platform.fromSpec.
  const spec = isResolved(platform) ? platform : resolveSpec(platform as EnvironmentSpec);
  return selectAddons(spec, CATALOGUE).context;
}

/** The facts of `platform`. */
export function platformFacts(platform: ProductionServicePlatform): PlatformFacts {
  const ctx = platformContext(platform);
  const { spec } = ctx;
  const implementation = edgeImplementation(spec);
  const edge: ServiceEdge = implementation
    ? { kind: 'gateway', implementation, name: edgeGatewayName(spec), namespace: edgeGatewayNamespace(implementation), sectionName: SERVICE_LISTENER }
    : { kind: 'ingress', className: NGINX_INGRESS_CLASS };
  const mesh = ctx.enabled.has('istiod');
  const prometheus = (ctx.addons ?? []).find((a) => a.id === 'kube-prometheus-stack');
  return {
    spec,
    mesh,
    edge,
    edgePeer: edgeIngressPeer(spec),
    edgePrincipals: mesh ? ingressPrincipals(ctx) : [],
    metrics:
      prometheus && ctx.enabled.has('kube-prometheus-stack')
        ? { namespace: prometheus.namespace, podLabels: { ...PROMETHEUS_POD_LABELS } }
        : undefined,
    namespaceLabels: (namespace) => ({ [TENANT_NAMESPACE_LABEL]: namespace, ...(mesh ? { 'istio-injection': 'enabled' } : {}) }),
  };
}
