/**
 * Platform overview: is the cluster healthy and does it have room? CPU and memory requests
 * against allocatable (what the scheduler can still place), pods by phase, nodes ready, the API
 * server's traffic, errors and latency, and the alerts firing now by severity.
 */
import type { AddonContext } from '../addon';
import { buildDashboard, type GrafanaDashboard, type PanelDefinition } from './builder';

const KSM = 'job="kube-state-metrics"';
const APISERVER = 'job="apiserver"';
const HOLDING = `on (namespace, pod) group_left () max by (namespace, pod) (kube_pod_status_phase{${KSM},phase=~"Pending|Running"} == 1)`;

/** Fixed uid of the dashboard. */
export const PLATFORM_OVERVIEW_UID = 'groundwork-platform-overview';

function requestsRatio(resource: 'cpu' | 'memory'): string {
  return `sum(kube_pod_container_resource_requests{${KSM},resource="${resource}"} * ${HOLDING}) / sum(kube_node_status_allocatable{${KSM},resource="${resource}"})`;
}

function capacityPanels(): PanelDefinition[] {
  const stat = (title: string, resource: 'cpu' | 'memory'): PanelDefinition => ({
    kind: 'stat',
    title,
    description: `Requests of Pending and Running pods over the allocatable ${resource} of every node. Near 100% new pods stay Pending until the autoscaler adds a node.`,
    unit: 'percentunit',
    width: 6,
    height: 5,
    queries: [{ expr: requestsRatio(resource), instant: true }],
  });
  return [
    stat('CPU requested / allocatable', 'cpu'),
    stat('Memory requested / allocatable', 'memory'),
    { kind: 'stat', title: 'Nodes ready', description: 'Nodes whose Ready condition is true, of all nodes.', width: 6, height: 5, queries: [{ expr: `sum(kube_node_status_condition{${KSM},condition="Ready",status="true"})`, legend: 'ready', instant: true }, { expr: `count(kube_node_info{${KSM}})`, legend: 'nodes', instant: true }] },
    { kind: 'stat', title: 'Pods not running', description: 'Pods Pending, Failed or Unknown: Pending for minutes means no capacity or an unschedulable spec.', width: 6, height: 5, queries: [{ expr: `sum by (phase) (kube_pod_status_phase{${KSM},phase=~"Pending|Failed|Unknown"})`, legend: '{{phase}}', instant: true }] },
    {
      kind: 'timeseries',
      title: 'CPU: requested vs allocatable',
      description: 'Cores requested by Pending/Running pods and cores allocatable on all nodes.',
      unit: 'short',
      queries: [
        { expr: `sum(kube_pod_container_resource_requests{${KSM},resource="cpu"} * ${HOLDING})`, legend: 'requested' },
        { expr: `sum(kube_node_status_allocatable{${KSM},resource="cpu"})`, legend: 'allocatable' },
      ],
    },
    {
      kind: 'timeseries',
      title: 'Memory: requested vs allocatable',
      description: 'Bytes requested by Pending/Running pods and bytes allocatable on all nodes.',
      unit: 'bytes',
      queries: [
        { expr: `sum(kube_pod_container_resource_requests{${KSM},resource="memory"} * ${HOLDING})`, legend: 'requested' },
        { expr: `sum(kube_node_status_allocatable{${KSM},resource="memory"})`, legend: 'allocatable' },
      ],
    },
    { kind: 'timeseries', title: 'Pods by phase', description: 'Every pod of the cluster by phase.', stacked: true, queries: [{ expr: `sum by (phase) (kube_pod_status_phase{${KSM}})`, legend: '{{phase}}' }] },
    { kind: 'timeseries', title: 'Container restarts', description: 'Restarts per namespace over 15 minutes: a rising line is a crash loop or OOM kills.', queries: [{ expr: `sum by (namespace) (increase(kube_pod_container_status_restarts_total{${KSM}}[15m])) > 0`, legend: '{{namespace}}' }] },
  ];
}

function apiServerPanels(): PanelDefinition[] {
  return [
    { kind: 'timeseries', title: 'API server requests by code', description: 'Requests per second the API server answered, by HTTP status code.', unit: 'reqps', width: 8, queries: [{ expr: `sum by (code) (rate(apiserver_request_total{${APISERVER}}[5m]))`, legend: '{{code}}' }] },
    { kind: 'timeseries', title: 'API server 5xx ratio', description: 'Share of API requests answered with 5xx (the KubeApiServerErrors alert fires above 5%).', unit: 'percentunit', width: 8, queries: [{ expr: `sum(rate(apiserver_request_total{${APISERVER},code=~"5.."}[5m])) / sum(rate(apiserver_request_total{${APISERVER}}[5m]))`, legend: '5xx' }] },
    {
      kind: 'timeseries',
      title: 'API server p99 latency by verb',
      description: 'p99 latency of single-object requests (watch, connect and streaming subresources excluded: they are long by design).',
      unit: 's',
      width: 8,
      queries: [{ expr: `histogram_quantile(0.99, sum by (le, verb) (rate(apiserver_request_duration_seconds_bucket{${APISERVER},verb=~"GET|POST|PUT|PATCH|DELETE",subresource!~"log|exec|portforward|attach|proxy"}[5m])))`, legend: '{{verb}}' }],
    },
  ];
}

function alertPanels(): PanelDefinition[] {
  return [
    { kind: 'stat', title: 'Alerts firing by severity', description: 'Alerts Prometheus is firing now (before Alertmanager silences and inhibitions).', width: 8, queries: [{ expr: 'sum by (severity) (ALERTS{alertstate="firing",alertname!="Watchdog",alertname!="InfoInhibitor"})', legend: '{{severity}}', instant: true }], noValue: '0' },
    { kind: 'table', title: 'Alerts firing', description: 'Every firing alert with its labels (Watchdog, the always-firing heartbeat, left out).', width: 16, queries: [{ expr: 'ALERTS{alertstate="firing",alertname!="Watchdog",alertname!="InfoInhibitor"}', instant: true }], noValue: 'none' },
  ];
}

/** The platform overview dashboard. */
export function platformOverviewDashboard(ctx: AddonContext): GrafanaDashboard {
  return buildDashboard({
    uid: PLATFORM_OVERVIEW_UID,
    title: `Groundwork / Platform overview (${ctx.spec.name})`,
    description: 'Cluster capacity against requests, pods, nodes, API server health and firing alerts.',
    tags: ['platform', 'overview'],
    rows: [
      { title: 'Capacity and workloads', panels: capacityPanels() },
      { title: 'API server', panels: apiServerPanels() },
      { title: 'Alerts', panels: alertPanels() },
    ],
  });
}
