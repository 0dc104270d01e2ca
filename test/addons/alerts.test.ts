/**
 * The platform's alert rules: routing labels, runbooks both ways, rules only for what runs, the
 * edge SLO burn-rate pair from the spec, the PrometheusRule CRD schema of the pinned chart, and
 * — on the rendered environment — that every job, pod and workload a rule names is one the
 * platform really renders, and that the chart's defaults do not duplicate ours.
 */
import { COST_RULE_NAME } from '../../lib/addons/dashboards';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Chart } from 'cdk8s';
import type { AddonContext } from '../../lib/addons/addon';
import {
  addAlertRules,
  edgeErrorRatioRecord,
  isAlertingRule,
  platformAlertGroups,
  REPLACED_DEFAULT_ALERTS,
  RUNBOOK_DIR,
  runbookUrl,
  type AlertingRule,
} from '../../lib/addons/alerts';
import { PROMETHEUS_RULE_LABELS } from '../../lib/addons/kube-prometheus-stack';
import { CATALOGUE } from '../../lib/addons/catalogue';
import { selectAddons } from '../../lib/addons/selection';
import { applyDefaults } from '../../lib/spec/defaults';
import type { EnvironmentSpec } from '../../lib/spec/types';
import { dev, prod } from '../../stacks/environments';
import { helmTemplate } from '../schema/helm-template';
import { isCrd } from '../support/crd-index';
import type { KubeObject } from '../../lib/blueprint/manifests';
import { renderedEnvironment, REPO_ROOT, type RenderedEnvironment } from '../support/rendered';
import { validateObjects } from '../support/schema';
import { ALL_RENDER_TARGETS, devIngressNginx, prodAlternatives, prodMeshOff } from '../support/variants';

const ctxOf = (spec: EnvironmentSpec): AddonContext => selectAddons(applyDefaults(spec), CATALOGUE).context;
const alertsOf = (spec: EnvironmentSpec): AlertingRule[] => platformAlertGroups(ctxOf(spec)).flatMap((g) => g.rules.filter(isAlertingRule));
const names = (spec: EnvironmentSpec): string[] => [...new Set(alertsOf(spec).map((a) => a.alert))].sort();
const cloudwatchSink: EnvironmentSpec = { ...prod, observability: { ...prod.observability, logs: { sink: 'cloudwatch' } } };
const metricsOff: EnvironmentSpec = { ...dev, observability: { ...dev.observability, metrics: { enabled: false } } };

describe('alert rules', () => {
  it.each(ALL_RENDER_TARGETS.map((t) => [t.name, t.spec] as const))('%s: every alert carries severity, team: platform, summary, description and its runbook link', (_, spec) => {
    for (const a of alertsOf(spec)) {
      expect({ alert: a.alert, severity: a.labels.severity, team: a.labels.team }).toEqual({ alert: a.alert, severity: expect.stringMatching(/^(critical|warning|info)$/), team: 'platform' });
      expect(a.annotations.summary.length).toBeGreaterThan(10);
      expect(a.annotations.description.length).toBeGreaterThan(10);
      expect(a.annotations.runbook_url).toBe(runbookUrl(a.alert));
      expect(a.annotations.runbook_url.endsWith(`${RUNBOOK_DIR}/${a.alert}.md`)).toBe(true);
      expect(a.for).toMatch(/^\d+[smh]$/);
    }
  });

  it.each([['dev', dev], ['prod', prod], ['prod-alternatives', prodAlternatives], ['prod-mesh-off', prodMeshOff]] as const)('%s: rule groups match the snapshot', (_, spec) => {
    expect(platformAlertGroups(ctxOf(spec))).toMatchSnapshot();
  });

  it('gives every alert a runbook and every runbook an alert; the index lists them all', () => {
    const alerts = new Set(ALL_RENDER_TARGETS.flatMap((t) => names(t.spec)));
    // README.md is the index; restore.md is the restore procedure (docs/runbooks/restore.md), no alert's runbook.
    const runbooks = readdirSync(join(REPO_ROOT, RUNBOOK_DIR)).filter((f) => f.endsWith('.md') && !['README.md', 'restore.md'].includes(f)).map((f) => f.slice(0, -3)).sort();
    expect(runbooks).toEqual([...alerts].sort());
    const index = readFileSync(join(REPO_ROOT, RUNBOOK_DIR, 'README.md'), 'utf8');
    for (const name of runbooks) expect({ name, listed: index.includes(`(${name}.md)`) }).toEqual({ name, listed: true });
    for (const name of runbooks) {
      const text = readFileSync(join(REPO_ROOT, RUNBOOK_DIR, `${name}.md`), 'utf8');
      expect({ name, sections: ['## What it means', '## How to confirm', '## How to mitigate', '## Escalation'].filter((s) => !text.includes(s)) }).toEqual({ name, sections: [] });
    }
  });

  it('links each runbook by its repository-relative path, whatever the install location', () => {
    expect(runbookUrl('X')).toBe('docs/runbooks/X.md');
  });

  it('covers the required areas in production (Istio edge, Karpenter)', () => {
    expect(names(prod)).toEqual(expect.arrayContaining([
      'KubeAPIServerErrorsHigh', 'KubeAPIServerLatencyHigh', 'KubeNodeNotReady', 'KubePodsUnschedulable', 'KarpenterNodePoolNearLimit',
      'KarpenterSpotInterruptionsHigh', 'NodeChurnHigh', 'KubePodCrashLooping', 'KubePersistentVolumeFillingUp', 'CertificateExpiringSoon',
      'CertificateNotReady', 'EdgeHighErrorRatio', 'EdgeHighLatency', 'IstiodDown', 'IstioXdsPushErrors', 'IstioMeshHighErrorRatio',
      'PrometheusReplicaDown', 'AlertmanagerReplicaDown', 'LokiRequestErrors', 'FluentBitRecordsDropped', 'OpenTelemetryCollectorExportFailing',
      'KarpenterCloudProviderErrors', 'EdgeErrorBudgetBurnFast', 'EdgeErrorBudgetBurnSlow',
    ]));
  });

  it('has rules only for components the environment runs', () => {
    expect(names(prodMeshOff).filter((n) => /^(Istio|Edge)/.test(n))).toEqual([]); // ALB edge: no in-cluster proxy to measure
    expect(names(prodAlternatives).filter((n) => n.startsWith('Karpenter'))).toEqual([]);
    expect(names(prodAlternatives)).toEqual(expect.arrayContaining(['ClusterAutoscalerScaleUpFailing', 'ClusterAutoscalerErrors', 'ClusterAutoscalerUnsafeToScale']));
    expect(names(prod).filter((n) => n.startsWith('ClusterAutoscaler'))).toEqual([]);
    expect(names(cloudwatchSink).filter((n) => n.startsWith('Loki'))).toEqual([]);
    expect(names(cloudwatchSink)).toContain('FluentBitOutputErrors');
    expect(platformAlertGroups(ctxOf(metricsOff))).toEqual([]);
    const nginxEdge = alertsOf(devIngressNginx).find((a) => a.alert === 'EdgeHighLatency')!;
    expect(nginxEdge.expr).toContain('nginx_ingress_controller_request_duration_seconds_bucket');
  });

  it.each([[99.9, '0.0144', '0.006'], [99.5, '0.072', '0.03'], [99.99, '0.00144', '0.0006']])('burns the %s%% edge SLO budget: fast 14.4× over 1h and 5m, slow 6× over 6h and 30m', (objective, fast, slow) => {
    const spec: EnvironmentSpec = { ...prod, observability: { ...prod.observability, alerting: { ...prod.observability?.alerting, edgeAvailabilityPercent: objective } } };
    const groups = platformAlertGroups(ctxOf(spec));
    const edge = groups.find((g) => g.name === 'groundwork.edge')!;
    const records = edge.rules.filter((r) => !isAlertingRule(r)).map((r) => (r as { record: string }).record);
    expect(records).toEqual(['5m', '30m', '1h', '6h'].map((w) => edgeErrorRatioRecord(w as '5m')));
    const byName = Object.fromEntries(edge.rules.filter(isAlertingRule).map((r) => [r.alert, r]));
    expect(byName.EdgeErrorBudgetBurnFast.expr).toBe(`${edgeErrorRatioRecord('1h')} > ${fast} and ${edgeErrorRatioRecord('5m')} > ${fast}`);
    expect(byName.EdgeErrorBudgetBurnFast.labels.severity).toBe('critical');
    expect(byName.EdgeErrorBudgetBurnSlow.expr).toBe(`${edgeErrorRatioRecord('6h')} > ${slow} and ${edgeErrorRatioRecord('30m')} > ${slow}`);
    expect(byName.EdgeErrorBudgetBurnSlow.labels.severity).toBe('warning');
  });

  it('replaces only chart defaults it really re-implements', () => {
    const ours = new Set(names(prod));
    expect(REPLACED_DEFAULT_ALERTS.filter((n) => !ours.has(n) && n !== 'KubeAPIErrorBudgetBurn')).toEqual([]);
  });

  it('emits one PrometheusRule per group in monitoring, labelled for the platform, group names unique', () => {
    const chart = new Chart(new App(), 'rules');
    addAlertRules(chart, ctxOf(prod));
    const objects = chart.toJson() as Array<{ kind: string; metadata: { name: string; namespace: string; labels: Record<string, string> }; spec: { groups: Array<{ name: string }> } }>;
    expect(objects.map((o) => o.kind)).toEqual(objects.map(() => 'PrometheusRule'));
    expect(objects.map((o) => o.metadata.name)).toEqual(['groundwork-kubernetes', 'groundwork-capacity', 'groundwork-certificates', 'groundwork-edge', 'groundwork-mesh', 'groundwork-observability', 'groundwork-backup', 'groundwork-security']);
    for (const o of objects) expect(o.metadata).toEqual(expect.objectContaining({ namespace: 'monitoring', labels: expect.objectContaining(PROMETHEUS_RULE_LABELS) }));
    const groups = objects.flatMap((o) => o.spec.groups.map((g) => g.name));
    expect(new Set(groups).size).toBe(groups.length);
  });
});

describe('PrometheusRule objects against the CRD the pinned kube-prometheus-stack installs', () => {
  let crds: object[];
  beforeAll(async () => {
    crds = (await helmTemplate({ chart: 'kube-prometheus-stack', version: '88.5.3', namespace: 'monitoring' }, '1.36.0')).filter(isCrd);
  }, 120_000);

  const emitted = (spec: EnvironmentSpec): object[] => {
    const chart = new Chart(new App(), 'rules');
    addAlertRules(chart, ctxOf(spec));
    return chart.toJson() as object[];
  };

  it.each(ALL_RENDER_TARGETS.map((t) => [t.name, t.spec] as const))('%s: validates with zero errors', (_, spec) => {
    expect(crds.some((c) => (c as { metadata: { name: string } }).metadata.name === 'prometheusrules.monitoring.coreos.com')).toBe(true);
    expect(validateObjects(emitted(spec), { crds })).toEqual([]);
  });

  it('rejects a misspelt rule field', () => {
    const [first] = emitted(prod) as Array<{ spec: { groups: Array<{ rules: Array<Record<string, unknown>> }> } }>;
    const broken = structuredClone(first);
    broken.spec.groups[0].rules[0].anotations = {};
    expect(validateObjects([broken], { crds })).toEqual([expect.stringMatching(/spec\.groups\[0\]\.rules\[0\]\.anotations: unknown field/)]);
  });
});

/** Selectors of rule expressions that name rendered things: `job`, `namespace` + `pod` prefix, Istio workload. */
function namedTargets(alerts: readonly AlertingRule[]): { jobs: Set<string>; pods: Set<string>; workloads: Set<string> } {
  const jobs = new Set<string>();
  const pods = new Set<string>();
  const workloads = new Set<string>();
  for (const { expr } of alerts) {
    for (const m of expr.matchAll(/\bjob="([^"]+)"/g)) jobs.add(m[1]);
    for (const m of expr.matchAll(/namespace="([^"]+)",pod=~"([^"]+)\.\*"/g)) pods.add(`${m[1]}/${m[2]}`);
    for (const m of expr.matchAll(/source_workload="([^"]+)",source_workload_namespace="([^"]+)"/g)) workloads.add(`${m[2]}/${m[1]}`);
  }
  return { jobs, pods, workloads };
}

/**
 * The `job` of every target a rendered ServiceMonitor selects: the selected Service's `jobLabel`
 * label when the monitor names one, else the Service's name (prometheus-operator's rule).
 */
function renderedJobs(objects: readonly KubeObject[]): Set<string> {
  const jobs = new Set<string>();
  const services = objects.filter((o) => o.kind === 'Service') as Array<KubeObject & { metadata: { labels?: Record<string, string> } }>;
  for (const monitor of objects.filter((o) => o.kind === 'ServiceMonitor')) {
    const spec = monitor.spec as { jobLabel?: string; selector?: { matchLabels?: Record<string, string> }; namespaceSelector?: { matchNames?: string[]; any?: boolean } };
    const namespaces = spec.namespaceSelector?.any ? undefined : (spec.namespaceSelector?.matchNames ?? [monitor.metadata.namespace]);
    for (const svc of services) {
      if (namespaces && !namespaces.includes(svc.metadata.namespace)) continue;
      const labels = svc.metadata.labels ?? {};
      if (!Object.entries(spec.selector?.matchLabels ?? {}).every(([k, v]) => labels[k] === v)) continue;
      const job = spec.jobLabel ? labels[spec.jobLabel] : svc.metadata.name;
      if (job) jobs.add(job);
    }
  }
  return jobs;
}

/** `spec` with an alert receiver (production refuses to render without one). */
function withReceiver(spec: EnvironmentSpec): EnvironmentSpec {
  if (spec.observability?.alerting?.receivers?.length) return spec;
  const receiver = { name: 'platform-oncall', type: 'pagerduty' as const, secret: { name: 'alertmanager-pagerduty', key: 'routing-key' } };
  return { ...spec, observability: { ...spec.observability, alerting: { ...spec.observability?.alerting, receivers: [receiver] } } };
}

describe.each([['prod', withReceiver(prod)], ['dev-ingress-nginx', devIngressNginx]] as const)('rules against the rendered %s environment', (_, spec) => {
  let env: RenderedEnvironment;
  beforeAll(async () => {
    env = await renderedEnvironment(spec);
  }, 600_000);

  const workloadNames = (): string[] =>
    env.objects.filter((o) => ['Deployment', 'StatefulSet', 'DaemonSet'].includes(o.kind)).map((o) => `${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`);

  it('names only jobs, pods and workloads the platform renders', () => {
    const { jobs, pods, workloads } = namedTargets(alertsOf(spec));
    // The kubelet's Service is created by the operator at runtime and the API server's
    // (default/kubernetes) by Kubernetes: their jobs (`kubelet`, `apiserver`) are the chart's.
    const knownJobs = new Set([...renderedJobs(env.objects), 'apiserver', 'kubelet']);
    expect([...jobs].filter((j) => !knownJobs.has(j))).toEqual([]);
    const rendered = workloadNames();
    // A pod's name is its workload's name, a dash and a suffix: `istiod-…` matches Deployment istiod.
    expect([...pods].filter((p) => !rendered.some((w) => `${w}-`.startsWith(p) || w.startsWith(p)))).toEqual([]);
    expect([...workloads].filter((w) => !rendered.includes(w))).toEqual([]);
    expect(pods.size).toBeGreaterThan(3);
  });

  it("does not duplicate our alerts among the chart's default rules (REPLACED_DEFAULT_ALERTS disabled in its values)", () => {
    const ours = new Set(alertsOf(spec).map((a) => a.alert));
    const chartRules = env.releases.find((r) => r.release === 'kube-prometheus-stack')!.objects.filter((o) => o.kind === 'PrometheusRule');
    expect(chartRules.length).toBeGreaterThan(10);
    const chartAlerts = chartRules.flatMap((o) => ((o.spec as { groups: Array<{ rules: Array<{ alert?: string }> }> }).groups.flatMap((g) => g.rules.map((r) => r.alert))));
    expect(chartAlerts.filter((a): a is string => a !== undefined && (ours.has(a) || (REPLACED_DEFAULT_ALERTS as readonly string[]).includes(a)))).toEqual([]);
  });

  it('ships our PrometheusRules in the manifests (kube-prometheus-stack configure calls addAlertRules)', () => {
    // The cost recording rules (dashboards) ship beside them.
    const shipped = env.manifests.filter((o) => o.kind === 'PrometheusRule' && (o.metadata.name ?? '').startsWith('groundwork-') && o.metadata.name !== COST_RULE_NAME && o.metadata.namespace === 'monitoring');
    expect(shipped.map((o) => o.metadata.name).sort()).toEqual(platformAlertGroups(ctxOf(spec)).map((g) => g.name.replace('.', '-')).sort());
  });
});

describe('runbook files exist where the links point', () => {
  it('has a file for every runbook_url of every environment', () => {
    for (const { spec } of ALL_RENDER_TARGETS) for (const a of alertsOf(spec)) expect(existsSync(join(REPO_ROOT, RUNBOOK_DIR, `${a.alert}.md`))).toBe(true);
  });
});
