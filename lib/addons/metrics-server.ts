/**
 * metrics-server: the resource metrics API behind `kubectl top`, HPA and VPA. HPAs stop scaling
 * when it is down, so it gets the tier's HA like every other controller.
 */
import { CHART_VERSIONS } from '../spec/versions';
import type { Addon } from './addon';
import {
  controllerReplicas,
  restrictedContainerSecurityContext,
  systemPlacement,
  type Toleration,
  type TopologySpreadConstraint,
  wantsDisruptionBudget,
  zoneSpread,
} from './placement';

const ID = 'metrics-server';
const POD_LABELS = { 'app.kubernetes.io/name': 'metrics-server', 'app.kubernetes.io/instance': ID };

/** Chart values we set (metrics-server chart 3.13). */
export interface MetricsServerValues {
  replicas: number;
  podDisruptionBudget: { enabled: boolean; minAvailable?: number };
  topologySpreadConstraints: TopologySpreadConstraint[];
  nodeSelector: Record<string, string>;
  tolerations: Toleration[];
  /** Replaces the chart's default args: same flags, but kubelets are reached on InternalIP only. */
  defaultArgs: string[];
  securityContext: Record<string, unknown>;
  resources: { requests: { cpu: string; memory: string } };
}

/**
 * Kubelet TLS stays verified: no `--kubelet-insecure-tls`. EKS kubelets serve certificates
 * signed by the cluster CA with the node's InternalIP as a SAN, so InternalIP both verifies and
 * avoids resolving node names through VPC DNS.
 */
export const METRICS_SERVER_ARGS = [
  '--cert-dir=/tmp',
  '--kubelet-preferred-address-types=InternalIP',
  '--kubelet-use-node-status-port',
  '--metric-resolution=15s',
];

export const metricsServer: Addon<MetricsServerValues> = {
  id: ID,
  description: 'Resource metrics API for HPA and kubectl top, kubelet TLS verified',
  chart: CHART_VERSIONS[ID],
  namespace: 'kube-system',
  dependsOn: () => [],
  isSelected: () => true,
  values: ({ spec }) => ({
    replicas: controllerReplicas(spec),
    podDisruptionBudget: wantsDisruptionBudget(spec) ? { enabled: true, minAvailable: 1 } : { enabled: false },
    topologySpreadConstraints: zoneSpread(spec, POD_LABELS),
    ...systemPlacement(),
    defaultArgs: [...METRICS_SERVER_ARGS],
    securityContext: restrictedContainerSecurityContext(),
    resources: { requests: { cpu: '100m', memory: '200Mi' } },
  }),
};
