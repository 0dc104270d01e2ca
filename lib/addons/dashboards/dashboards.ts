/**
 * The platform's Grafana dashboards for one environment, the ConfigMaps the Grafana sidecar loads
 * them from, and the cost recording rules their panels query. Panels exist only for what the
 * environment runs: no Karpenter row under cluster-autoscaler, no mesh row with the mesh off.
 */
import { PrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import type { Construct } from 'constructs';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { emitModel } from '../../k8s/model-object';
import type { AddonContext } from '../addon';
import type { AlertRuleGroup } from '../alerts/types';
import { GRAFANA_DASHBOARD_LABEL, GRAFANA_DASHBOARD_NAMESPACE, PROMETHEUS_RULE_LABELS } from '../kube-prometheus-stack-labels';
import { dashboardText, type GrafanaDashboard } from './builder';
import { costRuleGroup } from './cost-rules';
import { edgeMeshDashboard } from './edge-mesh';
import { nodePoolsDashboard } from './node-pools';
import { platformOverviewDashboard } from './platform-overview';
import { tenantCostDashboard } from './tenant-cost';

/** Name of the PrometheusRule holding the cost recording rules. */
export const COST_RULE_NAME = 'groundwork-cost';

/** Every dashboard of the environment; none without the metrics stack (no Grafana). */
export function platformDashboards(ctx: AddonContext): GrafanaDashboard[] {
  if (!ctx.enabled.has('kube-prometheus-stack')) return [];
  return [platformOverviewDashboard(ctx), nodePoolsDashboard(ctx), tenantCostDashboard(ctx), edgeMeshDashboard(ctx)];
}

/** Recording rule groups the dashboards need; none without the metrics stack. */
export function dashboardRuleGroups(ctx: AddonContext): AlertRuleGroup[] {
  if (!ctx.enabled.has('kube-prometheus-stack')) return [];
  return [costRuleGroup(ctx)];
}

/** ConfigMap name of a dashboard. */
export function dashboardConfigMapName(dashboard: GrafanaDashboard): string {
  return `grafana-dashboard-${dashboard.uid}`;
}

/** The ConfigMap the Grafana sidecar loads `dashboard` from (one JSON file, key `<uid>.json`). */
export function dashboardConfigMap(dashboard: GrafanaDashboard, ctx: AddonContext): ConfigMap {
  return new ConfigMap({
    metadata: {
      name: dashboardConfigMapName(dashboard),
      namespace: GRAFANA_DASHBOARD_NAMESPACE,
      labels: {
        ...GRAFANA_DASHBOARD_LABEL,
        'app.kubernetes.io/part-of': 'groundwork',
        'app.kubernetes.io/managed-by': 'groundwork',
        'groundwork.dev/environment': ctx.spec.name,
      },
    },
    data: { [`${dashboard.uid}.json`]: dashboardText(dashboard) },
  });
}

/** The PrometheusRule of the cost recording rules. */
export function costPrometheusRule(group: AlertRuleGroup): PrometheusRule {
  return new PrometheusRule({
    metadata: { name: COST_RULE_NAME, namespace: GRAFANA_DASHBOARD_NAMESPACE, labels: { ...PROMETHEUS_RULE_LABELS } },
    spec: {
      groups: [
        {
          name: group.name,
          ...(group.interval ? { interval: group.interval } : {}),
          rules: group.rules.map((r) => ('record' in r ? { record: r.record, expr: r.expr, ...(r.labels ? { labels: { ...r.labels } } : {}) } : { ...r })),
        },
      ],
    },
  });
}

/**
 * Dashboard ConfigMaps and the cost PrometheusRule into `scope` (the metrics stack's config
 * chart: the PrometheusRule needs the prometheus-operator CRDs).
 */
export function addDashboards(scope: Construct, ctx: AddonContext): void {
  for (const dashboard of platformDashboards(ctx)) emitModel(scope, `dashboard-${dashboard.uid}`, dashboardConfigMap(dashboard, ctx));
  for (const group of dashboardRuleGroups(ctx)) emitModel(scope, `rules-${COST_RULE_NAME}`, costPrometheusRule(group));
}
