import { App, Chart } from 'cdk8s';
import { parse } from 'yaml';
import type { AddonContext } from '../../lib/addons/addon';
import { isAlertingRule, type RecordingRule } from '../../lib/addons/alerts/types';
import { CATALOGUE } from '../../lib/addons/catalogue';
import {
  addDashboards,
  COST_SERIES,
  costRuleGroup,
  dashboardText,
  INSTANCE_PRICES,
  instancePrice,
  ksmLabel,
  platformDashboards,
  priceGaps,
  pricedInstances,
  queryPanels,
  SPOT_PRICE_FACTOR,
  DASHBOARD_SCHEMA_VERSION,
} from '../../lib/addons/dashboards';
import { GRAFANA_DASHBOARD_LABEL, GRAFANA_DASHBOARD_NAMESPACE, KSM_LABEL_ALLOWLIST, PROMETHEUS_RULE_LABELS } from '../../lib/addons/kube-prometheus-stack-labels';
import { selectAddons } from '../../lib/addons/selection';
import type { KubeObject } from '../../lib/blueprint/manifests';
import { TENANT_NAMESPACE_LABEL } from '../../lib/k8s/tenant';
import { applyDefaults } from '../../lib/spec/defaults';
import type { EnvironmentSpec } from '../../lib/spec/types';
import { dev, prod, staging, STOCK_ENVIRONMENTS } from '../../stacks/environments';
import { InstantEvaluator, type Sample } from '../support/promql-eval';
import { renderedEnvironment } from '../support/rendered';
import { validationReport } from '../support/schema';
import { ALL_RENDER_TARGETS, devIngressNginx, prodMeshOff } from '../support/variants';

const contextOf = (spec: EnvironmentSpec): AddonContext => selectAddons(applyDefaults(spec), CATALOGUE).context;

function synth(ctx: AddonContext): Array<KubeObject & { data?: Record<string, string>; spec?: any }> {
  const chart = new Chart(new App(), 'dashboards');
  addDashboards(chart, ctx);
  return chart.toJson() as never;
}

function titlesOf(ctx: AddonContext, uid: string): string[] {
  const d = platformDashboards(ctx).find((x) => x.uid === uid)!;
  return (d.json.panels as Array<{ title: string }>).map((p) => p.title);
}

describe.each(ALL_RENDER_TARGETS)('dashboards of $name', ({ spec }) => {
  const ctx = contextOf(spec);
  const dashboards = platformDashboards(ctx);

  it('has the four platform dashboards with unique fixed uids (≤ 40 characters)', () => {
    expect(dashboards.map((d) => d.uid)).toEqual(['groundwork-platform-overview', 'groundwork-node-pools', 'groundwork-tenant-cost', 'groundwork-edge-mesh']);
    expect(new Set(dashboards.map((d) => d.uid)).size).toBe(dashboards.length);
    for (const d of dashboards) expect(d.uid.length).toBeLessThanOrEqual(40);
  });

  it('writes valid JSON models: fixed schemaVersion and version, null id, unique panel ids, panels inside the 24-column grid', () => {
    for (const d of dashboards) {
      const json = JSON.parse(dashboardText(d)) as { id: null; uid: string; schemaVersion: number; version: number; panels: Array<{ id: number; gridPos: { x: number; w: number; h: number; y: number } }> };
      expect(json).toMatchObject({ id: null, uid: d.uid, schemaVersion: DASHBOARD_SCHEMA_VERSION, version: 1 });
      const ids = json.panels.map((p) => p.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const p of json.panels) expect(p.gridPos.x + p.gridPos.w).toBeLessThanOrEqual(24);
    }
  });

  it('names the Prometheus datasource by uid on every query panel, every target and every variable', () => {
    for (const d of dashboards) {
      for (const p of queryPanels(d.json)) {
        expect(p.datasource?.uid).toBe('prometheus');
        for (const t of p.targets) expect(t.datasource?.uid).toBe('prometheus');
      }
      for (const v of (d.json.templating as { list: Array<{ datasource: { uid: string } }> }).list) expect(v.datasource.uid).toBe('prometheus');
    }
  });

  it('is deterministic: two syntheses give the same bytes, with sorted keys and no timestamps', () => {
    const a = JSON.stringify(synth(ctx));
    const b = JSON.stringify(synth(contextOf(spec)));
    expect(a).toBe(b);
    for (const d of dashboards) {
      const text = dashboardText(d);
      expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:/);
      const keys = Object.keys(JSON.parse(text) as object);
      expect(keys).toEqual([...keys].sort());
    }
  });

  it('creates one sidecar-labelled ConfigMap per dashboard in monitoring, small enough for client-side apply', () => {
    const maps = synth(ctx).filter((o) => o.kind === 'ConfigMap');
    expect(maps.map((m) => m.metadata.name)).toEqual(dashboards.map((d) => `grafana-dashboard-${d.uid}`));
    for (const m of maps) {
      expect(m.metadata.namespace).toBe(GRAFANA_DASHBOARD_NAMESPACE);
      expect((m.metadata as { labels?: Record<string, string> }).labels).toMatchObject(GRAFANA_DASHBOARD_LABEL);
      const [file, text] = Object.entries(m.data!)[0];
      expect(file).toMatch(/^groundwork-[a-z-]+\.json$/);
      // kubectl / Argo CD client-side apply keep the object in a 256 KiB annotation.
      expect(Buffer.byteLength(text)).toBeLessThan(256 * 1024);
    }
  });

  it('creates the cost PrometheusRule with the platform rule labels and one price series per priced instance and capacity type', () => {
    const rule = synth(ctx).find((o) => o.kind === 'PrometheusRule')!;
    expect(rule.metadata).toMatchObject({ name: 'groundwork-cost', namespace: 'monitoring', labels: PROMETHEUS_RULE_LABELS });
    const prices = (rule.spec.groups[0].rules as RecordingRule[]).filter((r) => r.record === COST_SERIES.instancePrice);
    const pairs = prices.map((r) => `${r.labels!.instance_type}/${r.labels!.capacity_type}`);
    expect(new Set(pairs).size).toBe(pairs.length);
    const expected = ctx.spec.nodePools.flatMap((p) => p.instanceTypes.flatMap((t) => (p.capacity === 'spot' ? [`${t}/on-demand`, `${t}/spot`] : [`${t}/on-demand`])));
    expect(new Set(pairs)).toEqual(new Set(expected));
  });
});

describe('price table', () => {
  it('prices every instance type of every stock environment in its region, each entry dated and sourced', () => {
    for (const env of Object.values(STOCK_ENVIRONMENTS)) {
      const spec = applyDefaults(env);
      expect(priceGaps(spec)).toEqual([]);
      for (const pool of spec.nodePools) {
        for (const type of pool.instanceTypes) {
          const entry = INSTANCE_PRICES[spec.region][type];
          expect(entry.usdPerHour).toBeGreaterThan(0);
          expect(entry.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
          expect(entry.source).toMatch(/^https:\/\/pricing\.us-east-1\.amazonaws\.com\/offers\/.*AmazonEC2.*eu-west-1/);
        }
      }
    }
  });

  it('prices spot at the dated factor of on-demand', () => {
    expect(SPOT_PRICE_FACTOR.factor).toBeGreaterThan(0);
    expect(SPOT_PRICE_FACTOR.factor).toBeLessThan(1);
    expect(SPOT_PRICE_FACTOR.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(instancePrice('eu-west-1', 'm6i.xlarge', 'spot')).toBeCloseTo(INSTANCE_PRICES['eu-west-1']['m6i.xlarge'].usdPerHour * SPOT_PRICE_FACTOR.factor, 6);
  });

  it('names a missing type or region as a gap, shows it on the dashboards and emits no price for it', () => {
    const spec: EnvironmentSpec = { ...dev, nodePools: [...dev.nodePools, { name: 'arm', role: 'general', capacity: 'spot', instanceTypes: ['c7g.large', 'c6g.large', 'c7g.xlarge'], minSize: 0, desiredSize: 0, maxSize: 3 }] };
    const ctx = contextOf(spec);
    expect(priceGaps(ctx.spec).map((g) => `${g.instanceType}:${g.pools.join(',')}`)).toEqual(['c6g.large:arm', 'c7g.large:arm', 'c7g.xlarge:arm']);
    expect(pricedInstances(ctx.spec).some((p) => p.instanceType.startsWith('c7g'))).toBe(false);
    const tenant = JSON.stringify(platformDashboards(ctx).find((d) => d.uid === 'groundwork-tenant-cost')!.json);
    expect(tenant).toContain('**No price** for: c6g.large (pool arm) in eu-west-1; c7g.large (pool arm) in eu-west-1');
    expect(tenant).toContain('"noValue":"no price"');
    expect(priceGaps({ region: 'ap-south-2', nodePools: applyDefaults(dev).nodePools }).length).toBe(3);
  });
});

describe('panels follow what the environment runs', () => {
  it('shows Karpenter panels with Karpenter and cluster-autoscaler panels with cluster-autoscaler', () => {
    const karpenter = titlesOf(contextOf(prod), 'groundwork-node-pools');
    expect(karpenter).toContain('Spot interruption notices');
    expect(karpenter).not.toContain('Failed scale-ups');
    const ca = titlesOf(contextOf({ ...prod, addons: { ...prod.addons, autoscaler: 'cluster-autoscaler' } }), 'groundwork-node-pools');
    expect(ca).toContain('Failed scale-ups');
    expect(ca).not.toContain('Spot interruption notices');
  });

  it('shows the gateway, ingress-nginx or ALB edge and the mesh row only with the mesh', () => {
    const gateway = titlesOf(contextOf(prod), 'groundwork-edge-mesh');
    expect(gateway).toEqual(expect.arrayContaining(['Edge: Istio gateway', 'Mesh', '5xx ratio by service']));
    const nginx = titlesOf(contextOf(devIngressNginx), 'groundwork-edge-mesh');
    expect(nginx).toContain('Edge: ingress-nginx');
    const alb = titlesOf(contextOf(prodMeshOff), 'groundwork-edge-mesh');
    expect(alb).toEqual(['Edge', 'Edge: AWS Load Balancer']);
  });

  it('creates nothing without the metrics stack', () => {
    const spec: EnvironmentSpec = { ...staging, addons: { ...staging.addons, disabled: ['kube-prometheus-stack'] } };
    const ctx = contextOf(spec);
    expect(platformDashboards(ctx)).toEqual([]);
    expect(synth(ctx)).toEqual([]);
  });
});

describe('cost recording rules, evaluated on a fixture', () => {
  const ctx = contextOf(prod);
  const KSM = { job: 'kube-state-metrics' };
  const GiB = 2 ** 30;
  const node = (name: string, labels: Record<string, string>, cpu: number, memGiB: number): Sample[] => [
    { labels: { __name__: 'kube_node_labels', ...KSM, node: name, ...labels }, value: 1 },
    { labels: { __name__: 'kube_node_status_allocatable', ...KSM, node: name, resource: 'cpu', unit: 'core' }, value: cpu },
    { labels: { __name__: 'kube_node_status_allocatable', ...KSM, node: name, resource: 'memory', unit: 'byte' }, value: memGiB * GiB },
  ];
  const pod = (namespace: string, name: string, nodeName: string, phase: string, cpu: number, memGiB: number): Sample[] => [
    { labels: { __name__: 'kube_pod_status_phase', ...KSM, namespace, pod: name, phase }, value: 1 },
    ...['Pending', 'Running', 'Succeeded', 'Failed'].filter((p) => p !== phase).map((p) => ({ labels: { __name__: 'kube_pod_status_phase', ...KSM, namespace, pod: name, phase: p }, value: 0 })),
    // Two containers per pod: requests add up.
    ...[0, 1].flatMap((c) => [
      { labels: { __name__: 'kube_pod_container_resource_requests', ...KSM, namespace, pod: name, container: `c${c}`, node: nodeName, resource: 'cpu', unit: 'core' }, value: cpu / 2 },
      { labels: { __name__: 'kube_pod_container_resource_requests', ...KSM, namespace, pod: name, container: `c${c}`, node: nodeName, resource: 'memory', unit: 'byte' }, value: (memGiB / 2) * GiB },
    ]),
  ];
  const namespace = (name: string, tenant?: string): Sample => ({ labels: { __name__: 'kube_namespace_labels', ...KSM, namespace: name, ...(tenant ? { [ksmLabel(TENANT_NAMESPACE_LABEL)]: tenant } : {}) }, value: 1 });
  const karpenterNode = (type: string, capacity: string, zone: string) => ({ label_node_kubernetes_io_instance_type: type, label_karpenter_sh_capacity_type: capacity, label_topology_kubernetes_io_zone: zone });
  const series: Sample[] = [
    // A Karpenter spot node shared by two tenants whose max shares add up past 1 (CPU-heavy + memory-heavy).
    ...node('spot-1', karpenterNode('m6i.xlarge', 'spot', 'eu-west-1a'), 4, 16),
    // The managed on-demand system node group (no Karpenter label): half requested.
    ...node('system-1', { label_node_kubernetes_io_instance_type: 'm6i.xlarge', label_eks_amazonaws_com_capacity_type: 'ON_DEMAND', label_topology_kubernetes_io_zone: 'eu-west-1b' }, 4, 16),
    // An empty on-demand fallback node: all idle.
    ...node('od-1', karpenterNode('m5.xlarge', 'on-demand', 'eu-west-1c'), 4, 16),
    // A node of a type the table does not price.
    ...node('odd-1', karpenterNode('c7g.large', 'spot', 'eu-west-1a'), 2, 4),
    // A self-managed node with no capacity-type label: in the fleet as `unknown`, unpriced.
    ...node('self-1', { label_node_kubernetes_io_instance_type: 'm6i.xlarge', label_topology_kubernetes_io_zone: 'eu-west-1a' }, 4, 16),
    ...pod('team-a', 'api', 'spot-1', 'Running', 2, 4),
    ...pod('payments', 'ledger', 'spot-1', 'Running', 0.5, 12),
    ...pod('kube-system', 'coredns', 'system-1', 'Running', 2, 2),
    // Finished pods hold nothing.
    ...pod('team-a', 'migrate', 'system-1', 'Succeeded', 2, 8),
    ...pod('team-a', 'worker', 'odd-1', 'Running', 1, 1),
    namespace('team-a', 'team-a'),
    namespace('payments', 'payments'),
    namespace('kube-system'),
  ];
  const evaluator = new InstantEvaluator(series.map((s) => ({ ...s, labels: { ...s.labels } })));
  const out: Record<string, Sample[]> = {};
  for (const rule of costRuleGroup(ctx).rules) {
    if (isAlertingRule(rule)) throw new Error('no alerts in the cost group');
    out[rule.record] = [...(out[rule.record] ?? []), ...evaluator.record(rule.record, rule.expr, rule.labels ? { ...rule.labels } : {})];
  }
  const byLabel = (samples: Sample[], label: string) => Object.fromEntries(samples.map((s) => [s.labels[label], s.value]));
  const onDemand = (t: string) => INSTANCE_PRICES['eu-west-1'][t].usdPerHour;
  const spotPrice = onDemand('m6i.xlarge') * SPOT_PRICE_FACTOR.factor;

  it('records one price series per priced instance and capacity type', () => {
    expect(out[COST_SERIES.instancePrice].length).toBe(pricedInstances(ctx.spec).length);
  });

  it('normalises the capacity type of Karpenter and managed node group nodes and prices every node it can', () => {
    expect(byLabel(out[COST_SERIES.nodeInfo], 'node')).toEqual({ 'spot-1': 1, 'system-1': 1, 'od-1': 1, 'odd-1': 1, 'self-1': 1 });
    expect(out[COST_SERIES.nodeInfo].find((s) => s.labels.node === 'self-1')!.labels.capacity_type).toBe('unknown');
    expect(out[COST_SERIES.nodeInfo].find((s) => s.labels.node === 'system-1')!.labels.capacity_type).toBe('on-demand');
    const prices = byLabel(out[COST_SERIES.nodePrice], 'node');
    expect(prices['spot-1']).toBeCloseTo(spotPrice, 9);
    expect(prices['system-1']).toBeCloseTo(onDemand('m6i.xlarge'), 9);
    expect(prices['od-1']).toBeCloseTo(onDemand('m5.xlarge'), 9);
    expect(prices['odd-1']).toBeUndefined();
    expect(out[COST_SERIES.nodeUnpriced].map((s) => s.labels.node).sort()).toEqual(['odd-1', 'self-1']);
  });

  it('allocates by the larger of the CPU and memory shares, scaled back when a node is over-allocated', () => {
    const cost = Object.fromEntries(out[COST_SERIES.namespaceNodeCost].map((s) => [`${s.labels.namespace}@${s.labels.node}`, s.value]));
    // spot-1: team-a max(2/4, 4/16) = 0.5, payments max(0.5/4, 12/16) = 0.75; total 1.25 → scaled to 0.4 / 0.6.
    expect(cost['team-a@spot-1']).toBeCloseTo(spotPrice * 0.4, 9);
    expect(cost['payments@spot-1']).toBeCloseTo(spotPrice * 0.6, 9);
    // system-1: coredns max(2/4, 2/16) = 0.5; the Succeeded pod counts for nothing.
    expect(cost['kube-system@system-1']).toBeCloseTo(onDemand('m6i.xlarge') * 0.5, 9);
    expect(cost['team-a@system-1']).toBeUndefined();
  });

  it('sums per namespace and team (untenanted namespaces are team platform) and shows idle separately', () => {
    const teams = byLabel(out[COST_SERIES.teamCost], 'team');
    expect(Object.keys(teams).sort()).toEqual(['payments', 'platform', 'team-a']);
    expect(teams['team-a']).toBeCloseTo(spotPrice * 0.4, 9);
    expect(teams.platform).toBeCloseTo(onDemand('m6i.xlarge') * 0.5, 9);
    const idle = byLabel(out[COST_SERIES.nodeIdleCost], 'node');
    expect(idle['spot-1']).toBeCloseTo(0, 9);
    expect(idle['system-1']).toBeCloseTo(onDemand('m6i.xlarge') * 0.5, 9);
    expect(idle['od-1']).toBeCloseTo(onDemand('m5.xlarge'), 9);
  });

  it('loses and double-counts nothing: team costs + idle = cost of the priced nodes', () => {
    const sum = (s: Sample[]) => s.reduce((a, b) => a + b.value, 0);
    const cluster = out[COST_SERIES.clusterCost][0].value;
    expect(cluster).toBeCloseTo(spotPrice + onDemand('m6i.xlarge') + onDemand('m5.xlarge'), 9);
    expect(sum(out[COST_SERIES.teamCost]) + sum(out[COST_SERIES.nodeIdleCost])).toBeCloseTo(cluster, 9);
  });
});

describe('against the rendered environment', () => {
  for (const env of [dev, prod]) {
    it(`${env.name}: every panel's datasource uid is provisioned, and the Grafana sidecar loads the ConfigMaps' label from their namespace`, async () => {
      const rendered = await renderedEnvironment(env);
      const ctx = contextOf(env);
      const datasourceMap = rendered.objects.find((o) => o.kind === 'ConfigMap' && (o.metadata as { labels?: Record<string, string> }).labels?.grafana_datasource === '1') as { data: Record<string, string> } | undefined;
      expect(datasourceMap).toBeDefined();
      const provisioned = new Set((parse(Object.values(datasourceMap!.data)[0]) as { datasources: Array<{ uid: string }> }).datasources.map((d) => d.uid));
      for (const d of platformDashboards(ctx)) for (const p of queryPanels(d.json)) expect(provisioned).toContain(p.datasource!.uid);
      const grafana = rendered.objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'kube-prometheus-stack-grafana') as any;
      const sidecar = grafana.spec.template.spec.containers.find((c: { name: string }) => c.name === 'grafana-sc-dashboard');
      const vars = Object.fromEntries(sidecar.env.map((e: { name: string; value?: string }) => [e.name, e.value]));
      const [label, value] = Object.entries(GRAFANA_DASHBOARD_LABEL)[0];
      expect(vars).toMatchObject({ LABEL: label, LABEL_VALUE: value, NAMESPACE: GRAFANA_DASHBOARD_NAMESPACE });
    });
  }

  it.each([dev, prod])('$name: the deployed platform carries every dashboard ConfigMap and the cost rules, as addDashboards builds them', async (env) => {
    const rendered = await renderedEnvironment(env);
    const expected = synth(contextOf(env));
    expect(expected.length).toBeGreaterThan(4);
    for (const want of expected) {
      const got = rendered.objects.filter((o) => o.kind === want.kind && o.metadata.name === want.metadata.name && o.metadata.namespace === want.metadata.namespace);
      expect(got.length).toBe(1);
      if (want.kind === 'ConfigMap') expect((got[0] as { data?: unknown }).data).toEqual(want.data);
      else expect((got[0] as { spec?: unknown }).spec).toEqual(want.spec);
    }
    // The PrometheusRule against the CRD the chart installs, the ConfigMaps against Kubernetes' schema.
    const crds = rendered.objects.filter((o) => o.kind === 'CustomResourceDefinition');
    const report = validationReport(expected, { crds });
    expect(report.errors).toEqual([]);
    expect(report.validatedBy.length).toBe(expected.length);
    expect(report.validatedBy.filter((v) => !v)).toEqual([]);
  });

  it('prod: kube-state-metrics exports the node and namespace labels the cost rules join on', async () => {
    const rendered = await renderedEnvironment(prod);
    const ksm = rendered.objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'kube-prometheus-stack-kube-state-metrics') as any;
    const args = (ksm.spec.template.spec.containers[0].args as string[]).join(' ');
    for (const label of [...KSM_LABEL_ALLOWLIST.nodes, ...KSM_LABEL_ALLOWLIST.namespaces]) expect(args).toContain(label);
    const exprs = costRuleGroup(contextOf(prod)).rules.map((r) => r.expr).join('\n');
    for (const label of ['node.kubernetes.io/instance-type', 'karpenter.sh/capacity-type', 'eks.amazonaws.com/capacityType', 'topology.kubernetes.io/zone', TENANT_NAMESPACE_LABEL]) {
      expect(exprs).toContain(ksmLabel(label));
    }
  });
});

describe('snapshots per stock environment', () => {
  it.each(Object.keys(STOCK_ENVIRONMENTS))('%s: dashboards (panel titles and queries) and cost rules', (name) => {
    const ctx = contextOf(STOCK_ENVIRONMENTS[name]);
    const summary = platformDashboards(ctx).map((d) => ({
      uid: d.uid,
      title: d.title,
      panels: (d.json.panels as Array<{ title: string; type: string; targets?: Array<{ expr: string }> }>).map((p) => [p.type, p.title, ...(p.targets ?? []).map((t) => t.expr)]),
    }));
    expect({ dashboards: summary, costRules: costRuleGroup(ctx).rules }).toMatchSnapshot();
  });
});
