/**
 * The shape of the platform's Prometheus rules, independent of the PrometheusRule model: rule
 * files read by people (runbooks link back here) and by the PromQL tests, which parse every
 * expression and check every metric name against docs/metrics/exposed-metrics.json.
 */
import type { AlertSeverity } from '../../spec/types';
import { runbookUrl } from './runbooks';

/** An alerting rule. */
export interface AlertingRule {
  /** Alert name, UpperCamelCase; also the runbook's file name (`docs/runbooks/<alert>.md`). */
  readonly alert: string;
  /** PromQL expression; every series it returns is one firing alert. */
  readonly expr: string;
  /** How long the expression must hold before the alert fires. */
  readonly for: string;
  /** `severity` (routing), `team: platform` (routing), plus any extra labels. */
  readonly labels: Readonly<Record<string, string>> & { severity: AlertSeverity; team: string };
  /** `summary`, `description` (with `{{ $labels.x }}` templating) and `runbook_url`. */
  readonly annotations: Readonly<Record<string, string>> & { summary: string; description: string; runbook_url: string };
}

/** A recording rule: a precomputed series other rules (or panels) use. */
export interface RecordingRule {
  /** Series name, `level:metric:operations` (Prometheus naming convention). */
  readonly record: string;
  /** PromQL expression. */
  readonly expr: string;
  /** Extra labels. @default none */
  readonly labels?: Readonly<Record<string, string>>;
}

/** One rule group: evaluated together, at one interval. */
export interface AlertRuleGroup {
  /** Group name, unique across the platform's rules, e.g. `groundwork.edge`. */
  readonly name: string;
  /** Evaluation interval. @default Prometheus' global evaluation interval (30 s in the chart) */
  readonly interval?: string;
  /** Rules, in evaluation order (recording rules before the alerts that use them). */
  readonly rules: ReadonlyArray<AlertingRule | RecordingRule>;
}

/** Whether `rule` is an alerting rule. */
export function isAlertingRule(rule: AlertingRule | RecordingRule): rule is AlertingRule {
  return 'alert' in rule;
}

/** The team label of every platform alert; Alertmanager routes on it (spec.observability.alerting.routes). */
export const PLATFORM_TEAM = 'platform';

/** What an alert says; `alert()` adds the routing labels and the runbook link. */
export interface AlertDefinition {
  alert: string;
  expr: string;
  for: string;
  severity: AlertSeverity;
  summary: string;
  description: string;
  /** Extra labels (never `severity` or `team`). @default none */
  labels?: Record<string, string>;
}

/** An alerting rule with `severity`, `team: platform` and `runbook_url` filled in. */
export function alert(definition: AlertDefinition): AlertingRule {
  return {
    alert: definition.alert,
    expr: definition.expr,
    for: definition.for,
    labels: { ...definition.labels, severity: definition.severity, team: PLATFORM_TEAM },
    annotations: { summary: definition.summary, description: definition.description, runbook_url: runbookUrl(definition.alert) },
  };
}
