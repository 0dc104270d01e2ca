/**
 * ingress-nginx behind an NLB (AWS Load Balancer Controller, IP targets). Upstream retired the
 * project in March 2026 (final chart 4.15.1, no further security fixes), so validation refuses it
 * in production (lib/spec/rules/addons-tenants.ts); the Gateway API edge is the maintained path.
 */
import { CHART_VERSIONS } from '../spec/versions';
import type { Addon, AddonContext } from './addon';
import { scrapeNeed, webhookNeed, type NetworkNeed } from './network';
import { meshSpansNeeds } from './mesh-tracing';

import {
  containerResources,
  controllerReplicas,
  platformPriority,
  systemPlacement,
  type ContainerResources,
  type Toleration,
  type TopologySpreadConstraint,
  zoneSpread,
} from './placement';
import { INGRESS_NGINX_NAMESPACE, wildcardSecretName } from './wildcard-certificate';

const ID = 'ingress-nginx';
const POD_LABELS = {
  'app.kubernetes.io/name': 'ingress-nginx',
  'app.kubernetes.io/instance': ID,
  'app.kubernetes.io/component': 'controller',
};

/** Chart values we set (ingress-nginx chart 4.15). */
export interface IngressNginxValues {
  /** The controller Deployment: replicas, budget, placement, IngressClass, flags, mesh labels and NGINX config. */
  controller: {
    replicaCount: number;
    /** The chart renders a PDB with this floor whenever replicaCount > 1. */
    minAvailable: number;
    topologySpreadConstraints: TopologySpreadConstraint[];
    nodeSelector: Record<string, string>;
    tolerations: Toleration[];
    /** Priority of the controller pods: platformPriority(). */
    priorityClassName: string;
    /** Requests plus a memory limit for the controller container. */
    resources: ContainerResources;
    ingressClassResource: { name: string; enabled: boolean; default: boolean };
    /** Snippets let any Ingress author inject raw NGINX config (CVE-2021-25742 class). */
    allowSnippetAnnotations: boolean;
    extraArgs: Record<string, string>;
    /** Mesh membership: the pod label opts the controller into sidecar injection. */
    podLabels: Record<string, string>;
    podAnnotations: Record<string, string>;
    /** NGINX ConfigMap entries. */
    config: Record<string, string>;
    service: { annotations: Record<string, string>; externalTrafficPolicy: 'Local' | 'Cluster' };
    admissionWebhooks: {
      enabled: boolean;
      /** Resources of the certgen Job that creates the webhook's certificate Secret. */
      createSecretJob: { resources: ContainerResources };
      /** Resources of the certgen Job that patches the caBundle into the webhook configuration. */
      patchWebhookJob: { resources: ContainerResources };
      /** Placement and annotations of both Jobs' pods. */
      patch: { nodeSelector: Record<string, string>; tolerations: Toleration[]; priorityClassName: string; podAnnotations: Record<string, string> };
    };
    metrics: { enabled: boolean; serviceMonitor: { enabled: boolean } };
  };
}

export const ingressNginx: Addon<IngressNginxValues> = {
  network: ingressNginxNetwork,
  id: ID,
  description: 'ingress-nginx (final upstream release; retired March 2026; refused in production) behind an NLB, default IngressClass `nginx`, meshed after istiod',
  chart: CHART_VERSIONS[ID],
  namespace: INGRESS_NGINX_NAMESPACE,
  // Chart 4.12+ runs the controller as uid 101, no privilege escalation, seccomp RuntimeDefault,
  // drop ALL + NET_BIND_SERVICE only, and the webhook patch job non-root: all within `restricted`.
  // The injected istio-proxy / istio-validation comply through istiod's global.proxy.seccompProfile.
  podSecurity: 'restricted',
  dependsOn: ({ spec, enabled }) => [
    'aws-load-balancer-controller',
    // The default certificate is issued by cert-manager; installing first avoids serving the fake cert.
    ...(spec.addons.tls.enabled ? (['cert-manager'] as const) : []),
    // Tenants accept only mTLS (STRICT): a controller pod created before istiod's injector
    // webhook answers starts without a sidecar and every request to a tenant fails.
    ...(enabled.has('istiod') ? (['istiod'] as const) : []),
  ],
  isSelected: (spec) => spec.addons.ingress === 'ingress-nginx',
  // Service `ingress-nginx-controller-metrics` (port metrics, 10254): the controller's other Services
  // carry the same labels but no `metrics` port, so they contribute no target.
  monitors: () => [{ name: 'controller', kind: 'service', selector: { ...POD_LABELS }, port: 'metrics' }],
  values: ({ spec, enabled }) => {
    const placement = systemPlacement();
    const extraArgs: Record<string, string> = {};
    if (spec.addons.tls.enabled) {
      // Requests without a matching TLS host get the environment's wildcard, never the fake cert.
      extraArgs['default-ssl-certificate'] = `${INGRESS_NGINX_NAMESPACE}/${wildcardSecretName(spec)}`;
    }
    // With STRICT mTLS, tenant pods only accept mesh traffic: the controller joins the mesh, sends
    // to Service VIPs so the sidecar applies mTLS and routing, and leaves inbound (client) traffic
    // to NGINX alone.
    const mesh = enabled.has('istiod');
    return {
      controller: {
        replicaCount: controllerReplicas(spec),
        minAvailable: 1,
        topologySpreadConstraints: zoneSpread(spec, POD_LABELS),
        // Platform component: on the on-demand system pool, away from spot reclaims and tenant noise.
        ...placement,
        ...platformPriority(),
        // NGINX's memory grows with the number of Ingresses and open connections; no CPU limit
        // (upstream advises against one: throttling fails the probes under load).
        resources: containerResources({ cpu: '100m', memory: '256Mi' }, '1Gi'),
        ingressClassResource: { name: 'nginx', enabled: true, default: true },
        allowSnippetAnnotations: false,
        extraArgs,
        podLabels: mesh ? { 'sidecar.istio.io/inject': 'true' } : ({} as Record<string, string>),
        podAnnotations: mesh ? { 'traffic.sidecar.istio.io/includeInboundPorts': '' } : ({} as Record<string, string>),
        config: mesh ? { 'service-upstream': 'true' } : ({} as Record<string, string>),
        service: {
          annotations: {
            // `external` hands the Service to the AWS Load Balancer Controller (not the legacy in-tree CCM).
            'service.beta.kubernetes.io/aws-load-balancer-type': 'external',
            // IP targets: traffic goes straight to pods, no extra node hop, works with the system-pool taint.
            'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip',
            'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing',
            // Even spread across the controller replicas in every zone.
            'service.beta.kubernetes.io/aws-load-balancer-attributes': 'load_balancing.cross_zone.enabled=true',
          },
          // Preserves the client source IP for allow-lists and logs.
          externalTrafficPolicy: 'Local',
        },
        // The validating webhook rejects broken Ingresses before they break the whole NGINX config.
        // The patch Job must never get a sidecar: a Job whose sidecar keeps running never completes.
        admissionWebhooks: {
          enabled: true,
          createSecretJob: { resources: containerResources({ cpu: '10m', memory: '32Mi' }, '64Mi') },
          patchWebhookJob: { resources: containerResources({ cpu: '10m', memory: '32Mi' }, '64Mi') },
          patch: { nodeSelector: placement.nodeSelector, tolerations: placement.tolerations, ...platformPriority(), podAnnotations: { 'sidecar.istio.io/inject': 'false' } },
        },
        // The `-metrics` Service always; its ServiceMonitor is ours (lib/addons/monitors.ts), never the chart's.
        metrics: { enabled: true, serviceMonitor: { enabled: false } },
      },
    };
  },
};

/** Connections of the controller: clients in, tenants out, its admission webhook, metrics, and the mesh when injected. */
function ingressNginxNetwork(ctx: AddonContext): NetworkNeed[] {
  const { spec, enabled } = ctx;
  const pods = { namespace: INGRESS_NGINX_NAMESPACE, podLabels: { ...POD_LABELS } };
  const meshed = enabled.has('istiod');
  return [
    { purpose: 'north-south traffic (the load balancer preserves client addresses)', from: { cidr: '0.0.0.0/0', description: 'clients through the load balancer' }, to: pods, ports: [{ port: 80 }, { port: 443 }] },
    { purpose: 'north-south traffic to tenant services (any app port)', from: pods, to: { tenants: true }, ports: [] },
    webhookNeed(spec, pods, 8443, 'validate.nginx.ingress.kubernetes.io'),
    ...(enabled.has('kube-prometheus-stack') ? [scrapeNeed(pods, meshed ? [10254, 15090] : [10254], 'the controller')] : []),
    ...(meshed ? [{ purpose: 'sidecar configuration (xDS) and certificates', from: pods, to: { namespace: 'istio-system', podLabels: { app: 'istiod' } }, ports: [{ port: 15012 }] }] : []),
    ...(meshed ? meshSpansNeeds(ctx, pods) : []),
  ];
}
