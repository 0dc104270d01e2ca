import { REPLACED_DEFAULT_ALERTS } from '../../lib/addons/alerts';
import { alertmanagerConfig, DISCARD_RECEIVER, NULL_RECEIVER } from '../../lib/addons/alertmanager-config';
import { GRAFANA_ADMIN_SECRET, GRAFANA_DASHBOARD_LABEL } from '../../lib/addons/grafana-values';
import { KSM_LABEL_ALLOWLIST, kubePrometheusStack, MONITORING_AGENTS_NAMESPACE } from '../../lib/addons/kube-prometheus-stack';
import { ALERTMANAGER_CONFIG_SECRET, prometheusReplicas } from '../../lib/addons/kube-prometheus-stack-components';
import type { KubeObject } from '../../lib/blueprint/manifests';
import { checkReadiness } from '../../lib/readiness';
import { checkValuesKeys } from '../../lib/render/values-keys';
import { applyDefaults } from '../../lib/spec/defaults';
import type { AddonId, EnvironmentSpec } from '../../lib/spec/types';
import { dev, prod, staging } from '../../stacks/environments';
import { ofKind, synthesize } from '../support/environment';
import { renderedEnvironment, type RenderedEnvironment } from '../support/rendered';
import { validationReport } from '../support/schema';
import { prodGitops } from '../support/variants';

/** Production with receivers (the spec rules require them there) and routes by severity and team. */
const prodAlerting: EnvironmentSpec = {
  ...prod,
  observability: {
    ...prod.observability,
    alerting: {
      receivers: [
        { name: 'platform-oncall', type: 'pagerduty', secret: { name: 'alertmanager-pagerduty', key: 'routing-key' } },
        { name: 'platform-chat', type: 'slack', secret: { name: 'alertmanager-slack', key: 'webhook-url' }, channel: '#platform-alerts' },
        { name: 'payments', type: 'opsgenie', secret: { name: 'alertmanager-opsgenie', key: 'api-key' } },
        { name: 'audit', type: 'webhook', secret: { name: 'alertmanager-slack', key: 'audit-url' }, sendResolved: false },
      ],
      routes: [
        { receiver: 'platform-oncall', severity: 'critical', continue: true },
        { receiver: 'payments', team: 'payments' },
        { receiver: 'audit', severity: 'info', team: 'platform' },
      ],
      defaultReceiver: 'platform-chat',
    },
  },
};

const ALL: AddonId[] = ['kube-prometheus-stack', 'loki', 'tempo'];
const ctx = (env: EnvironmentSpec, enabled: AddonId[] = ALL) => ({ spec: applyDefaults(env), enabled: new Set(enabled) });
const values = (env: EnvironmentSpec, enabled?: AddonId[]) => kubePrometheusStack.values(ctx(env, enabled));

type Obj = KubeObject & { spec?: any; data?: Record<string, string>; metadata: { name: string; namespace?: string; labels?: Record<string, string> } };
const kps = (env: RenderedEnvironment): Obj[] => env.releases.find((r) => r.release === 'kube-prometheus-stack')!.objects as Obj[];
const one = (objects: Obj[], kind: string, name?: string): Obj => {
  const found = objects.filter((o) => o.kind === kind && (!name || o.metadata.name === name));
  expect(found.map((o) => o.metadata.name)).toHaveLength(1);
  return found[0];
};
const decodedAlertmanagerConfig = (env: RenderedEnvironment): string =>
  Buffer.from(one(kps(env), 'Secret', ALERTMANAGER_CONFIG_SECRET).data!['alertmanager.yaml'], 'base64').toString('utf8');

describe('kube-prometheus-stack values (chart 88.5.3)', () => {
  it.each([['dev', dev], ['prod', prodAlerting]])('values for %s match the snapshot', (_, env) => {
    expect(values(env)).toMatchSnapshot();
  });

  it('runs 1 Prometheus in development and 2 elsewhere (copies, not shards: a third triples scrape load)', () => {
    expect([dev, staging, prod].map((e) => prometheusReplicas(applyDefaults(e)))).toEqual([1, 2, 2]);
    expect(values(prod).alertmanager.alertmanagerSpec.replicas).toBe(3);
    expect(values(dev).alertmanager.alertmanagerSpec.replicas).toBe(1);
  });

  it('takes retention and volume from the spec, retentionSize below the volume', () => {
    const p = values({ ...prod, observability: { metrics: { retentionDays: 45, storageGiB: 300 } } }).prometheus.prometheusSpec;
    expect(p.retention).toBe('45d');
    expect(p.retentionSize).toBe('255GB');
    expect(p.storageSpec.volumeClaimTemplate.spec).toEqual({ storageClassName: 'gp3', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '300Gi' } } });
  });

  it('is switched off with observability.metrics.enabled', () => {
    expect(kubePrometheusStack.isSelected(applyDefaults(dev))).toBe(true);
    expect(kubePrometheusStack.isSelected(applyDefaults({ ...dev, observability: { metrics: { enabled: false } } }))).toBe(false);
  });

  it('uses a named null receiver only when the spec names none, and never as production default', () => {
    const devConfig = alertmanagerConfig(applyDefaults(dev));
    expect(devConfig.route.receiver).toBe(NULL_RECEIVER);
    const prodConfig = alertmanagerConfig(applyDefaults(prodAlerting));
    expect(prodConfig.route.receiver).toBe('platform-chat');
    expect(prodConfig.receivers.map((r) => r.name)).not.toContain(NULL_RECEIVER);
    // Receivers without integrations only for Watchdog/InfoInhibitor.
    expect(prodConfig.receivers.filter((r) => Object.keys(r).length === 1).map((r) => r.name)).toEqual([DISCARD_RECEIVER]);
  });

  it('sends Watchdog to the heartbeat receiver every 5 minutes when the spec names one (dead-man\'s switch), else discards it', () => {
    const watchdog = (env: EnvironmentSpec) => alertmanagerConfig(applyDefaults(env)).route.routes!.find((r) => r.matchers?.includes('alertname="Watchdog"'))!;
    expect(watchdog(prod)).toEqual({ receiver: 'platform-heartbeat', matchers: ['alertname="Watchdog"'], group_wait: '0s', group_interval: '1m', repeat_interval: '5m' });
    expect(watchdog(staging).receiver).toBe(DISCARD_RECEIVER);
  });

  it('labels the chart\'s default alerts team=platform, so team routes take them too', () => {
    expect(values(prod).defaultRules.additionalRuleLabels).toEqual({ team: 'platform' });
  });

  it('adds Loki and Tempo datasources only when those add-ons run', () => {
    const names = (enabled: AddonId[]) => values(prod, enabled).grafana.additionalDataSources.map((d) => d.uid);
    expect(names(ALL)).toEqual(['loki', 'tempo']);
    expect(names(['kube-prometheus-stack', 'tempo'])).toEqual(['tempo']);
    expect(names(['kube-prometheus-stack'])).toEqual([]);
    expect(values({ ...prod, observability: { logs: { sink: 'cloudwatch' } } }, ALL).grafana.additionalDataSources.map((d) => d.uid)).toEqual(['tempo']);
  });
});

describe.each([
  ['dev', dev],
  ['prod', prodAlerting],
])('kube-prometheus-stack as rendered in %s', (name, input) => {
  let env: RenderedEnvironment;
  beforeAll(async () => {
    env = await renderedEnvironment(input);
  }, 600_000);

  it('sets only value keys the chart (and its subcharts) read', () => {
    const release = env.releases.filter((r) => r.release === 'kube-prometheus-stack');
    expect(checkValuesKeys(release).map((p) => `${p.path}: ${p.problem}`)).toEqual([]);
  });

  it('renders Prometheus with the replicas, retention, gp3 volume, system pool and selectors over every namespace', () => {
    const p = one(kps(env), 'Prometheus').spec;
    const spec = env.spec;
    expect(p.replicas).toBe(name === 'dev' ? 1 : 2);
    expect(p.retention).toBe(`${spec.observability.metrics.retentionDays}d`);
    expect(p.storage.volumeClaimTemplate.spec).toMatchObject({ storageClassName: 'gp3', resources: { requests: { storage: `${spec.observability.metrics.storageGiB}Gi` } } });
    expect(p.nodeSelector).toEqual({ 'groundwork.dev/pool-role': 'system' });
    for (const key of ['serviceMonitorSelector', 'serviceMonitorNamespaceSelector', 'podMonitorSelector', 'podMonitorNamespaceSelector', 'ruleSelector', 'ruleNamespaceSelector']) {
      expect({ key, value: p[key] }).toEqual({ key, value: {} });
    }
    expect(p.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
  });

  it('renders Alertmanager with the tier replicas, its volume and every receiver Secret mounted', () => {
    const a = one(kps(env), 'Alertmanager').spec;
    expect(a.replicas).toBe(env.spec.profile.replicas);
    expect(a.storage.volumeClaimTemplate.spec.storageClassName).toBe('gp3');
    expect(a.secrets ?? []).toEqual([...new Set(env.spec.observability.alerting.receivers.map((r) => r.secret.name))].sort());
  });

  it('has a PDB allowing one eviction for Prometheus and Alertmanager exactly where there are ≥ 2 replicas', () => {
    const pdbs = kps(env).filter((o) => o.kind === 'PodDisruptionBudget');
    if (name === 'dev') return expect(pdbs).toEqual([]);
    expect(pdbs.map((p) => [p.metadata.name, p.spec.maxUnavailable, p.spec.minAvailable])).toEqual([
      ['kube-prometheus-stack-alertmanager', 1, undefined],
      ['kube-prometheus-stack-prometheus', 1, undefined],
    ]);
  });

  it('routes by severity and team in order, with *_file credentials and the inhibit ladder (decoded config Secret)', () => {
    const config = decodedAlertmanagerConfig(env);
    const parsed = require('yaml').parse(config);
    expect(parsed.route.group_by).toEqual(['alertname', 'namespace', 'severity']);
    expect(parsed.route.routes.slice(0, 2).map((r: { matchers: string[] }) => r.matchers)).toEqual([['alertname="Watchdog"'], ['alertname="InfoInhibitor"']]);
    expect(parsed.inhibit_rules[0]).toEqual({ source_matchers: ['severity="critical"'], target_matchers: ['severity=~"warning|info"'], equal: ['namespace', 'alertname'] });
    if (name === 'dev') {
      expect(parsed.route.receiver).toBe('null');
      return;
    }
    expect(parsed.route.receiver).toBe('platform-chat');
    expect(parsed.route.routes.slice(2)).toEqual([
      { receiver: 'platform-oncall', matchers: ['severity="critical"'], continue: true, repeat_interval: '1h' },
      { receiver: 'payments', matchers: ['team="payments"'] },
      { receiver: 'audit', matchers: ['severity="info"', 'team="platform"'] },
    ]);
    const byName = Object.fromEntries(parsed.receivers.map((r: { name: string }) => [r.name, r]));
    expect(byName['platform-oncall'].pagerduty_configs).toEqual([{ routing_key_file: '/etc/alertmanager/secrets/alertmanager-pagerduty/routing-key', send_resolved: true }]);
    expect(byName['platform-chat'].slack_configs).toEqual([{ api_url_file: '/etc/alertmanager/secrets/alertmanager-slack/webhook-url', channel: '#platform-alerts', send_resolved: true }]);
    expect(byName.payments.opsgenie_configs).toEqual([{ api_key_file: '/etc/alertmanager/secrets/alertmanager-opsgenie/api-key', send_resolved: true }]);
    expect(byName.audit.webhook_configs).toEqual([{ url_file: '/etc/alertmanager/secrets/alertmanager-slack/audit-url', send_resolved: false }]);
    expect(parsed.receivers.map((r: { name: string }) => r.name)).not.toContain('null');
  });

  it('never carries a credential: no inline key fields, no receiver Secret or Grafana password rendered', () => {
    const config = decodedAlertmanagerConfig(env);
    expect(config).not.toMatch(/^\s*(routing_key|service_key|api_url|api_key|url|password):/m);
    const receiverSecrets = new Set<string>([...env.spec.observability.alerting.receivers.map((r) => r.secret.name), GRAFANA_ADMIN_SECRET.name]);
    expect(env.objects.filter((o) => o.kind === 'Secret' && receiverSecrets.has(o.metadata.name as string)).map((o) => o.metadata.name)).toEqual([]);
    // Grafana generates no admin password Secret: it reads grafana-admin.
    expect(kps(env).filter((o) => o.kind === 'Secret').map((o) => o.metadata.name)).toEqual([ALERTMANAGER_CONFIG_SECRET]);
    const grafana = one(kps(env), 'Deployment', 'kube-prometheus-stack-grafana');
    const envVars = grafana.spec.template.spec.containers.flatMap((c: { env?: unknown[] }) => c.env ?? []) as Array<{ name: string; valueFrom?: any; value?: string }>;
    expect(envVars.find((e) => e.name === 'GF_SECURITY_ADMIN_PASSWORD')).toEqual({ name: 'GF_SECURITY_ADMIN_PASSWORD', valueFrom: { secretKeyRef: { name: 'grafana-admin', key: 'admin-password' } } });
  });

  it('provisions the Prometheus (default), Alertmanager, Loki and Tempo datasources with their URLs', () => {
    const cm = kps(env).find((o) => o.kind === 'ConfigMap' && o.metadata.labels?.grafana_datasource === '1')!;
    const ds = require('yaml').parse(Object.values(cm.data!)[0]).datasources as Array<{ uid: string; url: string; isDefault?: boolean }>;
    expect(ds.map((d) => d.uid).sort()).toEqual(['alertmanager', 'loki', 'prometheus', 'tempo']);
    expect(ds.find((d) => d.uid === 'prometheus')!.isDefault).toBe(true);
    expect(ds.find((d) => d.uid === 'loki')!.url).toMatch(/^http:\/\/loki-gateway\.monitoring\.svc/);
    expect(ds.find((d) => d.uid === 'tempo')!.url).toMatch(/^http:\/\/tempo[a-z-]*\.monitoring\.svc/);
  });

  it('no rule, dashboard or ServiceMonitor refers to a control-plane job EKS hides', () => {
    const hidden = /job=\\*"(kube-scheduler|kube-controller-manager|kube-etcd|etcd|kube-proxy)"/;
    const texts = kps(env).filter((o) => ['PrometheusRule', 'ConfigMap'].includes(o.kind)).map((o) => [o.metadata.name, JSON.stringify(o)] as const);
    expect(texts.filter(([, t]) => hidden.test(t)).map(([n]) => n)).toEqual([]);
    const alerts = kps(env).filter((o) => o.kind === 'PrometheusRule').flatMap((o) => o.spec.groups.flatMap((g: { rules: Array<{ alert?: string }> }) => g.rules.map((r) => r.alert)));
    for (const alert of ['KubeSchedulerDown', 'KubeControllerManagerDown', 'KubeProxyDown', 'etcdMembersDown']) expect(alerts).not.toContain(alert);
    // The chart's defaults stay for what our rules do not cover; the ones ours replace are gone.
    expect(alerts).toEqual(expect.arrayContaining(['KubeContainerWaiting', 'KubeDeploymentReplicasMismatch', 'PrometheusRuleFailures', 'AlertmanagerClusterDown', 'Watchdog']));
    expect(alerts.filter((a) => (REPLACED_DEFAULT_ALERTS as readonly string[]).includes(a))).toEqual([]);
    const monitors = kps(env).filter((o) => o.kind === 'ServiceMonitor').map((o) => o.metadata.name);
    expect(monitors.filter((m) => /scheduler|controller-manager|etcd|proxy/.test(m))).toEqual([]);
  });

  it('every job a rendered alert selects is scraped by a rendered ServiceMonitor', () => {
    const objects = kps(env);
    // Services every cluster has (default/kubernetes) or the operator creates at runtime (the kubelet
    // Service, from --kubelet-service=kube-system/kube-prometheus-stack-kubelet): in no chart output.
    const ambient: Obj[] = [
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } } },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'kube-prometheus-stack-kubelet', namespace: 'kube-system', labels: { 'app.kubernetes.io/name': 'kubelet', 'k8s-app': 'kubelet', 'app.kubernetes.io/managed-by': 'prometheus-operator' } } },
    ];
    const services = [...objects.filter((o) => o.kind === 'Service'), ...ambient];
    const jobs = new Set<string>();
    for (const sm of objects.filter((o) => o.kind === 'ServiceMonitor')) {
      const match = sm.spec.selector.matchLabels ?? {};
      const namespaces: string[] | undefined = sm.spec.namespaceSelector?.matchNames;
      for (const svc of services) {
        const ns = svc.metadata.namespace ?? 'monitoring';
        if (namespaces ? !namespaces.includes(ns) : ns !== (sm.metadata.namespace ?? 'monitoring')) continue;
        if (!Object.entries(match).every(([k, v]) => svc.metadata.labels?.[k] === v)) continue;
        jobs.add((sm.spec.jobLabel && svc.metadata.labels?.[sm.spec.jobLabel]) || svc.metadata.name);
      }
    }
    const referenced = new Set<string>();
    for (const rule of objects.filter((o) => o.kind === 'PrometheusRule')) {
      for (const m of JSON.stringify(rule.spec).matchAll(/job=\\"([^"\\]+)\\"/g)) referenced.add(m[1]);
    }
    expect([...referenced].filter((j) => !jobs.has(j)).sort()).toEqual([]);
    expect([...jobs].sort()).toEqual(expect.arrayContaining(['apiserver', 'coredns', 'kube-state-metrics', 'kubelet', 'node-exporter']));
  });

  it('scrapes EKS CoreDNS: a headless Service in kube-system selecting k8s-app=kube-dns on 9153, named like the monitor port', () => {
    const svc = one(kps(env), 'Service', 'kube-prometheus-stack-coredns');
    expect(svc.metadata.namespace).toBe('kube-system');
    expect(svc.spec.selector).toEqual({ 'k8s-app': 'kube-dns' });
    const sm = one(kps(env), 'ServiceMonitor', 'kube-prometheus-stack-coredns');
    expect(svc.spec.ports).toEqual([expect.objectContaining({ name: sm.spec.endpoints[0].port, port: 9153, targetPort: 9153 })]);
    const kubelet = one(kps(env), 'ServiceMonitor', 'kube-prometheus-stack-kubelet');
    expect(kubelet.spec.endpoints.map((e: { scheme: string; path?: string }) => [e.scheme, e.path ?? '/metrics'])).toEqual(expect.arrayContaining([['https', '/metrics'], ['https', '/metrics/cadvisor']]));
  });

  it('runs node-exporter in the privileged monitoring-agents namespace on every node', () => {
    const ds = one(kps(env), 'DaemonSet');
    expect(ds.metadata.namespace).toBe(MONITORING_AGENTS_NAMESPACE);
    expect(ds.spec.template.spec.tolerations).toContainEqual({ operator: 'Exists' });
    expect(ds.spec.template.spec.containers[0].resources.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
  });

  it('exports the node and namespace labels cost allocation needs from kube-state-metrics', () => {
    const ksm = one(kps(env), 'Deployment', 'kube-prometheus-stack-kube-state-metrics');
    const args: string[] = ksm.spec.template.spec.containers[0].args;
    const allow = args.find((a) => a.startsWith('--metric-labels-allowlist='))!;
    for (const label of [...KSM_LABEL_ALLOWLIST.nodes, ...KSM_LABEL_ALLOWLIST.namespaces]) expect(allow).toContain(label);
  });

  it('loads dashboards from ConfigMaps labelled grafana_dashboard=1 in monitoring only (no cluster-wide Secret read)', () => {
    const grafana = one(kps(env), 'Deployment', 'kube-prometheus-stack-grafana');
    const sidecar = grafana.spec.template.spec.containers.find((c: { name: string }) => c.name === 'grafana-sc-dashboard');
    const vars = Object.fromEntries(sidecar.env.map((e: { name: string; value?: string }) => [e.name, e.value]));
    expect(vars).toMatchObject({ LABEL: Object.keys(GRAFANA_DASHBOARD_LABEL)[0], LABEL_VALUE: '1', RESOURCE: 'configmap', NAMESPACE: 'monitoring' });
    expect(kps(env).filter((o) => o.kind === 'ClusterRole' && o.metadata.name.includes('grafana'))).toEqual([]);
  });

  it('validates its custom resources against the prometheus-operator CRDs the chart itself ships', () => {
    const objects = kps(env);
    const crds = objects.filter((o) => o.kind === 'CustomResourceDefinition').map((o) => o.metadata.name);
    expect(crds).toEqual(expect.arrayContaining(['servicemonitors.monitoring.coreos.com', 'podmonitors.monitoring.coreos.com', 'prometheusrules.monitoring.coreos.com', 'prometheuses.monitoring.coreos.com', 'alertmanagers.monitoring.coreos.com']));
    const report = validationReport(objects);
    expect(report.errors).toEqual([]);
    const byCrd = report.objects.map((o, i) => [String(o.apiVersion), report.validatedBy[i]] as const).filter(([v]) => v.startsWith('monitoring.coreos.com/'));
    expect(byCrd.length).toBeGreaterThan(10);
    expect(byCrd.filter(([, by]) => !String(by).startsWith('crd '))).toEqual([]);
  });

  it('has no open readiness finding on its own objects (Pod Security, HA, placement, resources, images)', () => {
    const result = checkReadiness({ spec: env.spec, objects: env.objects, releases: env.releases, exceptions: env.platform.acceptedFindings() });
    const mine = new Set(kps(env).map((o) => `${o.kind}/${o.metadata.namespace ? `${o.metadata.namespace}/` : 'monitoring/'}${o.metadata.name}`));
    const mineCluster = new Set(kps(env).map((o) => `${o.kind}/${o.metadata.name}`));
    const open = Object.values(result.areas)
      .flat()
      .filter((f) => !f.excepted && (mine.has(f.object) || mineCluster.has(f.object)))
      .map((f) => `${f.check} ${f.object}${f.container ? ` [${f.container}]` : ''}: ${f.problem}`);
    expect(open).toEqual([]);
    const stale = result.unusedExceptions.filter((e) => mine.has(e.object));
    expect(stale).toEqual([]);
  });
});

describe('kube-prometheus-stack under GitOps', () => {
  it('syncs with server-side apply (its CRDs exceed the last-applied annotation) and ignores the webhook caBundle the certgen Job writes', async () => {
    const { objects } = await synthesize(prodGitops);
    const app = ofKind(objects, 'Application').find((a) => a.metadata.name === 'kube-prometheus-stack') as unknown as { spec: any };
    expect(app.spec.syncPolicy.syncOptions).toContain('ServerSideApply=true');
    expect(app.spec.source.helm.skipCrds).toBeUndefined();
    expect(app.spec.ignoreDifferences).toEqual(expect.arrayContaining([
      expect.objectContaining({ group: 'admissionregistration.k8s.io', kind: 'ValidatingWebhookConfiguration', jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle'] }),
      expect.objectContaining({ group: 'admissionregistration.k8s.io', kind: 'MutatingWebhookConfiguration', jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle'] }),
    ]));
  }, 300_000);
});
