/**
 * Cilium chained on the AWS VPC CNI: pods keep VPC addresses (the VPC CNI does IPAM and
 * routing), Cilium adds eBPF network policy enforcement and Hubble flow visibility. When
 * Cilium is chosen the VPC CNI's own network policy agent is switched off (cloud layer), so
 * exactly one component enforces NetworkPolicies.
 */
import { CHART_VERSIONS } from '../spec/versions';
import type { Addon } from './addon';
import { controllerReplicas, systemPlacement, type Toleration } from './placement';

/** Chart values we set (cilium 1.19). */
export interface CiliumValues {
  cni: { chainingMode: 'aws-cni'; exclusive: boolean };
  enableIPv4Masquerade: boolean;
  routingMode: 'native';
  endpointRoutes: { enabled: boolean };
  policyEnforcementMode: 'default' | 'always' | 'never';
  hubble: {
    enabled: boolean;
    metrics: { enabled: string[] };
    relay: { enabled: boolean; replicas: number; nodeSelector: Record<string, string>; tolerations: Toleration[] };
  };
  operator: { replicas: number; nodeSelector: Record<string, string>; tolerations: Toleration[] };
}

export const cilium: Addon<CiliumValues> = {
  id: 'cilium',
  description: 'Cilium chained on the VPC CNI: eBPF network policy and Hubble flow metrics',
  chart: CHART_VERSIONS.cilium,
  namespace: 'kube-system',
  podSecurity: 'privileged',
  // The agent is a DaemonSet on every node; the operator and Hubble relay go on the system pool.
  placement: 'every-node',
  dependsOn: () => [],
  isSelected: (spec) => spec.addons.cni === 'cilium',
  values: ({ spec }) => {
    const placement = systemPlacement();
    return {
      // Chaining: the VPC CNI keeps IPAM and routing, Cilium attaches policy and visibility.
      cni: { chainingMode: 'aws-cni', exclusive: false },
      enableIPv4Masquerade: false,
      routingMode: 'native',
      endpointRoutes: { enabled: true },
      policyEnforcementMode: 'default',
      hubble: {
        enabled: true,
        metrics: { enabled: ['dns', 'drop', 'tcp', 'flow', 'icmp', 'http'] },
        relay: { enabled: true, replicas: controllerReplicas(spec), ...placement },
      },
      operator: { replicas: Math.max(2, controllerReplicas(spec)), ...placement },
    };
  },
};
