/**
 * Every PromQL expression of the platform — alert and recording rules (lib/addons/alerts), the
 * dashboards' recording rules and panel targets (lib/addons/dashboards, when present) — parses
 * with the Prometheus project's grammar, and every metric it selects is one the platform exposes
 * (docs/metrics/exposed-metrics.json) from a component enabled in that environment, or a series
 * recorded by our own rules. For every render target.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import type { AddonContext } from '../../lib/addons/addon';
import { addAlertRules } from '../../lib/addons/alerts';
import { CATALOGUE } from '../../lib/addons/catalogue';
import { selectAddons } from '../../lib/addons/selection';
import { applyDefaults } from '../../lib/spec/defaults';
import { CHART_VERSIONS } from '../../lib/spec/versions';
import type { AddonId, EnvironmentSpec } from '../../lib/spec/types';
import { prod } from '../../stacks/environments';
import { parsePromql, substituteGrafanaVariables } from '../support/promql';
import { REPO_ROOT } from '../support/rendered';
import { ALL_RENDER_TARGETS, prodAlternatives } from '../support/variants';

interface ExposedMetric { component: AddonId; exporter: string; chartVersion: string; appVersion: string; source: string }
const EXPOSED = (JSON.parse(readFileSync(join(REPO_ROOT, 'docs/metrics/exposed-metrics.json'), 'utf8')) as { metrics: Record<string, ExposedMetric> }).metrics;

/** The dashboards module, when its helper has written it (loaded by path: it may not exist yet). */
interface DashboardsModule {
  platformDashboards(ctx: AddonContext): Array<{ uid: string; title: string; json: unknown }>;
  addDashboards(scope: Construct, ctx: AddonContext): void;
}
const DASHBOARDS_PATH = join(REPO_ROOT, 'lib/addons/dashboards/index.ts');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dashboards: DashboardsModule | undefined = existsSync(DASHBOARDS_PATH) ? (require(DASHBOARDS_PATH) as DashboardsModule) : undefined;

/** One expression and where it comes from. */
interface Expression { where: string; expr: string }

function contextOf(spec: EnvironmentSpec): AddonContext {
  return selectAddons(applyDefaults(spec), CATALOGUE).context;
}

/** Rules as emitted (PrometheusRule objects synthesized by cdk8s), by addAlertRules and addDashboards. */
function emittedRules(ctx: AddonContext): { expressions: Expression[]; records: Set<string> } {
  const chart = new Chart(new App(), 'rules');
  addAlertRules(chart, ctx);
  dashboards?.addDashboards(chart, ctx);
  const expressions: Expression[] = [];
  const records = new Set<string>();
  for (const obj of chart.toJson() as Array<{ kind: string; metadata: { name: string }; spec?: { groups?: Array<{ name: string; rules?: Array<{ alert?: string; record?: string; expr: string | number }> }> } }>) {
    if (obj.kind !== 'PrometheusRule') continue;
    for (const group of obj.spec?.groups ?? []) {
      for (const rule of group.rules ?? []) {
        if (rule.record) records.add(rule.record);
        expressions.push({ where: `PrometheusRule/${obj.metadata.name} ${group.name} ${rule.alert ?? rule.record}`, expr: String(rule.expr) });
      }
    }
  }
  return { expressions, records };
}

/** Every `expr` of every panel target (nested rows included). */
function panelExpressions(ctx: AddonContext): Expression[] {
  const out: Expression[] = [];
  const walk = (node: unknown, where: string): void => {
    if (Array.isArray(node)) node.forEach((n, i) => walk(n, `${where}[${i}]`));
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (Array.isArray(o.targets)) {
        for (const t of o.targets as Array<Record<string, unknown>>) if (typeof t.expr === 'string' && t.expr.trim() !== '') out.push({ where: `${where} "${String(o.title ?? '')}"`, expr: substituteGrafanaVariables(t.expr) });
      }
      for (const [k, v] of Object.entries(o)) if (k !== 'targets') walk(v, `${where}.${k}`);
    }
  };
  for (const d of dashboards?.platformDashboards(ctx) ?? []) walk(d.json, `dashboard ${d.uid}`);
  return out;
}

/** Problems of `expressions` in an environment with `enabled` add-ons, one line each. */
export function promqlProblems(expressions: readonly Expression[], records: ReadonlySet<string>, enabled: ReadonlySet<AddonId>): string[] {
  const problems: string[] = [];
  for (const { where, expr } of expressions) {
    const parsed = parsePromql(expr);
    if (parsed.errors.length > 0) problems.push(`${where}: syntax error at ${parsed.errors[0]}: ${expr}`);
    for (const selector of parsed.unnamed) problems.push(`${where}: selector without a static metric name: ${selector}`);
    for (const metric of parsed.metrics) {
      if (records.has(metric)) continue;
      const exposed = EXPOSED[metric];
      if (!exposed) problems.push(`${where}: ${metric} is not in docs/metrics/exposed-metrics.json`);
      else if (!enabled.has(exposed.component)) problems.push(`${where}: ${metric} comes from ${exposed.component}, which this environment does not run`);
    }
  }
  return problems;
}

function environmentExpressions(spec: EnvironmentSpec): { expressions: Expression[]; records: Set<string>; ctx: AddonContext } {
  const ctx = contextOf(spec);
  const { expressions, records } = emittedRules(ctx);
  return { expressions: [...expressions, ...panelExpressions(ctx)], records, ctx };
}

describe('PromQL of rules and dashboards', () => {
  it.each(ALL_RENDER_TARGETS.map((t) => [t.name, t.spec] as const))('%s: every expression parses and selects only exposed metrics of enabled components', (_, spec) => {
    const { expressions, records, ctx } = environmentExpressions(spec);
    expect(expressions.length).toBeGreaterThan(25);
    expect(promqlProblems(expressions, records, ctx.enabled)).toEqual([]);
  });

  it('fails for a misspelt metric, a syntax error, an unknown function, a dynamic metric name and a metric of a component that is off', () => {
    const ctx = contextOf(prodAlternatives); // cluster-autoscaler, no Karpenter
    const bad: Expression[] = [
      { where: 'misspelt', expr: 'sum(rate(apiserver_requests_total[5m]))' },
      { where: 'syntax', expr: 'sum(rate(apiserver_request_total[5m])' },
      { where: 'function', expr: 'rte(apiserver_request_total[5m])' },
      { where: 'dynamic', expr: 'count({__name__=~"kube_.+"})' },
      { where: 'disabled', expr: 'max(karpenter_cluster_state_synced) == 0' },
    ];
    const problems = promqlProblems(bad, new Set(), ctx.enabled);
    expect(problems).toEqual([
      'misspelt: apiserver_requests_total is not in docs/metrics/exposed-metrics.json',
      expect.stringMatching(/^syntax: syntax error at \d+/),
      expect.stringMatching(/^function: syntax error at \d+/),
      'function: rte is not in docs/metrics/exposed-metrics.json',
      'dynamic: selector without a static metric name: {__name__=~"kube_.+"}',
      'disabled: karpenter_cluster_state_synced comes from karpenter, which this environment does not run',
    ]);
  });

  it('accepts names recorded by our own rules and Grafana variables in panel queries', () => {
    const ctx = contextOf(prod);
    const exprs: Expression[] = [
      { where: 'recorded', expr: 'groundwork:edge_request_errors:ratio_rate5m > 0.01' },
      { where: 'panel', expr: substituteGrafanaVariables('sum by (namespace) (rate(apiserver_request_total{verb=~"$verb"}[$__rate_interval])) * $factor') },
    ];
    expect(promqlProblems(exprs, new Set(['groundwork:edge_request_errors:ratio_rate5m']), ctx.enabled)).toEqual([]);
  });

  it('lists every metric with its component at the pinned chart version and an https source', () => {
    for (const [name, m] of Object.entries(EXPOSED)) {
      expect({ name, chartVersion: m.chartVersion }).toEqual({ name, chartVersion: (CHART_VERSIONS as Record<string, { version: string }>)[m.component]?.version });
      expect({ name, source: m.source }).toEqual({ name, source: expect.stringMatching(/^https:\/\//) });
      expect({ name, exporter: m.exporter.length > 0, appVersion: m.appVersion.length > 0 }).toEqual({ name, exporter: true, appVersion: true });
    }
  });

  it('keeps the list sorted by name (small, reviewable edits)', () => {
    expect(Object.keys(EXPOSED)).toEqual([...Object.keys(EXPOSED)].sort());
  });

  it('lists no metric that no rule or panel uses (the list is what we depend on, kept honest)', () => {
    const used = new Set<string>();
    for (const { spec } of ALL_RENDER_TARGETS) for (const { expr } of environmentExpressions(spec).expressions) parsePromql(expr).metrics.forEach((m) => used.add(m));
    expect(Object.keys(EXPOSED).filter((m) => !used.has(m))).toEqual([]);
  });
});
