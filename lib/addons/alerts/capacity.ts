/**
 * Node capacity: node churn for every environment (kube-state-metrics), and the node autoscaler
 * the spec chose — Karpenter (pool limits, cloud provider errors, spot interruptions, cluster
 * state) or cluster-autoscaler (failed scale-ups, errors, unsafe cluster). Managed node groups
 * under cluster-autoscaler rebalance spot capacity inside EKS: interruptions are not exported to
 * Prometheus there, so node churn is their signal.
 */
import type { AddonContext } from '../addon';
import { alert, type AlertingRule, type AlertRuleGroup } from './types';

const KSM = 'job="kube-state-metrics"';

function nodeChurn(): AlertingRule {
  // A node younger than an hour is a replacement or a scale-up; more than 30% of the fleet (at
  // least 3 nodes) replaced within the hour is churn that evicts workloads faster than they settle.
  return alert({
    alert: 'NodeChurnHigh',
    expr: `count(time() - kube_node_created{${KSM}} < 3600) > clamp_min(0.3 * count(kube_node_created{${KSM}}), 3)`,
    for: '30m',
    severity: 'warning',
    summary: 'Many nodes were replaced within the last hour.',
    description: '{{ $value }} nodes are younger than one hour: spot interruptions, consolidation or failing nodes are churning the fleet.',
  });
}

function karpenterRules(): AlertingRule[] {
  return [
    alert({
      alert: 'KarpenterNodePoolNearLimit',
      expr: 'max by (nodepool, resource_type) (karpenter_nodepools_usage) / max by (nodepool, resource_type) (karpenter_nodepools_limit) > 0.9',
      for: '15m',
      severity: 'warning',
      summary: 'A Karpenter NodePool is close to its resource limit.',
      description: 'NodePool {{ $labels.nodepool }} uses {{ $value | humanizePercentage }} of its {{ $labels.resource_type }} limit: new pods will stay Pending once it is reached.',
    }),
    alert({
      alert: 'KarpenterCloudProviderErrors',
      expr: 'sum by (method, error) (increase(karpenter_cloudprovider_errors_total{error!="NodeClaimNotFoundError"}[15m])) > 5',
      for: '15m',
      severity: 'warning',
      summary: 'Karpenter keeps failing EC2 calls.',
      description: 'Karpenter got {{ $value | humanize }} {{ $labels.error }} errors from {{ $labels.method }} in 15 minutes (capacity, quota, throttling or IAM).',
    }),
    alert({
      alert: 'KarpenterClusterStateNotSynced',
      expr: 'max(karpenter_cluster_state_synced) == 0',
      for: '15m',
      severity: 'warning',
      summary: "Karpenter's view of the cluster is out of sync.",
      description: 'Karpenter has not synced its cluster state for 15 minutes: it neither provisions nor consolidates correctly.',
    }),
    alert({
      alert: 'KarpenterSpotInterruptionsHigh',
      expr: 'sum(increase(karpenter_interruption_received_messages_total{message_type="spot_interrupted"}[1h])) > 5',
      for: '5m',
      severity: 'warning',
      summary: 'Many spot interruptions in the last hour.',
      description: '{{ $value | humanize }} spot interruption notices in one hour: the spot pools are short of capacity in their instance types and zones.',
    }),
  ];
}

function clusterAutoscalerRules(): AlertingRule[] {
  return [
    alert({
      alert: 'ClusterAutoscalerScaleUpFailing',
      expr: 'sum by (reason) (increase(cluster_autoscaler_failed_scale_ups_total[15m])) > 0',
      for: '5m',
      severity: 'warning',
      summary: 'cluster-autoscaler scale-ups are failing.',
      description: '{{ $value | humanize }} failed scale-ups ({{ $labels.reason }}) in 15 minutes: pending pods get no node.',
    }),
    alert({
      alert: 'ClusterAutoscalerErrors',
      expr: 'sum by (type) (rate(cluster_autoscaler_errors_total[10m])) > 0',
      for: '15m',
      severity: 'warning',
      summary: 'cluster-autoscaler reports errors.',
      description: 'cluster-autoscaler has reported {{ $labels.type }} errors for 15 minutes.',
    }),
    alert({
      alert: 'ClusterAutoscalerUnsafeToScale',
      expr: 'max(cluster_autoscaler_cluster_safe_to_autoscale) == 0',
      for: '15m',
      severity: 'warning',
      summary: 'cluster-autoscaler stopped scaling: the cluster is unhealthy.',
      description: 'cluster-autoscaler considers the cluster unsafe to autoscale (too many unready nodes) and does nothing until it recovers.',
    }),
  ];
}

/** The `groundwork.capacity` group for the environment's autoscaler. */
export function capacityGroup(ctx: AddonContext): AlertRuleGroup {
  return {
    name: 'groundwork.capacity',
    rules: [
      nodeChurn(),
      ...(ctx.enabled.has('karpenter') ? karpenterRules() : []),
      ...(ctx.enabled.has('cluster-autoscaler') ? clusterAutoscalerRules() : []),
    ],
  };
}
