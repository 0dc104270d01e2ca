/**
 * The platform's alert rules for one environment, and the PrometheusRule objects carrying them.
 * Rules exist only for what the environment runs (ctx.enabled): no Istio rules with the mesh
 * off, no Karpenter rules under cluster-autoscaler, no Loki rules with the CloudWatch sink.
 */
import { PrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import type { Construct } from 'constructs';
import { emitModel } from '../../k8s/model-object';
import type { AddonContext } from '../addon';
import { PROMETHEUS_RULE_LABELS } from '../kube-prometheus-stack-labels';
import { backupGroup } from './backup';
import { capacityGroup } from './capacity';
import { certificatesGroup } from './certificates';
import { edgeGroup } from './edge';
import { kubernetesGroup } from './kubernetes';
import { meshGroup } from './mesh';
import { observabilityGroup } from './observability';
import { securityGroup } from './security';
import type { AlertRuleGroup } from './types';

/** Namespace of the platform's PrometheusRules (Prometheus selects rules in every namespace). */
export const ALERT_RULES_NAMESPACE = 'monitoring';

/**
 * kube-prometheus-stack default alerts these rules replace (same concern, with a runbook in this
 * repository): the chart must not create them too (`defaultRules.disabled`), or every such
 * incident pages twice.
 */
export const REPLACED_DEFAULT_ALERTS = ['KubeAPIErrorBudgetBurn', 'KubeNodeNotReady', 'KubePersistentVolumeFillingUp', 'KubePodCrashLooping'] as const;

/** Every rule group of the platform for this environment; none without the metrics stack. */
export function platformAlertGroups(ctx: AddonContext): AlertRuleGroup[] {
  if (!ctx.enabled.has('kube-prometheus-stack')) return [];
  return [
    kubernetesGroup(),
    capacityGroup(ctx),
    ...certificatesGroup(ctx),
    ...edgeGroup(ctx),
    ...meshGroup(ctx),
    observabilityGroup(ctx),
    ...backupGroup(ctx),
    ...securityGroup(ctx),
  ].filter((g) => g.rules.length > 0);
}

/** Object name of a group's PrometheusRule: `groundwork.edge` → `groundwork-edge`. */
export function prometheusRuleName(group: AlertRuleGroup): string {
  return group.name.replace(/[^a-z0-9-]/g, '-');
}

/** The PrometheusRule model of one group (validated against the model's schema when emitted). */
export function prometheusRule(group: AlertRuleGroup): PrometheusRule {
  return new PrometheusRule({
    metadata: { name: prometheusRuleName(group), namespace: ALERT_RULES_NAMESPACE, labels: { ...PROMETHEUS_RULE_LABELS } },
    spec: {
      groups: [
        {
          name: group.name,
          ...(group.interval ? { interval: group.interval } : {}),
          rules: group.rules.map((r) => ({ ...r, labels: r.labels ? { ...r.labels } : undefined, ...('annotations' in r ? { annotations: { ...r.annotations } } : {}) })).map(dropUndefined),
        },
      ],
    },
  });
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** One PrometheusRule per group into `scope` (the metrics stack's config chart). */
export function addAlertRules(scope: Construct, ctx: AddonContext): void {
  for (const group of platformAlertGroups(ctx)) emitModel(scope, `alerts-${prometheusRuleName(group)}`, prometheusRule(group));
}
