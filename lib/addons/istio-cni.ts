/**
 * Istio CNI node agent. Tenant namespaces enforce Pod Security `restricted`, which forbids the
 * NET_ADMIN/NET_RAW capabilities the classic `istio-init` container needs to program iptables.
 * The CNI plugin does that on the node instead, so injected pods stay `restricted` (their only
 * init container is the unprivileged `istio-validation` check).
 *
 * Sidecar mode only: the chart's `ambient.enabled` stays at its default `false` and the
 * catalogue has no ztunnel release, so no node proxy intercepts traffic.
 */
import { CHART_VERSIONS } from '../spec/versions';
import type { Addon, AddonContext } from './addon';
import { containerResources, everyNodeTolerations, type ContainerResources } from './placement';
import { scrapeNeed, type NetworkNeed } from './network';

/** Chart values we set (istio/cni 1.30; keys declared under `_internal_defaults_do_not_set`). */
export interface IstioCniValues {
  /** Namespaces whose pods the plugin never redirects (the node agent and EKS's own). */
  excludeNamespaces: string[];
  /** Chained after the AWS VPC CNI (or Cilium), never replacing it. */
  chained: boolean;
  /** Requests plus a memory limit; the chart also feeds the limit to the agent's GOMEMLIMIT. */
  resources: ContainerResources;
  /** Every taint, so every node gets the agent before any meshed pod lands there. */
  tolerations: Array<{ operator: 'Exists' }>;
}

export const istioCni: Addon<IstioCniValues> = {
  network: istioCniNetwork,
  id: 'istio-cni',
  description: 'Istio CNI node agent (sidecars without NET_ADMIN, so tenants stay PSA restricted)',
  chart: CHART_VERSIONS['istio-cni'],
  // kube-system is EKS's privileged namespace: the agent runs as root with NET_ADMIN, SYS_ADMIN
  // and hostPath mounts to write CNI config on the host; in istio-system it would force that
  // namespace (and istiod, the gateway) down to `privileged`.
  namespace: 'kube-system',
  podSecurity: 'privileged',
  // A DaemonSet: it must run on every node, spot and system alike. The chart hard-codes
  // priorityClassName system-node-critical (not a value in 1.30), so it is never preempted.
  placement: 'every-node',
  dependsOn: () => ['istio-base'],
  isSelected: (spec) => spec.addons.mesh,
  // The node agent's own metrics (container port metrics, 15014); the chart renders no Service.
  monitors: () => [{ name: 'node-agent', kind: 'pod', selector: { 'k8s-app': 'istio-cni-node' }, port: 'metrics' }],
  values: () => ({
    excludeNamespaces: ['kube-system'],
    chained: true,
    // Upstream's own requests; the limit leaves headroom for the repair controller's pod cache.
    resources: containerResources({ cpu: '100m', memory: '100Mi' }, '512Mi'),
    tolerations: everyNodeTolerations(),
  }),
};

/** Connections of the CNI node agent (kube-system, not isolated): Prometheus' side of its scrape. */
function istioCniNetwork({ enabled }: AddonContext): NetworkNeed[] {
  return enabled.has('kube-prometheus-stack') ? [scrapeNeed({ namespace: 'kube-system', podLabels: { 'k8s-app': 'istio-cni-node' } }, [15014], 'the Istio CNI agent')] : [];
}
