/**
 * Tenants: resource usage and cost allocation per team and namespace. Cost is requests-based
 * (cost-rules.ts states the method), from dated prices (instance-prices.ts); idle capacity is
 * shown on its own, never spread over teams. Usage panels put what a namespace uses next to what
 * it reserves, so a team sees what right-sizing its requests would save.
 */
import type { AddonContext } from '../addon';
import { buildDashboard, type GrafanaDashboard, type PanelDefinition } from './builder';
import { COST_SERIES } from './cost-rules';
import { describePriceGaps, priceGaps, SPOT_PRICE_FACTOR } from './instance-prices';

const KSM = 'job="kube-state-metrics"';
const KUBELET = 'job="kubelet"';
const NS = 'namespace=~"$namespace"';
/** Hours in an average month (8 760 / 12): what "per month" multiplies by. */
export const HOURS_PER_MONTH = 730;

/** Fixed uid of the dashboard. */
export const TENANT_COST_UID = 'groundwork-tenant-cost';

function method(ctx: AddonContext): string {
  const gaps = priceGaps(ctx.spec);
  return [
    '**Method.** A namespace pays for what its Pending/Running pods *request* on each node: its share of the node is the larger of its CPU and memory shares of the node allocatable, times the node price per hour. Shares on a node that add up past 1 are scaled back to 1; what no one requests is **idle** and shown separately.',
    `**Prices.** On-demand USD/hour per instance type in ${ctx.spec.region} from lib/addons/dashboards/instance-prices.ts (dated, with source); spot nodes at ${SPOT_PRICE_FACTOR.factor} × on-demand (estimate, ${SPOT_PRICE_FACTOR.date}). No Savings Plans, EBS, data transfer, load balancers or control plane: compare with the bill, do not invoice from it.`,
    gaps.length > 0 ? `**No price** for: ${describePriceGaps(gaps)}. Their nodes are listed as unpriced and their cost is not allocated.` : '**Every instance type of the pools is priced.** Nodes of other types would show as unpriced.',
  ].join('\n\n');
}

function costPanels(ctx: AddonContext): PanelDefinition[] {
  const usd = { unit: 'currencyUSD', noValue: 'no price' } as const;
  return [
    { kind: 'text', title: 'How cost is allocated', description: 'The allocation method and its limits.', width: 24, height: 6, content: method(ctx) },
    { kind: 'stat', title: 'Cluster cost per hour', description: 'Sum of the priced nodes’ hourly prices.', width: 6, height: 5, ...usd, queries: [{ expr: COST_SERIES.clusterCost, instant: true }] },
    { kind: 'stat', title: 'Cluster cost per month (at this rate)', description: `Cost per hour × ${HOURS_PER_MONTH}.`, width: 6, height: 5, ...usd, queries: [{ expr: `${COST_SERIES.clusterCost} * ${HOURS_PER_MONTH}`, instant: true }] },
    { kind: 'stat', title: 'Allocated to teams per hour', description: 'Cost of requested capacity, all teams (platform included).', width: 6, height: 5, ...usd, queries: [{ expr: `sum(${COST_SERIES.teamCost})`, instant: true }] },
    { kind: 'stat', title: 'Idle per hour', description: 'Cost of capacity no pod requests: headroom, bin-packing loss, nodes draining.', width: 6, height: 5, ...usd, queries: [{ expr: `sum(${COST_SERIES.nodeIdleCost})`, instant: true }] },
    { kind: 'timeseries', title: 'Cost per hour by team', description: 'Requests-based cost by team; `platform` is every namespace without a tenant label.', stacked: true, width: 12, ...usd, queries: [{ expr: `${COST_SERIES.teamCost}{team=~"$team"}`, legend: '{{team}}' }] },
    { kind: 'table', title: 'Cost per month by namespace', description: `Hourly cost × ${HOURS_PER_MONTH}, by namespace and team.`, width: 12, ...usd, queries: [{ expr: `sort_desc(${COST_SERIES.namespaceCost}{team=~"$team"} * ${HOURS_PER_MONTH})`, instant: true }] },
  ];
}

function usagePanels(): PanelDefinition[] {
  return [
    { kind: 'timeseries', title: 'CPU used vs requested', description: 'Cores used (cAdvisor) and requested per namespace: requests far above use are paid-for idle.', width: 12, queries: [{ expr: `sum by (namespace) (rate(container_cpu_usage_seconds_total{${KUBELET},${NS},container!=""}[5m]))`, legend: 'used {{namespace}}' }, { expr: `sum by (namespace) (${COST_SERIES.namespaceNodeCpu}{${NS}})`, legend: 'requested {{namespace}}' }] },
    { kind: 'timeseries', title: 'Memory used vs requested', description: 'Working set and requests per namespace.', unit: 'bytes', width: 12, queries: [{ expr: `sum by (namespace) (container_memory_working_set_bytes{${KUBELET},${NS},container!=""})`, legend: 'used {{namespace}}' }, { expr: `sum by (namespace) (${COST_SERIES.namespaceNodeMemory}{${NS}})`, legend: 'requested {{namespace}}' }] },
    { kind: 'table', title: 'Quota used', description: 'ResourceQuota use over its hard limit per namespace and resource: at 100% new pods are refused.', unit: 'percentunit', width: 24, noValue: 'no quota', queries: [{ expr: `max by (namespace, resource) (kube_resourcequota{${KSM},${NS},type="used"}) / max by (namespace, resource) (kube_resourcequota{${KSM},${NS},type="hard"} > 0)`, instant: true }] },
  ];
}

function idlePanels(): PanelDefinition[] {
  return [
    { kind: 'table', title: 'Idle cost per node', description: 'Hourly price of what nothing requests, per node with its requested share.', width: 24, unit: 'currencyUSD', noValue: 'no price', queries: [{ expr: `sort_desc(${COST_SERIES.nodeIdleCost})`, legend: 'idle', instant: true }, { expr: COST_SERIES.nodeRequestedShare, legend: 'requested share', instant: true }] },
  ];
}

/** The tenant usage and cost dashboard. */
export function tenantCostDashboard(ctx: AddonContext): GrafanaDashboard {
  return buildDashboard({
    uid: TENANT_COST_UID,
    title: `Groundwork / Tenants: usage and cost (${ctx.spec.name})`,
    description: 'Requests-based cost per team and namespace from dated prices, idle capacity, usage against requests and quota.',
    tags: ['cost', 'tenants'],
    from: 'now-7d',
    variables: [
      { name: 'team', label: 'Team', query: `label_values(${COST_SERIES.namespaceCost}, team)` },
      { name: 'namespace', label: 'Namespace', query: `label_values(${COST_SERIES.namespaceCost}{team=~"$team"}, namespace)` },
    ],
    rows: [
      { title: 'Cost', panels: costPanels(ctx) },
      { title: 'Usage against requests', panels: usagePanels() },
      { title: 'Idle capacity', panels: idlePanels() },
    ],
  });
}
