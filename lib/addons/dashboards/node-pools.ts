/**
 * Node pools: what capacity the cluster runs on and how stable it is. Spot vs on-demand nodes
 * and vCPUs by instance type and zone (kube-state-metrics, through the `groundwork.cost` node
 * series, so Karpenter and managed node groups read the same), their hourly price, node churn,
 * and the autoscaler the environment runs: Karpenter (NodePool usage vs limit, launches,
 * disruptions, spot interruption notices) or cluster-autoscaler (scale-ups, scale-downs,
 * failures, unschedulable pods). Managed node groups under cluster-autoscaler rebalance spot in
 * EKS and export no interruption metric: churn is their signal.
 */
import type { AddonContext } from '../addon';
import { buildDashboard, type GrafanaDashboard, type PanelDefinition, type RowDefinition } from './builder';
import { COST_SERIES } from './cost-rules';
import { describePriceGaps, priceGaps, SPOT_PRICE_FACTOR } from './instance-prices';

const KSM = 'job="kube-state-metrics"';

/** Fixed uid of the dashboard. */
export const NODE_POOLS_UID = 'groundwork-node-pools';

const CAPACITY_BY = (by: string) => `sum by (${by}) (kube_node_status_capacity{${KSM},resource="cpu"} * on (node) group_left (capacity_type, instance_type, zone) ${COST_SERIES.nodeInfo})`;

function capacityPanels(ctx: AddonContext): PanelDefinition[] {
  const gaps = priceGaps(ctx.spec);
  return [
    { kind: 'stat', title: 'Nodes by capacity type', description: 'Nodes that are spot or on-demand (Karpenter `karpenter.sh/capacity-type`, managed node groups `eks.amazonaws.com/capacityType`).', width: 6, height: 5, queries: [{ expr: `count by (capacity_type) (${COST_SERIES.nodeInfo})`, legend: '{{capacity_type}}', instant: true }] },
    { kind: 'stat', title: 'Spot share of vCPUs', description: 'vCPUs on spot nodes over all vCPUs.', unit: 'percentunit', width: 6, height: 5, queries: [{ expr: `sum(kube_node_status_capacity{${KSM},resource="cpu"} * on (node) group_left () ${COST_SERIES.nodeInfo}{capacity_type="spot"}) / sum(kube_node_status_capacity{${KSM},resource="cpu"} * on (node) group_left () ${COST_SERIES.nodeInfo})`, instant: true }], noValue: '0' },
    {
      kind: 'stat',
      title: 'Node cost per hour',
      description: `Sum of node prices: on-demand price of the instance type in ${ctx.spec.region}; spot priced at ${SPOT_PRICE_FACTOR.factor} × on-demand (estimate, ${SPOT_PRICE_FACTOR.date}). "no price" when no node is priced.`,
      unit: 'currencyUSD',
      width: 6,
      height: 5,
      noValue: 'no price',
      queries: [{ expr: `sum by (capacity_type) (${COST_SERIES.nodePrice})`, legend: '{{capacity_type}}', instant: true }],
    },
    {
      kind: 'stat',
      title: 'Unpriced nodes',
      description: 'Nodes whose instance type has no entry for this region in lib/addons/dashboards/instance-prices.ts: their cost is not allocated. Add the price.',
      width: 6,
      height: 5,
      noValue: '0',
      queries: [{ expr: `count(${COST_SERIES.nodeUnpriced})`, instant: true }],
    },
    { kind: 'timeseries', title: 'vCPUs by capacity type', description: 'vCPU capacity of spot and on-demand nodes.', stacked: true, width: 8, queries: [{ expr: CAPACITY_BY('capacity_type'), legend: '{{capacity_type}}' }] },
    { kind: 'timeseries', title: 'vCPUs by instance type', description: 'vCPU capacity by instance type and capacity type: how diversified spot is.', stacked: true, width: 8, queries: [{ expr: CAPACITY_BY('instance_type, capacity_type'), legend: '{{instance_type}} {{capacity_type}}' }] },
    { kind: 'timeseries', title: 'vCPUs by zone', description: 'vCPU capacity by availability zone: a zone losing capacity shows here first.', stacked: true, width: 8, queries: [{ expr: CAPACITY_BY('zone'), legend: '{{zone}}' }] },
    { kind: 'table', title: 'Unpriced nodes', description: gaps.length > 0 ? `Known gaps of this environment's pools: ${describePriceGaps(gaps)}.` : 'Every instance type of the pools is priced; a node listed here came from elsewhere.', width: 24, height: 6, noValue: 'none', queries: [{ expr: COST_SERIES.nodeUnpriced, instant: true }] },
  ];
}

function churnPanels(): PanelDefinition[] {
  return [
    { kind: 'timeseries', title: 'Nodes younger than one hour', description: 'Replacements and scale-ups of the last hour (the NodeChurnHigh alert fires above 30% of the fleet).', width: 12, queries: [{ expr: `count(time() - kube_node_created{${KSM}} < 3600) or vector(0)`, legend: 'new nodes' }, { expr: `count(kube_node_created{${KSM}})`, legend: 'all nodes' }] },
    { kind: 'timeseries', title: 'Nodes not ready', description: 'Nodes whose Ready condition is not true.', width: 12, queries: [{ expr: `sum(kube_node_status_condition{${KSM},condition="Ready",status!="true"})`, legend: 'not ready' }] },
  ];
}

function karpenterPanels(): PanelDefinition[] {
  return [
    { kind: 'timeseries', title: 'NodePool usage / limit', description: 'Share of each NodePool limit in use; at 100% Karpenter launches nothing more for it.', unit: 'percentunit', width: 12, queries: [{ expr: 'max by (nodepool, resource_type) (karpenter_nodepools_usage) / max by (nodepool, resource_type) (karpenter_nodepools_limit)', legend: '{{nodepool}} {{resource_type}}' }] },
    { kind: 'timeseries', title: 'Spot interruption notices', description: 'Interruption messages Karpenter received from its SQS queue per hour, by type (spot_interrupted, rebalance recommendation, scheduled change, state change).', width: 12, queries: [{ expr: 'sum by (message_type) (increase(karpenter_interruption_received_messages_total[1h]))', legend: '{{message_type}}' }] },
    { kind: 'timeseries', title: 'Nodes launched and terminated', description: 'Nodes Karpenter created and terminated per hour, by NodePool.', width: 12, queries: [{ expr: 'sum by (nodepool) (increase(karpenter_nodes_created_total[1h]))', legend: 'created {{nodepool}}' }, { expr: 'sum by (nodepool) (increase(karpenter_nodes_terminated_total[1h]))', legend: 'terminated {{nodepool}}' }] },
    { kind: 'timeseries', title: 'Disruptions by reason', description: 'NodeClaims Karpenter disrupted per hour: consolidation (underutilized, empty), drift, expiry, interruption.', width: 12, queries: [{ expr: 'sum by (nodepool, reason) (increase(karpenter_nodeclaims_disrupted_total[1h]))', legend: '{{nodepool}} {{reason}}' }] },
    { kind: 'timeseries', title: 'Cloud provider errors', description: 'EC2 calls Karpenter failed, by method and error (capacity, quota, throttling, IAM).', width: 24, queries: [{ expr: 'sum by (method, error) (rate(karpenter_cloudprovider_errors_total[5m]))', legend: '{{method}} {{error}}' }] },
  ];
}

function clusterAutoscalerPanels(): PanelDefinition[] {
  return [
    { kind: 'timeseries', title: 'Nodes by state', description: 'Nodes cluster-autoscaler sees, by readiness state.', width: 12, queries: [{ expr: 'max by (state) (cluster_autoscaler_nodes_count)', legend: '{{state}}' }] },
    { kind: 'timeseries', title: 'Unschedulable pods', description: 'Pods cluster-autoscaler considers for a scale-up.', width: 12, queries: [{ expr: 'max(cluster_autoscaler_unschedulable_pods_count)', legend: 'unschedulable' }] },
    { kind: 'timeseries', title: 'Scale-ups and scale-downs', description: 'Nodes added and removed per hour.', width: 12, queries: [{ expr: 'sum(increase(cluster_autoscaler_scaled_up_nodes_total[1h]))', legend: 'scaled up' }, { expr: 'sum(increase(cluster_autoscaler_scaled_down_nodes_total[1h]))', legend: 'scaled down' }] },
    { kind: 'timeseries', title: 'Failed scale-ups', description: 'Scale-ups that failed per hour, by reason (spot capacity, quota, launch template).', width: 12, queries: [{ expr: 'sum by (reason) (increase(cluster_autoscaler_failed_scale_ups_total[1h]))', legend: '{{reason}}' }] },
  ];
}

function autoscalerRow(ctx: AddonContext): RowDefinition[] {
  if (ctx.spec.addons.autoscaler === 'karpenter' && ctx.enabled.has('karpenter')) return [{ title: 'Karpenter', panels: karpenterPanels() }];
  if (ctx.spec.addons.autoscaler === 'cluster-autoscaler' && ctx.enabled.has('cluster-autoscaler')) return [{ title: 'cluster-autoscaler', panels: clusterAutoscalerPanels() }];
  return [];
}

/** The node pools dashboard. */
export function nodePoolsDashboard(ctx: AddonContext): GrafanaDashboard {
  return buildDashboard({
    uid: NODE_POOLS_UID,
    title: `Groundwork / Node pools (${ctx.spec.name})`,
    description: 'Spot vs on-demand capacity by instance type and zone, node prices, churn and the node autoscaler.',
    tags: ['capacity', 'cost', 'nodes'],
    rows: [{ title: 'Capacity', panels: capacityPanels(ctx) }, { title: 'Churn', panels: churnPanels() }, ...autoscalerRow(ctx)],
  });
}
