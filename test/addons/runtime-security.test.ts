/**
 * Runtime and image security: Falco (modern eBPF, least privilege, platform rules, events to
 * Alertmanager through Falcosidekick) and Trivy Operator (scanners, concurrency, restricted scan
 * jobs), judged on their values and on the rendered releases.
 */
import { parse } from 'yaml';
import type { AddonContext } from '../../lib/addons/addon';
import { CATALOGUE } from '../../lib/addons/catalogue';
import { ALERTMANAGER_PORT, ALERTMANAGER_URL, FALCO_CAPABILITIES, FALCO_POD_LABELS, FALCOSIDEKICK_LABELS, falco } from '../../lib/addons/falco';
import { INTERNET_EGRESS_ADDONS, PLATFORM_RULES_FILE, platformRules, type FalcoRule } from '../../lib/addons/falco-rules';
import { selectAddons } from '../../lib/addons/selection';
import { REPORTED_SEVERITIES, SCAN_JOBS_CONCURRENT_LIMIT, TRIVY_OPERATOR_LABELS, trivyOperator, trivyOperatorIamPolicy } from '../../lib/addons/trivy-operator';
import { checkReadiness } from '../../lib/readiness';
import { checkValuesKeys } from '../../lib/render/values-keys';
import { applyDefaults } from '../../lib/spec/defaults';
import type { EnvironmentSpec } from '../../lib/spec/types';
import { dev, prod, staging } from '../../stacks/environments';
import { guardRailIssues } from '../guard-rails/helpers';
import { InstantEvaluator } from '../support/promql-eval';
import { isAlertingRule, platformAlertGroups, type AlertingRule } from '../../lib/addons/alerts';
import { renderedEnvironment, type RenderedEnvironment } from '../support/rendered';

type Obj = Record<string, any>;
const ctxOf = (spec: EnvironmentSpec): AddonContext => selectAddons(applyDefaults(spec), CATALOGUE).context;
const ids = (spec: EnvironmentSpec): string[] => ctxOf(spec).addons!.map((a) => a.id);
const withSecurity = (spec: EnvironmentSpec, security: Record<string, unknown>): EnvironmentSpec => ({ ...spec, security: { ...spec.security, ...security } });
const withOverrides = (spec: EnvironmentSpec, overrides: Record<string, unknown>): EnvironmentSpec => ({ ...spec, addons: { ...spec.addons, overrides: { ...spec.addons?.overrides, ...overrides } } });

describe('runtime and image security: selection and values', () => {
  it('is on by default in production only, and follows spec.security', () => {
    expect(ids(prod)).toEqual(expect.arrayContaining(['falco', 'trivy-operator']));
    expect(ids(dev)).not.toContain('falco');
    expect(ids(dev)).not.toContain('trivy-operator');
    expect(ids(staging)).not.toContain('falco');
    expect(ids(withSecurity(dev, { runtimeDetection: true }))).toContain('falco');
    expect(ids(withSecurity(dev, { imageScanning: true }))).toContain('trivy-operator');
    expect(ids(withSecurity(prod, { runtimeDetection: false, imageScanning: false }))).not.toEqual(expect.arrayContaining(['falco']));
  });

  it.each([['prod', prod], ['dev opted in', withSecurity(dev, { runtimeDetection: true, imageScanning: true })]])('values for %s match the snapshot', (_, spec) => {
    const ctx = ctxOf(spec);
    expect({ falco: falco.values(ctx), trivyOperator: trivyOperator.values(ctx) }).toMatchSnapshot();
  });

  it('runs Falco with the modern eBPF probe and its four capabilities, never privileged, on every node', () => {
    const v = falco.values(ctxOf(prod));
    expect(v.driver).toEqual({ enabled: true, kind: 'modern_ebpf', modernEbpf: { leastPrivileged: true } });
    expect(v.containerSecurityContext).toEqual({ privileged: false, allowPrivilegeEscalation: false, capabilities: { add: [...FALCO_CAPABILITIES] } });
    expect(v.tolerations).toEqual([{ operator: 'Exists' }]);
    expect([falco.namespace, falco.podSecurity, falco.placement]).toEqual(['falco', 'privileged', 'every-node']);
    expect(falco.podSecurityReason).toMatch(/BPF/);
    expect(guardRailIssues(prod, 'pod-security')).toEqual([]);
    expect(v.falcoctl.artifact).toEqual({ install: { enabled: false }, follow: { enabled: false } });
  });

  it('forwards warning and above to the v2 API of Alertmanager, labelled team: platform with the platform severities', () => {
    const { config } = falco.values(ctxOf(prod)).falcosidekick;
    expect(config.alertmanager).toMatchObject({ hostport: ALERTMANAGER_URL, endpoint: '/api/v2/alerts', minimumpriority: 'warning', extralabels: 'team:platform' });
    const severities = new Set(config.alertmanager.customseveritymap.split(',').map((p) => p.split(':')[1]));
    expect(severities).toEqual(new Set(['critical', 'warning', 'info']));
    // Without the metrics stack there is no Alertmanager: no sidekick, events stay in the logs.
    const noMetrics: EnvironmentSpec = { ...prod, observability: { ...prod.observability, metrics: { enabled: false } } };
    const { alerting: _a, ...observability } = noMetrics.observability!;
    void _a;
    expect(falco.values(ctxOf({ ...noMetrics, observability })).falcosidekick.enabled).toBe(false);
  });

  it('scans vulnerabilities, exposed secrets, configs and RBAC with bounded concurrency, restricted scan jobs on the system pool', () => {
    const v = trivyOperator.values(ctxOf(prod));
    expect(v.operator).toMatchObject({
      vulnerabilityScannerEnabled: true,
      exposedSecretScannerEnabled: true,
      configAuditScannerEnabled: true,
      rbacAssessmentScannerEnabled: true,
      infraAssessmentScannerEnabled: false,
      clusterComplianceEnabled: false,
      scanJobsConcurrentLimit: SCAN_JOBS_CONCURRENT_LIMIT,
    });
    expect(SCAN_JOBS_CONCURRENT_LIMIT).toBeLessThanOrEqual(3);
    expect(v.trivyOperator.scanJobNodeSelector).toEqual({ 'groundwork.dev/pool-role': 'system' });
    expect(v.trivyOperator.scanJobPodPriorityClassName).toBe('batch-low');
    expect(v.trivyOperator.scanJobPodTemplateContainerSecurityContext).toEqual({ allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    expect(v.trivyOperator.scanJobPodTemplatePodSecurityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65534, seccompProfile: { type: 'RuntimeDefault' } });
    expect(trivyOperator.podSecurity ?? 'restricted').toBe('restricted');
  });

  it('lets the scan jobs pull from the account\'s ECR in its region, read-only', () => {
    const spec = applyDefaults(prod);
    const statements = trivyOperatorIamPolicy(spec).Statement;
    expect(statements.flatMap((s) => [s.Action].flat()).sort()).toEqual(['ecr:BatchGetImage', 'ecr:GetAuthorizationToken', 'ecr:GetDownloadUrlForLayer']);
    expect(statements[1].Resource).toBe(`arn:aws:ecr:${spec.region}:${spec.accountId}:repository/*`);
  });

  describe('guard rail platform-pod-privileges', () => {
    it("accepts the blueprint's own capabilities and host access, and harmless overrides", () => {
      expect(guardRailIssues(prod, 'platform-pod-privileges')).toEqual([]);
      expect(guardRailIssues(withOverrides(prod, { falco: { resources: { limits: { memory: '2Gi' } } } }), 'platform-pod-privileges')).toEqual([]);
    });

    it('refuses overrides that make Falco privileged or add capabilities, and a root scan job', () => {
      const spec = withOverrides(prod, {
        falco: { containerSecurityContext: { privileged: true, capabilities: { add: [...FALCO_CAPABILITIES, 'SYS_ADMIN'] } } },
        'trivy-operator': { trivyOperator: { scanJobPodTemplatePodSecurityContext: { runAsUser: 0 } } },
      });
      expect(guardRailIssues(spec, 'platform-pod-privileges').map((i) => i.path).sort()).toEqual([
        'spec.addons.overrides.falco.containerSecurityContext.capabilities',
        'spec.addons.overrides.falco.containerSecurityContext.privileged',
        'spec.addons.overrides.trivy-operator.trivyOperator.scanJobPodTemplatePodSecurityContext.runAsUser',
      ]);
    });
  });
});

describe('image security alerts (groundwork.security)', () => {
  const rules = (spec: EnvironmentSpec): AlertingRule[] =>
    platformAlertGroups(ctxOf(spec)).filter((g) => g.name === 'groundwork.security').flatMap((g) => g.rules.filter(isAlertingRule));
  const image = { namespace: 'shop', resource_kind: 'ReplicaSet', resource_name: 'api-7d9', container_name: 'api', image_repository: 'shop/api', image_tag: '1.2.3' };

  it('exist with the Trivy Operator and the metrics stack only', () => {
    expect(rules(prod).map((r) => r.alert)).toEqual(['ImageCriticalVulnerabilities', 'ImageExposedSecrets']);
    expect(rules(dev)).toEqual([]);
    expect(rules(withSecurity(dev, { imageScanning: true })).length).toBe(2);
  });

  it('fire per workload image on critical vulnerabilities and on high or critical secrets, never on lower severities', () => {
    const [vulns, secrets] = rules(prod);
    const evaluator = new InstantEvaluator([
      { labels: { __name__: 'trivy_image_vulnerabilities', ...image, severity: 'Critical' }, value: 2 },
      { labels: { __name__: 'trivy_image_vulnerabilities', ...image, severity: 'High' }, value: 9 },
      { labels: { __name__: 'trivy_image_vulnerabilities', ...image, resource_name: 'web-1', severity: 'High' }, value: 4 },
      { labels: { __name__: 'trivy_image_vulnerabilities', ...image, resource_name: 'web-1', severity: 'Critical' }, value: 0 },
      { labels: { __name__: 'trivy_image_exposedsecrets', ...image, severity: 'Medium' }, value: 1 },
      { labels: { __name__: 'trivy_image_exposedsecrets', ...image, resource_name: 'web-1', severity: 'High' }, value: 1 },
    ]);
    expect(evaluator.evaluate(vulns.expr)).toEqual([{ labels: image, value: 2 }]);
    expect(evaluator.evaluate(secrets.expr)).toEqual([{ labels: { ...image, resource_name: 'web-1' }, value: 1 }]);
  });
});

describe('Falco platform rules', () => {
  const entries = parse(falco.values(ctxOf(prod)).customRules[PLATFORM_RULES_FILE]) as Obj[];

  it('parse as a Falco rules file: lists, macros, and rules with every field Falco requires', () => {
    expect(Array.isArray(entries)).toBe(true);
    for (const e of entries) {
      const kind = ['list', 'macro', 'rule'].filter((k) => k in e);
      expect(kind).toHaveLength(1);
      if (e.list) expect(Array.isArray(e.items) && e.items.every((i: unknown) => typeof i === 'string')).toBe(true);
      if (e.macro) expect(typeof e.condition).toBe('string');
      if (e.rule) {
        for (const field of ['desc', 'condition', 'output', 'priority']) expect({ rule: e.rule, field, type: typeof e[field] }).toEqual({ rule: e.rule, field, type: 'string' });
        expect(['EMERGENCY', 'ALERT', 'CRITICAL', 'ERROR', 'WARNING', 'NOTICE', 'INFORMATIONAL', 'DEBUG']).toContain(e.priority);
      }
    }
    expect(entries.filter((e) => e.rule).map((e) => e.rule)).toEqual([
      'Groundwork interactive shell in a platform pod',
      'Groundwork write below /etc in a platform pod',
      'Groundwork unexpected outbound connection from a platform namespace',
    ]);
  });

  it('names only lists and macros defined before use, and every rule reaches Alertmanager (priority ≥ warning)', () => {
    const defined = new Set<string>();
    for (const e of entries) {
      const condition: string = e.condition ?? '';
      for (const m of condition.matchAll(/\b(groundwork_[a-z_]+)\b/g)) expect({ entry: e.rule ?? e.macro, uses: m[1], defined: defined.has(m[1]) }).toEqual({ entry: e.rule ?? e.macro, uses: m[1], defined: true });
      if (e.list) defined.add(e.list);
      if (e.macro) defined.add(e.macro);
    }
    for (const r of entries.filter((e): e is FalcoRule => 'rule' in e)) expect(['EMERGENCY', 'ALERT', 'CRITICAL', 'ERROR', 'WARNING']).toContain(r.priority);
  });

  it("covers every enabled platform namespace and exempts from the outbound rule only those whose components leave the VPC", () => {
    const ctx = ctxOf(prod);
    const list = (name: string): string[] => entries.find((e) => e.list === name)!.items;
    const platform = list('groundwork_platform_namespaces');
    for (const a of ctx.addons!) expect(platform).toContain(a.namespace);
    expect(platform).toContain('kube-system');
    const quiet = list('groundwork_no_egress_namespaces');
    expect(quiet).toEqual(expect.arrayContaining(['falco', 'istio-system']));
    for (const a of ctx.addons!.filter((x) => INTERNET_EGRESS_ADDONS.includes(x.id))) expect(quiet).not.toContain(a.namespace);
    expect(quiet).not.toContain('kube-system');
    expect(platformRules([]).find((e) => 'list' in e && e.list === 'groundwork_no_egress_namespaces')).toEqual({ list: 'groundwork_no_egress_namespaces', items: ['groundwork-none'] });
  });
});

describe('runtime and image security as rendered (prod)', () => {
  let env: RenderedEnvironment;
  beforeAll(async () => {
    env = await renderedEnvironment(prod);
  }, 600_000);

  const release = (name: string): Obj[] => env.releases.find((r) => r.release === name)!.objects as Obj[];
  const one = (objects: Obj[], kind: string, name?: string): Obj => {
    const found = objects.filter((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
    expect(found).toHaveLength(1);
    return found[0];
  };

  it('sets only keys the charts read', () => {
    expect(checkValuesKeys(env.releases.filter((r) => r.release === 'falco' || r.release === 'trivy-operator'))).toEqual([]);
  });

  it('renders the Falco DaemonSet: modern eBPF, capabilities instead of privileged, every taint, requests and a memory limit, no CPU limit', () => {
    const ds = one(release('falco'), 'DaemonSet');
    const pod = ds.spec.template.spec;
    expect(pod.tolerations).toEqual([{ operator: 'Exists' }]);
    expect(pod.priorityClassName).toBe('platform-critical');
    expect(pod.hostNetwork ?? false).toBe(false);
    expect(pod.hostPID ?? false).toBe(false);
    expect(pod.initContainers ?? []).toEqual([]);
    expect(pod.containers.map((c: Obj) => c.name)).toEqual(['falco']);
    const [c] = pod.containers;
    expect(c.securityContext.privileged).toBe(false);
    expect(c.securityContext.capabilities.add).toEqual([...FALCO_CAPABILITIES]);
    expect(c.resources).toEqual({ requests: { cpu: '100m', memory: '512Mi' }, limits: { memory: '1Gi' } });
    const config = parse(one(release('falco'), 'ConfigMap', 'falco').data['falco.yaml']) as Obj;
    expect(config.engine.kind).toBe('modern_ebpf');
    expect(config.http_output).toMatchObject({ enabled: true, url: expect.stringContaining('falco-falcosidekick') });
    expect(config.rules_files).toContain('/etc/falco/rules.d');
    const rules = one(release('falco'), 'ConfigMap', 'falco-rules');
    expect(Object.keys(rules.data)).toEqual([PLATFORM_RULES_FILE]);
    // Only read access to the node's /etc and /sys/kernel; the runtime socket is the CRI one.
    const mounts = Object.fromEntries(c.volumeMounts.map((m: Obj) => [m.mountPath, m.readOnly === true]));
    expect(mounts).toMatchObject({ '/host/etc': true, '/sys/kernel': true, '/host/run/containerd/containerd.sock': false });
    expect(Object.keys(mounts).filter((p) => /docker|podman|crio|k3s/.test(p))).toEqual([]);
  });

  it('points Falcosidekick at the rendered Alertmanager Service and port', () => {
    const secret = one(release('falco'), 'Secret', 'falco-falcosidekick');
    const decoded = (key: string): string => Buffer.from(secret.data[key], 'base64').toString('utf8');
    expect(decoded('ALERTMANAGER_HOSTPORT')).toBe(ALERTMANAGER_URL);
    expect(decoded('ALERTMANAGER_ENDPOINT')).toBe('/api/v2/alerts');
    const url = new URL(ALERTMANAGER_URL);
    const [name, namespace] = url.hostname.split('.');
    const svc = one(release('kube-prometheus-stack'), 'Service', name);
    expect(svc.metadata.namespace).toBe(namespace);
    expect(svc.spec.ports.map((p: Obj) => p.port)).toContain(ALERTMANAGER_PORT);
    expect(Number(url.port)).toBe(ALERTMANAGER_PORT);
  });

  it('exposes the metrics its monitors scrape (labels and named ports as rendered)', () => {
    const [agent, sidekick] = falco.monitors!({ spec: env.spec, enabled: new Set(['kube-prometheus-stack']) });
    const ds = one(release('falco'), 'DaemonSet');
    expect(ds.spec.template.metadata.labels).toMatchObject(FALCO_POD_LABELS);
    expect(ds.spec.template.spec.containers[0].ports.map((p: Obj) => p.name)).toContain(agent.port);
    const sidekickSvc = one(release('falco'), 'Service', 'falco-falcosidekick');
    expect(sidekickSvc.metadata.labels).toMatchObject(FALCOSIDEKICK_LABELS);
    expect(sidekickSvc.spec.ports.map((p: Obj) => p.name)).toContain(sidekick.port);
    const [operator] = trivyOperator.monitors!({ spec: env.spec, enabled: new Set() });
    const svc = one(release('trivy-operator'), 'Service');
    expect(svc.metadata.labels).toMatchObject(TRIVY_OPERATOR_LABELS);
    expect(svc.spec.ports.map((p: Obj) => p.name)).toContain(operator.port);
    const monitors = env.manifests.filter((o) => ['ServiceMonitor', 'PodMonitor'].includes(o.kind)).map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`);
    expect(monitors).toEqual(expect.arrayContaining(['PodMonitor/falco/falco', 'ServiceMonitor/falco/falco-falcosidekick', 'ServiceMonitor/trivy-system/trivy-operator']));
  });

  it('configures the Trivy operator: scanners, concurrency, leader election, scan job resources and security context', () => {
    const objects = release('trivy-operator');
    const config = one(objects, 'ConfigMap', 'trivy-operator-config').data;
    expect(config).toMatchObject({
      OPERATOR_VULNERABILITY_SCANNER_ENABLED: 'true',
      OPERATOR_EXPOSED_SECRET_SCANNER_ENABLED: 'true',
      OPERATOR_CONFIG_AUDIT_SCANNER_ENABLED: 'true',
      OPERATOR_RBAC_ASSESSMENT_SCANNER_ENABLED: 'true',
      OPERATOR_INFRA_ASSESSMENT_SCANNER_ENABLED: 'false',
      OPERATOR_CLUSTER_COMPLIANCE_ENABLED: 'false',
      OPERATOR_SBOM_GENERATION_ENABLED: 'false',
      OPERATOR_CONCURRENT_SCAN_JOBS_LIMIT: String(SCAN_JOBS_CONCURRENT_LIMIT),
      OPERATOR_METRICS_FINDINGS_ENABLED: 'true',
      OPERATOR_LEADER_ELECTION_ENABLED: 'true',
    });
    const trivy = one(objects, 'ConfigMap', 'trivy-operator-trivy-config').data;
    expect(trivy).toMatchObject({
      'trivy.mode': 'Standalone',
      'trivy.severity': REPORTED_SEVERITIES,
      'trivy.resources.requests.cpu': '100m',
      'trivy.resources.limits.memory': '1Gi',
      'trivy.resources.requests.ephemeral-storage': '2Gi',
    });
    expect(trivy['trivy.resources.limits.cpu']).toBeUndefined();
    const operator = one(objects, 'ConfigMap', 'trivy-operator').data;
    expect(JSON.parse(operator['scanJob.podTemplateContainerSecurityContext'])).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(JSON.parse(operator['scanJob.podTemplatePodSecurityContext'])).toMatchObject({ runAsNonRoot: true, runAsUser: 65534, seccompProfile: { type: 'RuntimeDefault' } });
    expect(JSON.parse(operator['scanJob.nodeSelector'])).toEqual({ 'groundwork.dev/pool-role': 'system' });
    expect(JSON.parse(operator['scanJob.tolerations'])).toEqual([{ key: 'CriticalAddonsOnly', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(objects.filter((o) => o.kind === 'ClusterComplianceReport')).toEqual([]);
    const deploy = one(objects, 'Deployment');
    expect(deploy.spec.replicas).toBe(env.spec.profile.replicas);
    expect(one(objects, 'ServiceAccount').metadata.annotations['eks.amazonaws.com/role-arn']).toMatch(/:role\/.*trivy-operator/);
  });

  it('leaves no open readiness finding on its releases in production', () => {
    const result = checkReadiness({ spec: env.spec, objects: env.objects, releases: env.releases, exceptions: env.platform.acceptedFindings() });
    const mine = Object.values(result.areas)
      .flat()
      .filter((f) => /\/(falco|trivy-system)\//.test(f.object) && !f.excepted)
      .map((f) => `${f.check} ${f.object}${f.container ? ` [${f.container}]` : ''}: ${f.problem}`);
    expect(mine).toEqual([]);
    const flows = result.flows.filter((f) => /falco|trivy-system/.test(f.name));
    expect(flows.filter((f) => !f.allowed).map((f) => f.name)).toEqual([]);
  });

  it('renders neither add-on in development', async () => {
    const devEnv = await renderedEnvironment(dev);
    expect(devEnv.releases.map((r) => r.release)).not.toEqual(expect.arrayContaining(['falco']));
    expect(devEnv.releases.map((r) => r.release).filter((r) => r === 'falco' || r === 'trivy-operator')).toEqual([]);
  }, 600_000);
});
