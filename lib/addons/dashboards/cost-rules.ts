/**
 * Cost allocation as Prometheus recording rules, from kube-state-metrics and the dated price
 * table (instance-prices.ts). Requests-based, not usage-based: a namespace pays for what it
 * reserves, because that is what the scheduler keeps from everyone else.
 *
 *   price(node)          = on-demand price of its instance type in the region (× the spot factor for spot nodes)
 *   share(ns, node)      = max(cpu requests / cpu allocatable, memory requests / memory allocatable)
 *                          over the namespace's Pending/Running pods bound to the node
 *   requested(node)      = Σ_ns share(ns, node)
 *   cost(ns, node)       = price(node) × share(ns, node) / max(1, requested(node))
 *   idle(node)           = price(node) × max(0, 1 − requested(node))
 *
 * so Σ_ns cost(ns, node) + idle(node) = price(node) on every node: nothing is counted twice (the
 * max of two shares can add up past 1 when one namespace fills the CPU and another the memory;
 * the division scales them back) and nothing is lost (idle capacity is its own series, shown
 * separately, never spread over tenants). Teams are tenants: namespaces carrying the tenant
 * label; every other namespace is team `platform`.
 */
import { TENANT_NAMESPACE_LABEL } from '../../k8s/tenant';
import type { AddonContext } from '../addon';
import type { AlertRuleGroup, RecordingRule } from '../alerts/types';
import { pricedInstances } from './instance-prices';

/** Names of the recorded series (dashboards query these, never the raw joins). */
export const COST_SERIES = {
  instancePrice: 'groundwork:instance_price_per_hour:usd',
  nodeInfo: 'groundwork:node_capacity:info',
  nodePrice: 'groundwork:node_price_per_hour:usd',
  nodeUnpriced: 'groundwork:node_unpriced:info',
  namespaceNodeCpu: 'groundwork:namespace_node_cpu_requests:cores',
  namespaceNodeMemory: 'groundwork:namespace_node_memory_requests:bytes',
  namespaceNodeShare: 'groundwork:namespace_node_share:ratio',
  nodeRequestedShare: 'groundwork:node_requested_share:ratio',
  namespaceNodeCost: 'groundwork:namespace_node_cost_per_hour:usd',
  namespaceCost: 'groundwork:namespace_cost_per_hour:usd',
  teamCost: 'groundwork:team_cost_per_hour:usd',
  nodeIdleCost: 'groundwork:node_idle_cost_per_hour:usd',
  clusterCost: 'groundwork:cluster_cost_per_hour:usd',
} as const;

/** Team of namespaces without the tenant label (kube-system, monitoring, istio-system…). */
export const PLATFORM_TEAM_NAME = 'platform';

const KSM = 'job="kube-state-metrics"';

/** kube-state-metrics' name of a Kubernetes label (`label_` + snake case), e.g. `groundwork.dev/tenant` → `label_groundwork_dev_tenant`. */
export function ksmLabel(label: string): string {
  return `label_${label.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase().replace(/[^a-z0-9_]/g, '_')}`;
}

const INSTANCE_TYPE = ksmLabel('node.kubernetes.io/instance-type');
const ZONE = ksmLabel('topology.kubernetes.io/zone');
const KARPENTER_CAPACITY = ksmLabel('karpenter.sh/capacity-type');
const EKS_CAPACITY = ksmLabel('eks.amazonaws.com/capacityType');
const TENANT = ksmLabel(TENANT_NAMESPACE_LABEL);

/** One constant series per priced (instance type, capacity type) of the environment. */
function priceRules(ctx: AddonContext): RecordingRule[] {
  return pricedInstances(ctx.spec).map((p) => ({
    record: COST_SERIES.instancePrice,
    expr: `vector(${p.usdPerHour})`,
    labels: { instance_type: p.instanceType, capacity_type: p.capacityType },
  }));
}

/** kube_node_labels with `instance_type`, `zone` and a normalised `capacity_type` (`spot` / `on-demand`). */
function nodeInfoExpr(): string {
  const common = (selector: string, capacity: string): string =>
    `label_replace(label_replace(label_replace(kube_node_labels{${KSM},${selector}}, "instance_type", "$1", "${INSTANCE_TYPE}", "(.+)"), "zone", "$1", "${ZONE}", "(.+)"), "capacity_type", ${capacity})`;
  // Karpenter nodes say `spot` / `on-demand` (or `reserved`: unpriced, so listed as such);
  // managed node groups say `SPOT` / `ON_DEMAND`; a node with neither is `unknown` (unpriced)
  // rather than missing from the fleet.
  const karpenter = common(`${KARPENTER_CAPACITY}!=""`, `"$1", "${KARPENTER_CAPACITY}", "(.+)"`);
  const mngSpot = common(`${KARPENTER_CAPACITY}="",${EKS_CAPACITY}="SPOT"`, `"spot", "", ""`);
  const mngOnDemand = common(`${KARPENTER_CAPACITY}="",${EKS_CAPACITY}="ON_DEMAND"`, `"on-demand", "", ""`);
  const unknown = common(`${KARPENTER_CAPACITY}="",${EKS_CAPACITY}!~"SPOT|ON_DEMAND"`, `"unknown", "", ""`);
  return `max by (node, instance_type, capacity_type, zone) (${karpenter} or ${mngSpot} or ${mngOnDemand} or ${unknown})`;
}

function requestsExpr(resource: 'cpu' | 'memory'): string {
  // Only pods that hold their requests on a node: Pending (bound, starting) and Running.
  return `sum by (namespace, node) (kube_pod_container_resource_requests{${KSM},resource="${resource}",node!=""} * on (namespace, pod) group_left () max by (namespace, pod) (kube_pod_status_phase{${KSM},phase=~"Pending|Running"} == 1))`;
}

function allocatable(resource: 'cpu' | 'memory'): string {
  return `max by (node) (kube_node_status_allocatable{${KSM},resource="${resource}"})`;
}

const NODE_PRICE = `max by (node) (${COST_SERIES.nodePrice})`;

function allocationRules(): RecordingRule[] {
  const s = COST_SERIES;
  return [
    { record: s.nodeInfo, expr: nodeInfoExpr() },
    { record: s.nodePrice, expr: `${s.nodeInfo} * on (instance_type, capacity_type) group_left () ${s.instancePrice}` },
    { record: s.nodeUnpriced, expr: `${s.nodeInfo} unless on (instance_type, capacity_type) ${s.instancePrice}` },
    { record: s.namespaceNodeCpu, expr: requestsExpr('cpu') },
    { record: s.namespaceNodeMemory, expr: requestsExpr('memory') },
    {
      record: s.namespaceNodeShare,
      // The `resource` label keeps both shares apart through `or`; max by drops it again.
      expr: `max by (namespace, node) (label_replace(${s.namespaceNodeCpu} / on (node) group_left () ${allocatable('cpu')}, "resource", "cpu", "", "") or label_replace(${s.namespaceNodeMemory} / on (node) group_left () ${allocatable('memory')}, "resource", "memory", "", ""))`,
    },
    { record: s.nodeRequestedShare, expr: `sum by (node) (${s.namespaceNodeShare})` },
    {
      record: s.namespaceNodeCost,
      expr: `${s.namespaceNodeShare} / on (node) group_left () clamp_min(${s.nodeRequestedShare}, 1) * on (node) group_left () ${NODE_PRICE}`,
    },
    {
      record: s.namespaceCost,
      expr: `sum by (namespace) (${s.namespaceNodeCost}) * on (namespace) group_left (team) max by (namespace, team) (label_replace(label_replace(kube_namespace_labels{${KSM}}, "team", "$1", "${TENANT}", "(.+)"), "team", "${PLATFORM_TEAM_NAME}", "team", ""))`,
    },
    { record: s.teamCost, expr: `sum by (team) (${s.namespaceCost})` },
    {
      record: s.nodeIdleCost,
      // A node with no requests at all has no share series: its requested share is 0.
      expr: `${NODE_PRICE} * clamp_min(1 - (${s.nodeRequestedShare} or on (node) 0 * ${NODE_PRICE}), 0)`,
    },
    { record: s.clusterCost, expr: `sum(${s.nodePrice})` },
  ];
}

/** The `groundwork.cost` recording rules: prices first, then the joins that use them. */
export function costRuleGroup(ctx: AddonContext): AlertRuleGroup {
  return { name: 'groundwork.cost', interval: '1m', rules: [...priceRules(ctx), ...allocationRules()] };
}
