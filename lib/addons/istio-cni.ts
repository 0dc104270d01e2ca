/**
 * Istio CNI node agent. Tenant namespaces enforce Pod Security `restricted`, which forbids the
 * NET_ADMIN/NET_RAW capabilities the classic `istio-init` container needs to program iptables.
 * The CNI plugin does that on the node instead, so injected pods stay `restricted`.
 */
import { CHART_VERSIONS } from '../spec/versions';
import type { Addon } from './addon';

/** Chart values we set (istio/cni 1.29). */
export interface IstioCniValues {
  /** Namespaces whose pods the plugin never redirects (the node agent and EKS's own). */
  excludeNamespaces: string[];
  /** Chained after the AWS VPC CNI (or Cilium), never replacing it. */
  chained: boolean;
  resources: { requests: { cpu: string; memory: string } };
  /** Node-level networking must come up before any pod on a node. */
  priorityClassName: string;
}

export const istioCni: Addon<IstioCniValues> = {
  id: 'istio-cni',
  description: 'Istio CNI node agent (sidecars without NET_ADMIN, so tenants stay PSA restricted)',
  chart: CHART_VERSIONS['istio-cni'],
  // kube-system is EKS's privileged namespace: the agent writes CNI config on the host, and putting
  // it in istio-system would force that namespace (and istiod, the gateway) down to `privileged`.
  namespace: 'kube-system',
  podSecurity: 'privileged',
  // A DaemonSet: it must run on every node, spot and system alike (the chart tolerates all taints).
  placement: 'every-node',
  dependsOn: () => ['istio-base'],
  isSelected: (spec) => spec.addons.mesh,
  values: () => ({
    excludeNamespaces: ['kube-system'],
    chained: true,
    resources: { requests: { cpu: '50m', memory: '64Mi' } },
    priorityClassName: 'system-node-critical',
  }),
};
