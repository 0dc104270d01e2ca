/**
 * Names and labels other modules share with kube-prometheus-stack (monitors, alert rules,
 * dashboards, the log collector). A leaf module: importing it never pulls in the add-on itself.
 */
import { TENANT_NAMESPACE_LABEL } from '../k8s/tenant';

/** Privileged namespace of the node agents (host network, PID and filesystem): node-exporter, Fluent Bit. */
export const MONITORING_AGENTS_NAMESPACE = 'monitoring-agents';

/**
 * Labels ServiceMonitors, PodMonitors and PrometheusRules of the platform carry. Prometheus
 * selects every such object in every namespace whatever its labels (empty selectors); these
 * labels say who owns an object, and dashboards/alerts helpers filter on them, not Prometheus.
 */
export const PROMETHEUS_RULE_LABELS = { 'app.kubernetes.io/part-of': 'groundwork', 'groundwork.dev/monitoring': 'platform' } as const;
/** Same ownership labels for ServiceMonitors and PodMonitors. */
export const MONITOR_LABELS = PROMETHEUS_RULE_LABELS;

/**
 * Object labels kube-state-metrics exports as `kube_node_labels` / `kube_namespace_labels`
 * (`label_<name with _>`): instance type, capacity type and zone of nodes price them; the tenant
 * label of namespaces allocates their cost. Anything else would multiply series for nothing.
 */
export const KSM_LABEL_ALLOWLIST = {
  nodes: ['node.kubernetes.io/instance-type', 'karpenter.sh/capacity-type', 'eks.amazonaws.com/capacityType', 'topology.kubernetes.io/zone'],
  namespaces: [TENANT_NAMESPACE_LABEL],
} as const;

/**
 * Label a dashboard ConfigMap carries for the Grafana sidecar to load it. The sidecar looks in
 * `GRAFANA_DASHBOARD_NAMESPACE` only: watching every namespace needs a ClusterRole that reads
 * every Secret of the cluster (the chart grants configmaps and secrets together).
 */
export const GRAFANA_DASHBOARD_LABEL = { grafana_dashboard: '1' } as const;
/** Namespace dashboard ConfigMaps live in. */
export const GRAFANA_DASHBOARD_NAMESPACE = 'monitoring';
