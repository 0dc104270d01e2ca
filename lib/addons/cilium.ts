/**
 * Cilium chained on the AWS VPC CNI: pods keep VPC addresses (the VPC CNI does IPAM and
 * routing), Cilium adds eBPF network policy enforcement and Hubble flow visibility. When
 * Cilium is chosen the VPC CNI's own network policy agent is switched off (cloud layer), so
 * exactly one component enforces NetworkPolicies.
 */
import { CHART_VERSIONS } from '../spec/versions';
import type { Addon, MetricsEndpoint } from './addon';
import {
  containerResources,
  controllerReplicas,
  disruptionBudget,
  platformPriority,
  systemPlacement,
  zoneSpread,
  type ContainerResources,
  type DisruptionBudget,
  type Toleration,
  type TopologySpreadConstraint,
} from './placement';

/** A Cilium Deployment on the system pool (operator, Hubble relay). */
export interface CiliumControllerValues {
  /** Pod count from the tier. */
  replicas: number;
  /** Budget that always allows one eviction. */
  podDisruptionBudget: DisruptionBudget;
  /** Zone spread over the component's own pods. */
  topologySpreadConstraints: TopologySpreadConstraint[];
  /** System pool. */
  nodeSelector: Record<string, string>;
  /** System taint, plus whatever the chart's default tolerations guaranteed. */
  tolerations: Toleration[];
  /**
   * platformPriority(), not the chart's system-cluster-critical: that class is left to EKS's own
   * add-ons. (The agent and Envoy DaemonSets keep the chart's system-node-critical: the CNI.)
   */
  priorityClassName: string;
  /** Requests and memory limit. */
  resources: ContainerResources;
}

/** Chart values we set (cilium 1.20). */
export interface CiliumValues {
  /** Chaining on the AWS VPC CNI (it keeps IPAM and routing); not exclusive, so its CNI config stays in place. */
  cni: { chainingMode: 'aws-cni'; exclusive: boolean };
  /** Off: pods have VPC addresses and leave the node unmasqueraded, as under the VPC CNI alone. */
  enableIPv4Masquerade: boolean;
  /** Native routing (no tunnel): ENI addresses route in the VPC. */
  routingMode: 'native';
  /** Per-endpoint routes instead of one route to the node, as chaining with the VPC CNI requires. */
  endpointRoutes: { enabled: boolean };
  /** `default`: pods are isolated only once a NetworkPolicy selects them (Kubernetes semantics). */
  policyEnforcementMode: 'default' | 'always' | 'never';
  /** Agent DaemonSet container (runs on every node with the chart's tolerate-everything default). */
  resources: ContainerResources;
  /** The agent's init containers (config, mount-cgroup, sysctl, bpf-fs, clean-state). */
  initResources: ContainerResources;
  /** The Envoy DaemonSet that serves L7 policy and visibility. */
  envoy: { resources: ContainerResources };
  /** The Job/CronJob that issues Hubble's TLS certificates in-cluster (system pool, platformPriority()). */
  certgen: { nodeSelector: Record<string, string>; tolerations: Toleration[]; priorityClassName: string; resources: ContainerResources };
  /** Hubble flow visibility: its metrics, in-cluster TLS, and the relay that serves flows. */
  hubble: {
    enabled: boolean;
    metrics: { enabled: string[] };
    /** Certificates issued by an in-cluster Job instead of at render time. */
    tls: { auto: { method: 'cronJob' } };
    relay: CiliumControllerValues & { enabled: boolean; tls: { server: { enabled: boolean } } };
  };
  /** The cilium-operator Deployment (identity garbage collection, node taint removal), at least 2 replicas, and its metrics. */
  operator: CiliumControllerValues & { prometheus: CiliumMetricsValues };
  /** The agent's metrics listener (9962) and headless Service `cilium-agent`. */
  prometheus: CiliumMetricsValues;
  /** Namespace of TLS-aware policy Secrets: created by groundwork (otherNamespaces), not the chart. */
  tls: { secretsNamespace: { create: boolean; name: string } };
}

/** A Cilium component's metrics: the listener and a headless Service, never the chart's ServiceMonitor. */
export interface CiliumMetricsValues {
  /** Whether the component serves metrics on its listener. */
  enabled: boolean;
  /** Whether the chart renders the headless metrics Service (with the metrics stack only). */
  metricsService: boolean;
}

// The chart's default operator tolerations that matter on EKS: the operator removes Cilium's
// agent-not-ready taint and must start on nodes that are not Ready yet (the template adds that
// taint's toleration itself). Setting `tolerations` replaces the defaults, so they are repeated.
const OPERATOR_BOOT_TOLERATIONS: Toleration[] = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.cloudprovider.kubernetes.io/uninitialized', operator: 'Exists', effect: 'NoSchedule' },
];

// The agent's memory grows with endpoints, identities and policies; the limit only stops a leak
// from taking the node (the datapath keeps running while the agent restarts).
const SIZE = {
  agent: containerResources({ cpu: '100m', memory: '512Mi' }, '2Gi'),
  agentInit: containerResources({ cpu: '10m', memory: '32Mi' }, '128Mi'),
  envoy: containerResources({ cpu: '50m', memory: '128Mi' }, '1Gi'),
  operator: containerResources({ cpu: '50m', memory: '128Mi' }, '512Mi'),
  relay: containerResources({ cpu: '50m', memory: '64Mi' }, '256Mi'),
  certgen: containerResources({ cpu: '10m', memory: '32Mi' }, '128Mi'),
} as const;

/** Where the agent reads the Secrets of TLS-aware policies (the chart's default name). */
export const CILIUM_SECRETS_NAMESPACE = 'cilium-secrets';

export const cilium: Addon<CiliumValues> = {
  id: 'cilium',
  description: 'Cilium chained on the VPC CNI: eBPF network policy and Hubble flow metrics (relay over TLS, certificates issued in-cluster)',
  chart: CHART_VERSIONS.cilium,
  namespace: 'kube-system',
  podSecurity: 'privileged',
  // The chart would create it bare (no Pod Security label, no default-deny); created here, it is
  // labelled and isolated like every platform namespace. It holds Secrets only, no pods.
  otherNamespaces: [{ name: CILIUM_SECRETS_NAMESPACE }],
  // The agent and Envoy are DaemonSets on every node; the operator and Hubble relay go on the system pool.
  placement: 'every-node',
  dependsOn: () => [],
  isSelected: (spec) => spec.addons.cni === 'cilium',
  // Headless Services of the chart: `cilium-agent` and `cilium-operator` (port metrics, with
  // `metricsService`), `hubble-metrics` (port hubble-metrics) and `cilium-envoy` (port envoy-metrics).
  // `hubble-peer` also carries k8s-app: cilium, hence the name labels.
  monitors: (): MetricsEndpoint[] => [
    { name: 'agent', kind: 'service', selector: { 'k8s-app': 'cilium', 'app.kubernetes.io/name': 'cilium-agent' }, port: 'metrics' },
    { name: 'operator', kind: 'service', selector: { 'io.cilium/app': 'operator', name: 'cilium-operator' }, port: 'metrics' },
    { name: 'hubble', kind: 'service', selector: { 'k8s-app': 'hubble', 'app.kubernetes.io/name': 'hubble' }, port: 'hubble-metrics' },
    { name: 'envoy', kind: 'service', selector: { 'k8s-app': 'cilium-envoy' }, port: 'envoy-metrics' },
  ],
  values: ({ spec, enabled }) => {
    const scraped = enabled.has('kube-prometheus-stack');
    const placement = systemPlacement();
    const controller = (matchLabels: Record<string, string>, replicas: number, resources: ContainerResources): CiliumControllerValues => ({
      replicas,
      podDisruptionBudget: disruptionBudget(spec),
      topologySpreadConstraints: zoneSpread(spec, matchLabels),
      ...placement,
      ...platformPriority(),
      resources,
    });
    const operator = controller({ 'io.cilium/app': 'operator', name: 'cilium-operator' }, Math.max(2, controllerReplicas(spec)), SIZE.operator);
    return {
      // Chaining (Cilium's AWS VPC CNI guide): the VPC CNI keeps IPAM and routing, Cilium attaches
      // policy and visibility; no masquerading or tunnel, ENI addresses route natively in the VPC.
      cni: { chainingMode: 'aws-cni', exclusive: false },
      enableIPv4Masquerade: false,
      routingMode: 'native',
      endpointRoutes: { enabled: true },
      policyEnforcementMode: 'default',
      resources: SIZE.agent,
      initResources: SIZE.agentInit,
      envoy: { resources: SIZE.envoy },
      certgen: { ...placement, ...platformPriority(), resources: SIZE.certgen },
      hubble: {
        enabled: true,
        metrics: { enabled: ['dns', 'drop', 'tcp', 'flow', 'icmp', 'http'] },
        // The chart's default (`helm`) mints a new CA on every render: every `pulumi up` or Argo CD
        // sync would rotate it (permanent drift, relay losing its agents). A Job issues them once
        // and a CronJob renews them, so the rendered release is deterministic.
        tls: { auto: { method: 'cronJob' } },
        relay: {
          enabled: true,
          ...controller({ 'k8s-app': 'hubble-relay' }, controllerReplicas(spec), SIZE.relay),
          // Flows carry pod identities and L7 metadata: the relay serves them over TLS only.
          tls: { server: { enabled: true } },
        },
      },
      // The operator's listener is on by the chart's default; its Service only with the metrics stack.
      operator: { ...operator, tolerations: [...operator.tolerations, ...OPERATOR_BOOT_TOLERATIONS], prometheus: { enabled: true, metricsService: scraped } },
      // The agent listens on the node's network (9962): only when something scrapes it.
      prometheus: { enabled: scraped, metricsService: scraped },
      tls: { secretsNamespace: { create: false, name: CILIUM_SECRETS_NAMESPACE } },
    };
  },
};
