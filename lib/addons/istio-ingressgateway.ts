/**
 * Istio ingress gateway: north-south entry point behind an NLB (through the AWS Load Balancer
 * Controller), HA with PDB and HPA, terminating TLS with the environment's wildcard certificate.
 */
import { Gateway } from '@kubernetes-models/istio/networking.istio.io/v1beta1/Gateway';
import type { Construct } from 'constructs';
import { emitModel } from '../k8s/model-object';
import { CHART_VERSIONS } from '../spec/versions';
import type { Addon, AddonContext } from './addon';
import { GATEWAY_POD_LABELS, ISTIO_NAMESPACE } from './istio-common';
import {
  containerResources,
  controllerReplicas,
  restrictedPodSecurityContext,
  systemPlacement,
  wantsDisruptionBudget,
  zoneSpread,
  type ContainerResources,
  type Toleration,
  type TopologySpreadConstraint,
} from './placement';
import { wildcardSecretName } from './wildcard-certificate';

/** Chart values we set (istio/gateway 1.30). */
export interface IstioIngressGatewayValues {
  replicaCount: number;
  autoscaling: { enabled: boolean; minReplicas: number; maxReplicas: number; targetCPUUtilizationPercentage: number };
  podDisruptionBudget: { minAvailable?: number };
  service: { type: 'LoadBalancer'; annotations: Record<string, string> };
  nodeSelector: Record<string, string>;
  tolerations: Toleration[];
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

/** Name of the Istio Gateway object tenants bind their VirtualServices to. */
export function gatewayName(spec: { name: string }): string {
  return `${spec.name}-gateway`;
}

function configureGateway(scope: Construct, { spec }: AddonContext): void {
  if (!spec.domain) return; // no hostnames to serve
  const hosts = [`*.${spec.domain}`, spec.domain];
  emitModel(
    scope,
    'gateway',
    new Gateway({
      metadata: { name: gatewayName(spec), namespace: ISTIO_NAMESPACE },
      spec: {
        selector: { ...GATEWAY_POD_LABELS },
        servers: [
          {
            port: { number: 443, name: 'https', protocol: 'HTTPS' },
            hosts,
            tls: spec.addons.tls.enabled
              ? { mode: 'SIMPLE', credentialName: wildcardSecretName(spec), minProtocolVersion: 'TLSV1_2' }
              : undefined,
          },
          // Plain HTTP only ever answers with a redirect to HTTPS.
          { port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts, tls: { httpsRedirect: true } },
        ],
      },
    }),
  );
}

export const istioIngressGateway: Addon<IstioIngressGatewayValues> = {
  id: 'istio-ingressgateway',
  description: 'Istio ingress gateway behind an NLB, TLS with the wildcard certificate',
  chart: CHART_VERSIONS['istio-ingressgateway'],
  namespace: ISTIO_NAMESPACE,
  dependsOn: ({ spec }) => ['istiod', 'aws-load-balancer-controller', ...(spec.addons.tls.enabled ? (['cert-manager'] as const) : [])],
  isSelected: (spec) => spec.addons.mesh && spec.addons.ingress === 'istio-gateway',
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
      topologySpreadConstraints: zoneSpread(spec, { ...GATEWAY_POD_LABELS }),
      resources: containerResources({ cpu: '100m', memory: '128Mi' }, '1Gi'),
      // istio-system enforces Pod Security `restricted`: without a seccomp profile the chart's pod
      // is rejected. `net.ipv4.ip_unprivileged_port_start` is in the baseline safe-sysctl list.
      securityContext: { ...restrictedPodSecurityContext(), sysctls: [{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }] },
    };
  },
  configure: configureGateway,
};
