/**
 * metrics-server: the resource metrics API behind `kubectl top`, HPA and VPA. HPAs stop scaling
 * when it is down, so it gets the tier's HA like every other controller.
 */
import { CHART_VERSIONS } from '../spec/versions';
import type { Addon } from './addon';
import {
  containerResources,
  controllerReplicas,
  disruptionBudget,
  platformPriority,
  restrictedContainerSecurityContext,
  restrictedPodSecurityContext,
  systemPlacement,
  zoneSpread,
  type ContainerResources,
  type DisruptionBudget,
  type Toleration,
  type TopologySpreadConstraint,
} from './placement';

const ID = 'metrics-server';
const POD_LABELS = { 'app.kubernetes.io/name': 'metrics-server', 'app.kubernetes.io/instance': ID };

/** Chart values we set (metrics-server chart 3.13). */
export interface MetricsServerValues {
  /** Tier replica count: HPAs stop scaling while no replica answers. */
  replicas: number;
  /** Budget that always allows one eviction. */
  podDisruptionBudget: DisruptionBudget;
  /** Zone spread over the metrics-server pods. */
  topologySpreadConstraints: TopologySpreadConstraint[];
  /** System pool. */
  nodeSelector: Record<string, string>;
  /** System taint. */
  tolerations: Toleration[];
  /** Scheduling priority of the pods: platformPriority(). */
  priorityClassName: string;
  /** Replaces the chart's default args: same flags, but kubelets are reached on InternalIP only. */
  defaultArgs: string[];
  /** Pod-level restricted profile (the chart sets none by default). */
  podSecurityContext: ReturnType<typeof restrictedPodSecurityContext>;
  /** Container-level restricted profile, merged over the chart's (which pins runAsUser 1000). */
  securityContext: Record<string, unknown>;
  /** Requests and memory limit. */
  resources: ContainerResources;
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
    podDisruptionBudget: disruptionBudget(spec),
    topologySpreadConstraints: zoneSpread(spec, POD_LABELS),
    ...systemPlacement(),
    ...platformPriority(),
    defaultArgs: [...METRICS_SERVER_ARGS],
    podSecurityContext: restrictedPodSecurityContext(),
    securityContext: restrictedContainerSecurityContext(),
    // Memory grows by a few MiB per node scraped; the limit leaves room for the largest pools.
    resources: containerResources({ cpu: '100m', memory: '200Mi' }, '512Mi'),
  }),
};
