/**
 * Istio ingress gateway: the deployment that serves the Gateway API edge when the mesh is on,
 * behind an NLB (through the AWS Load Balancer Controller), HA with PDB and HPA. Its
 * configuration is the edge `Gateway` (class `istio`, bound to this release's Service by Istio's
 * manual deployment mode) terminating TLS with the environment's wildcard certificate; see
 * edge-gateway.ts. Tenants attach `HTTPRoute`s to that Gateway.
 */
import { CHART_VERSIONS } from '../spec/versions';
import type { Addon, AddonContext } from './addon';
import { configureEdgeGateway } from './edge-gateway';
import { GATEWAY_POD_LABELS, ISTIO_NAMESPACE } from './istio-common';
import { meshSpansNeeds } from './mesh-tracing';
import { scrapeNeed, type NetworkNeed } from './network';
import {
  containerResources,
  controllerReplicas,
  restrictedPodSecurityContext,
  platformPriority,
  systemPlacement,
  wantsDisruptionBudget,
  zoneSpread,
  type ContainerResources,
  type Toleration,
  type TopologySpreadConstraint,
} from './placement';

/** Chart values we set (istio/gateway 1.30). */
export interface IstioIngressGatewayValues {
  /** Pod count from the tier (the HPA's floor when autoscaling is on). */
  replicaCount: number;
  /** HPA on CPU (70%), from the tier's replicas up to three times as many; on from 2 replicas. */
  autoscaling: { enabled: boolean; minReplicas: number; maxReplicas: number; targetCPUUtilizationPercentage: number };
  /** Budget keeping one gateway pod up through drains (empty: no PDB rendered). */
  podDisruptionBudget: { minAvailable?: number };
  /** The `LoadBalancer` Service: an internet-facing NLB with IP targets from the AWS Load Balancer Controller. */
  service: { type: 'LoadBalancer'; annotations: Record<string, string> };
  /** Node labels the pods must match: the system pool. */
  nodeSelector: Record<string, string>;
  /** Tolerations of the system pool's taint. */
  tolerations: Toleration[];
  /** Priority of the gateway pods: platformPriority(). */
  priorityClassName: string;
  /** Zone spread over the gateway pods. */
  topologySpreadConstraints: TopologySpreadConstraint[];
  /** Requests plus a memory limit for the `istio-proxy` container. */
  resources: ContainerResources;
  /**
   * Pod securityContext. Setting it REPLACES the chart's default (which only sets the sysctl that
   * lets the non-root proxy bind 80/443), so we restate the sysctl and add what `restricted` needs.
   */
  securityContext: {
    runAsNonRoot: true;
    seccompProfile: { type: 'RuntimeDefault' };
    sysctls: Array<{ name: string; value: string }>;
  };
}

export const istioIngressGateway: Addon<IstioIngressGatewayValues> = {
  network: istioIngressGatewayNetwork,
  id: 'istio-ingressgateway',
  description: 'Istio gateway serving the Gateway API edge behind an NLB, TLS with the wildcard certificate',
  chart: CHART_VERSIONS['istio-ingressgateway'],
  namespace: ISTIO_NAMESPACE,
  // The Gateway API CRDs before the Gateway that configures this release.
  dependsOn: ({ spec }) => ['gateway-api-crds', 'istiod', 'aws-load-balancer-controller', ...(spec.addons.tls.enabled ? (['cert-manager'] as const) : [])],
  isSelected: (spec) => spec.addons.mesh && spec.addons.ingress === 'gateway-api',
  // The gateway's envoy stats (http-envoy-prom, 15090, declared by the chart's Deployment): a
  // PodMonitor, as its Service exposes only the traffic and status ports.
  monitors: () => [{ name: 'envoy', kind: 'pod', selector: { ...GATEWAY_POD_LABELS }, port: 'http-envoy-prom', path: '/stats/prometheus' }],
  values: ({ spec }) => {
    const replicas = controllerReplicas(spec);
    return {
      replicaCount: replicas,
      autoscaling: { enabled: replicas >= 2, minReplicas: replicas, maxReplicas: Math.max(replicas, 3 * replicas), targetCPUUtilizationPercentage: 70 },
      podDisruptionBudget: wantsDisruptionBudget(spec) ? { minAvailable: 1 } : {},
      service: {
        type: 'LoadBalancer',
        annotations: {
          // Provisioned by the AWS Load Balancer Controller, not the legacy in-tree controller.
          'service.beta.kubernetes.io/aws-load-balancer-type': 'external',
          'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip',
          'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing',
          'service.beta.kubernetes.io/aws-load-balancer-attributes': 'load_balancing.cross_zone.enabled=true',
        },
      },
      ...systemPlacement(),
      ...platformPriority(),
      topologySpreadConstraints: zoneSpread(spec, { ...GATEWAY_POD_LABELS }),
      resources: containerResources({ cpu: '100m', memory: '128Mi' }, '1Gi'),
      // istio-system enforces Pod Security `restricted`: without a seccomp profile the chart's pod
      // is rejected. `net.ipv4.ip_unprivileged_port_start` is in the baseline safe-sysctl list.
      securityContext: { ...restrictedPodSecurityContext(), sysctls: [{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }] },
    };
  },
  configure: (scope, { spec }) => configureEdgeGateway(scope, spec, 'istio'),
};

/** Connections of the ingress gateway: clients in, tenants and istiod out, spans to the collector, metrics. */
function istioIngressGatewayNetwork(ctx: AddonContext): NetworkNeed[] {
  const pods = { namespace: ISTIO_NAMESPACE, podLabels: { ...GATEWAY_POD_LABELS } };
  return [
    // The NLB preserves client addresses: the gateway sees the internet, on its listeners and health port.
    { purpose: 'north-south traffic and load balancer health checks', from: { cidr: '0.0.0.0/0', description: 'clients through the load balancer' }, to: pods, ports: [{ port: 8080 }, { port: 8443 }, { port: 15021 }] },
    { purpose: 'north-south traffic to tenant services (any app port)', from: pods, to: { tenants: true }, ports: [] },
    { purpose: 'gateway configuration (xDS) and certificates', from: pods, to: { namespace: ISTIO_NAMESPACE, podLabels: { app: 'istiod' } }, ports: [{ port: 15012 }] },
    ...meshSpansNeeds(ctx, pods),
    ...(ctx.enabled.has('kube-prometheus-stack') ? [scrapeNeed(pods, [15090], 'the gateway (envoy stats)')] : []),
  ];
}
