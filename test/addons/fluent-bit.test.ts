import { fluentBit, fluentBitIamPolicy, FLUENT_BIT_POD_LABELS } from '../../lib/addons/fluent-bit';
import { FLUENT_BIT_METRICS_PATH, LOKI_LABELS, lokiEndpoint } from '../../lib/addons/fluent-bit-config';
import { lokiPushUrl } from '../../lib/addons/loki';
import type { CatalogueAddon } from '../../lib/addons/addon';
import { CATALOGUE } from '../../lib/addons/catalogue';
import { Platform } from '../../lib/blueprint/platform';
import { checkReadiness } from '../../lib/readiness';
import { checkValuesKeys } from '../../lib/render/values-keys';
import { applyDefaults } from '../../lib/spec/defaults';
import { logGroupName, workloadRoleArn } from '../../lib/spec/naming';
import { LOG_RETENTION_DAYS } from '../../lib/spec/rules/addons-tenants';
import type { AddonId, EnvironmentSpec } from '../../lib/spec/types';
import { dev, prod } from '../../stacks/environments';
import { guardRailIssues } from '../guard-rails/helpers';
import { renderedEnvironment, type RenderedEnvironment } from '../support/rendered';

type Sink = 'loki' | 'cloudwatch';

/** `base` with its logs going to `sink` (and optionally changed further). */
function withLogs(base: EnvironmentSpec, sink: Sink, logs: Record<string, unknown> = {}): EnvironmentSpec {
  return { ...base, observability: { ...base.observability, logs: { ...base.observability?.logs, sink, ...logs } } };
}

/**
 * Rendered variants that keep only the log collector of the observability stack: the other
 * observability add-ons (Loki itself included) are judged by their own tests, and Fluent Bit's
 * rendering does not depend on them.
 */
function collectorOnly(base: EnvironmentSpec, sink: Sink, { withLoki = false } = {}): EnvironmentSpec {
  const spec = withLogs(base, sink);
  // Alert routing needs the metrics stack: it goes with it.
  const { alerting: _alerting, ...observability } = spec.observability ?? {};
  return {
    ...spec,
    observability: { ...observability, metrics: { enabled: false }, traces: { enabled: false } },
    addons: { ...spec.addons, disabled: [...(spec.addons?.disabled ?? []), ...(withLoki ? [] : ['loki' as AddonId])] },
  };
}

const ctx = (env: EnvironmentSpec) => ({ spec: applyDefaults(env), enabled: new Set<AddonId>(['fluent-bit', 'loki']) });
const values = (env: EnvironmentSpec) => fluentBit.values(ctx(env));
const mainConfig = (env: EnvironmentSpec) => {
  const c = values(env).config;
  return [c.service, c.inputs, c.filters, c.outputs].join('\n');
};

type Obj = Record<string, any>;
const releaseObjects = (env: RenderedEnvironment): Obj[] => env.releases.find((r) => r.release === 'fluent-bit')!.objects as Obj[];
const one = (objects: Obj[], kind: string): Obj => {
  const found = objects.filter((o) => o.kind === kind);
  expect(found).toHaveLength(1);
  return found[0];
};
/** The rendered fluent-bit.conf, as the pods mount it. */
const renderedConfig = (env: RenderedEnvironment): string => one(releaseObjects(env), 'ConfigMap').data['fluent-bit.conf'];
/** `[OUTPUT]` sections of a configuration, as key → values maps. */
function sections(config: string, name: string): Array<Record<string, string[]>> {
  return config
    .split(/^\[/m)
    .filter((s) => s.startsWith(`${name}]`))
    .map((s) => {
      const out: Record<string, string[]> = {};
      for (const line of s.split('\n').slice(1)) {
        const m = /^\s+(\S+)\s+(.*)$/.exec(line);
        if (m) (out[m[1]] ??= []).push(m[2].trim());
      }
      return out;
    });
}

describe('fluent-bit (chart 0.58)', () => {
  it.each([
    ['dev loki', withLogs(dev, 'loki')],
    ['prod loki', withLogs(prod, 'loki')],
    ['prod cloudwatch', withLogs(prod, 'cloudwatch')],
  ])('values for %s match the snapshot', (_, env) => {
    expect(values(env)).toMatchSnapshot();
  });

  it('is selected by spec.observability.logs.enabled, in a privileged namespace of its own, on every node', () => {
    expect(fluentBit.isSelected(applyDefaults(prod))).toBe(true);
    expect(fluentBit.isSelected(applyDefaults(withLogs(prod, 'loki', { enabled: false })))).toBe(false);
    const ids = (env: EnvironmentSpec) => Platform.fromSpec(env).selection.ordered.map((a) => a.id);
    expect(ids(withLogs(prod, 'cloudwatch'))).toContain('fluent-bit');
    expect(ids(withLogs(prod, 'cloudwatch', { enabled: false }))).not.toContain('fluent-bit');
    expect([fluentBit.namespace, fluentBit.podSecurity, fluentBit.placement]).toEqual(['monitoring-agents', 'privileged', 'every-node']);
  });

  it('starts after Loki when Loki is its sink, and after nothing with CloudWatch', () => {
    expect(fluentBit.dependsOn(ctx(withLogs(prod, 'loki')))).toEqual(['loki']);
    expect(fluentBit.dependsOn(ctx(withLogs(prod, 'cloudwatch')))).toEqual([]);
  });

  it('tolerates every taint, runs at platform-critical priority and rolls a slice of nodes at a time', () => {
    const v = values(prod);
    expect(v.tolerations).toEqual([{ operator: 'Exists' }]);
    expect(v.priorityClassName).toBe('platform-critical');
    expect(v.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '10%', maxSurge: 0 } });
  });

  it('keeps the node read-only except its own state directory, which holds the offsets, cursor and buffer', () => {
    const v = values(prod);
    expect(v.daemonSetVolumeMounts.filter((m) => !m.readOnly).map((m) => m.mountPath)).toEqual(['/var/fluent-bit/state']);
    const config = mainConfig(prod);
    for (const path of [...config.matchAll(/^\s+(?:DB|storage\.path)\s+(\S+)$/gm)].map((m) => m[1])) expect(path.startsWith('/var/fluent-bit/state/')).toBe(true);
    expect(config).toMatch(/^\s+storage\.type\s+filesystem$/m);
  });

  it('bounds what a sink outage costs: chunks in memory, disk per output, never a dropped retry budget', () => {
    const outputs = sections(mainConfig(prod), 'OUTPUT');
    expect(outputs).toHaveLength(2);
    for (const o of outputs) {
      expect(o['Retry_Limit']).toEqual(['no_limits']);
      expect(o['storage.total_limit_size']).toEqual([expect.stringMatching(/^\d+[MG]$/)]);
    }
    expect(mainConfig(prod)).toMatch(/^\s+storage\.max_chunks_up\s+\d+$/m);
    expect(values(prod).resources).toEqual({ requests: { cpu: expect.any(String), memory: expect.any(String) }, limits: { memory: '512Mi' } });
  });

  it('labels Loki streams with low-cardinality keys only (never the pod name or uid)', () => {
    const keys = Object.values(LOKI_LABELS).flat().map((l) => l.split('=')[0]);
    expect(new Set(keys)).toEqual(new Set(['job', 'namespace', 'container', 'app', 'node', 'stream', 'unit']));
    expect(Object.values(LOKI_LABELS).flat().join(',')).not.toMatch(/pod_name|pod_id|uid/);
    expect(mainConfig(prod)).toMatch(/^\s+auto_kubernetes_labels\s+Off$/m);
  });

  it('splits a push URL into host, port, path and TLS', () => {
    expect(lokiEndpoint('http://loki-gateway.monitoring.svc.cluster.local/loki/api/v1/push')).toEqual({ host: 'loki-gateway.monitoring.svc.cluster.local', port: 80, uri: '/loki/api/v1/push', tls: false });
    expect(lokiEndpoint('https://loki.example.com:8443/loki/api/v1/push')).toEqual({ host: 'loki.example.com', port: 8443, uri: '/loki/api/v1/push', tls: true });
  });

  describe('CloudWatch sink', () => {
    const spec = applyDefaults(withLogs(prod, 'cloudwatch'));
    const groups = ['/groundwork/prod/containers', '/groundwork/prod/nodes'];

    it('declares the two log groups with the spec retention, which CloudWatch accepts', () => {
      expect(fluentBit.cloud!(spec)).toEqual({ logGroups: groups.map((name) => ({ name, retentionDays: spec.observability.logs.retentionDays })) });
      expect(groups).toEqual([logGroupName(spec, 'containers'), logGroupName(spec, 'nodes')]);
      expect(LOG_RETENTION_DAYS as readonly number[]).toContain(spec.observability.logs.retentionDays);
      expect(fluentBit.cloud!(applyDefaults(withLogs(prod, 'loki')))).toEqual({ logGroups: [] });
    });

    it('gets an IRSA role (only with this sink) that writes to exactly those groups and creates none', () => {
      expect(fluentBit.workloadIdentity!.when!(spec)).toBe(true);
      expect(fluentBit.workloadIdentity!.when!(applyDefaults(withLogs(prod, 'loki')))).toBe(false);
      const statements = fluentBitIamPolicy(spec).Statement;
      expect(statements).toHaveLength(1);
      expect([statements[0].Action].flat().sort()).toEqual(['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents']);
      const arn = (g: string) => `arn:aws:logs:eu-west-1:${spec.accountId}:log-group:${g}`;
      expect(statements[0].Resource).toEqual(groups.flatMap((g) => [arn(g), `${arn(g)}:*`]));
      expect(values(withLogs(prod, 'cloudwatch')).serviceAccount.annotations).toEqual({ 'eks.amazonaws.com/role-arn': workloadRoleArn(spec, 'fluent-bit') });
      expect(values(withLogs(prod, 'loki')).serviceAccount.annotations).toEqual({});
    });
  });

  it('may lower its namespace to privileged only because it says why (guard rail pod-security)', () => {
    expect(fluentBit.podSecurityReason).toMatch(/hostPath/);
    expect(guardRailIssues(withLogs(prod, 'loki'), 'pod-security')).toEqual([]);
    const { podSecurityReason: _reason, ...unexplained } = fluentBit;
    void _reason;
    const catalogue = CATALOGUE.map((a) => (a.id === 'fluent-bit' ? unexplained : a)) as CatalogueAddon[];
    expect(guardRailIssues(withLogs(prod, 'loki'), 'pod-security', catalogue).map((i) => i.path)).toEqual(['addons.fluent-bit.podSecurity']);
  });

  describe('guard rail platform-pod-privileges', () => {
    it('accepts the blueprint\'s own root user and hostPath volumes', () => {
      expect(guardRailIssues(withLogs(prod, 'loki'), 'platform-pod-privileges')).toEqual([]);
      const tuned = { ...prod, addons: { ...prod.addons, overrides: { 'fluent-bit': { resources: { limits: { memory: '1Gi' } } } } } };
      expect(guardRailIssues(tuned, 'platform-pod-privileges')).toEqual([]);
    });

    it('refuses an override that makes the agent privileged or mounts more of the node', () => {
      const base = values(prod);
      const spec = {
        ...prod,
        addons: {
          ...prod.addons,
          overrides: {
            'fluent-bit': {
              securityContext: { privileged: true },
              daemonSetVolumes: [...base.daemonSetVolumes, { name: 'root', hostPath: { path: '/' } }],
            },
          },
        },
      };
      expect(guardRailIssues(spec, 'platform-pod-privileges').map((i) => i.path)).toEqual([
        'spec.addons.overrides.fluent-bit.daemonSetVolumes[3].hostPath',
        'spec.addons.overrides.fluent-bit.securityContext.privileged',
      ]);
    });
  });
});

describe('fluent-bit as rendered', () => {
  let loki: RenderedEnvironment;
  let cloudwatch: RenderedEnvironment;
  let devLoki: RenderedEnvironment;
  beforeAll(async () => {
    loki = await renderedEnvironment(collectorOnly(prod, 'loki'));
    cloudwatch = await renderedEnvironment(collectorOnly(prod, 'cloudwatch'));
    devLoki = await renderedEnvironment(collectorOnly(dev, 'loki'));
  }, 600_000);

  it('sets only keys the chart reads', () => {
    for (const env of [loki, cloudwatch]) expect(checkValuesKeys(env.releases.filter((r) => r.release === 'fluent-bit'))).toEqual([]);
  });

  it('tails container logs (CRI, stack traces joined) and the kubelet and containerd journal, with Kubernetes metadata', () => {
    const config = renderedConfig(loki);
    const [tail, journal] = sections(config, 'INPUT');
    expect(tail).toMatchObject({ Name: ['tail'], Path: ['/var/log/containers/*.log'], 'multiline.parser': ['cri'], Tag: ['kube.*'] });
    expect(journal).toMatchObject({ Name: ['systemd'], Systemd_Filter: ['_SYSTEMD_UNIT=kubelet.service', '_SYSTEMD_UNIT=containerd.service'], Systemd_Filter_Type: ['Or'] });
    const filters = sections(config, 'FILTER');
    expect(filters.map((f) => f.Name[0])).toEqual(['multiline', 'kubernetes', 'record_modifier']);
    expect(filters[0]['multiline.parser']).toEqual(['go, java, python']);
    expect(filters[1]).toMatchObject({ Match: ['kube.*'], Labels: ['On'], Use_Kubelet: ['Off'] });
  });

  it('ships both streams to the Loki push endpoint lokiPushUrl() names', () => {
    const push = new URL(lokiPushUrl());
    const outputs = sections(renderedConfig(loki), 'OUTPUT');
    expect(outputs.map((o) => [o.Name[0], o.Match[0]])).toEqual([['loki', 'kube.*'], ['loki', 'node.*']]);
    for (const o of outputs) {
      expect(o.Host).toEqual([push.hostname]);
      expect(o.Uri).toEqual([push.pathname]);
      expect(o.Port).toEqual([String(lokiEndpoint(push.href).port)]);
    }
    expect(renderedConfig(loki)).not.toContain('cloudwatch_logs');
  });

  it('ships to the two CloudWatch log groups of the environment, in its region, creating no group', () => {
    const outputs = sections(renderedConfig(cloudwatch), 'OUTPUT');
    expect(outputs.map((o) => [o.Name[0], o.Match[0], o.log_group_name[0], o.region[0], o.auto_create_group[0]])).toEqual([
      ['cloudwatch_logs', 'kube.*', '/groundwork/prod/containers', 'eu-west-1', 'Off'],
      ['cloudwatch_logs', 'node.*', '/groundwork/prod/nodes', 'eu-west-1', 'Off'],
    ]);
    expect(renderedConfig(cloudwatch)).not.toMatch(/Name\s+loki/);
    const sa = one(releaseObjects(cloudwatch), 'ServiceAccount');
    expect(sa.metadata.annotations).toEqual({ 'eks.amazonaws.com/role-arn': workloadRoleArn(cloudwatch.spec, 'fluent-bit') });
    expect(one(releaseObjects(loki), 'ServiceAccount').metadata.annotations ?? {}).toEqual({});
  });

  it('runs a DaemonSet on every node: tolerates every taint, requests and a memory limit, read-only root FS, no capabilities', () => {
    for (const env of [loki, cloudwatch, devLoki]) {
      const ds = one(releaseObjects(env), 'DaemonSet');
      const pod = ds.spec.template.spec;
      expect(pod.tolerations).toEqual([{ operator: 'Exists' }]);
      expect(pod.priorityClassName).toBe('platform-critical');
      expect(pod.hostNetwork).toBe(false);
      expect(pod.containers).toHaveLength(1);
      const [c] = pod.containers;
      expect(c.resources).toEqual({ requests: { cpu: expect.any(String), memory: expect.any(String) }, limits: { memory: expect.any(String) } });
      expect(c.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, privileged: false, capabilities: { drop: ['ALL'] } });
      const hostVolumes = new Set(pod.volumes.filter((v: Obj) => v.hostPath).map((v: Obj) => v.name));
      const writable = c.volumeMounts.filter((m: Obj) => hostVolumes.has(m.name) && m.readOnly !== true).map((m: Obj) => m.mountPath);
      expect(writable).toEqual(['/var/fluent-bit/state']);
      expect(ds.spec.updateStrategy.rollingUpdate.maxUnavailable).toBe('10%');
    }
  });

  it('exposes the metrics its PodMonitor scrapes: rendered pods with the selected labels and the named port', () => {
    const [endpoint] = fluentBit.monitors!({ spec: loki.spec, enabled: new Set() });
    expect(endpoint).toMatchObject({ kind: 'pod', port: 'http', path: FLUENT_BIT_METRICS_PATH });
    const ds = one(releaseObjects(loki), 'DaemonSet');
    expect(ds.spec.template.metadata.labels).toMatchObject(endpoint.selector);
    expect(endpoint.selector).toEqual(FLUENT_BIT_POD_LABELS);
    const port = ds.spec.template.spec.containers[0].ports.find((p: Obj) => p.name === endpoint.port);
    expect(port).toEqual({ name: 'http', containerPort: 2020, protocol: 'TCP' });
    expect(renderedConfig(loki)).toMatch(/^\s+HTTP_Port\s+2020$/m);
  });

  it('plans the CloudWatch log groups with the CloudWatch sink only', () => {
    const groups = (env: RenderedEnvironment) => env.plan.filter((r) => r.type === 'aws:cloudwatch/logGroup:LogGroup').map((r) => r.inputs.name);
    expect(groups(cloudwatch)).toEqual(expect.arrayContaining(['/groundwork/prod/containers', '/groundwork/prod/nodes']));
    const retention = cloudwatch.plan.filter((r) => r.type === 'aws:cloudwatch/logGroup:LogGroup' && /\/(containers|nodes)$/.test(String(r.inputs.name))).map((r) => r.inputs.retentionInDays);
    expect(retention).toEqual([cloudwatch.spec.observability.logs.retentionDays, cloudwatch.spec.observability.logs.retentionDays]);
    expect(groups(loki).filter((g) => /\/(containers|nodes)$/.test(String(g)))).toEqual([]);
  });

  it('plans an IRSA role whose policy names only the two log groups with the CloudWatch sink; no role with Loki', () => {
    const policies = (env: RenderedEnvironment) => env.plan.filter((r) => r.type === 'aws:iam/rolePolicy:RolePolicy' && r.inputs.name === 'prod-fluent-bit');
    const [policy] = policies(cloudwatch);
    const resources = JSON.parse(policy.inputs.policy as string).Statement.flatMap((s: Obj) => [s.Resource].flat());
    expect(new Set(resources.map((r: string) => r.replace(/:\*$/, '').replace(/^.*:log-group:/, '')))).toEqual(new Set(['/groundwork/prod/containers', '/groundwork/prod/nodes']));
    expect(policies(loki)).toEqual([]);
    expect(loki.plan.filter((r) => r.type === 'aws:iam/role:Role' && r.inputs.name === 'prod-fluent-bit')).toEqual([]);
  });

  it('expects its pushes to the rendered Loki gateway as a flow, and finds it allowed', async () => {
    const env = await renderedEnvironment(collectorOnly(prod, 'loki', { withLoki: true }));
    const result = checkReadiness({ spec: env.spec, objects: env.objects, releases: env.releases, exceptions: env.platform.acceptedFindings() });
    const push = result.flows.filter((f) => f.name.includes('→ loki gateway'));
    expect(push.map((f) => [f.name, f.allowed])).toEqual([['DaemonSet/monitoring-agents/fluent-bit → loki gateway 8080/TCP', true]]);
    const gateway = env.releases.find((r) => r.release === 'loki')!.objects.find((o) => o.kind === 'Service' && o.metadata.name === 'loki-gateway') as Obj;
    expect(gateway.spec.ports).toContainEqual(expect.objectContaining({ port: lokiEndpoint(lokiPushUrl()).port }));
  }, 600_000);

  it.each([['prod loki'], ['prod cloudwatch'], ['dev loki']])('passes the readiness checks over its rendered objects (%s)', (name) => {
    const env = { 'prod loki': loki, 'prod cloudwatch': cloudwatch, 'dev loki': devLoki }[name]!;
    const result = checkReadiness({ spec: env.spec, objects: env.objects, releases: env.releases, exceptions: env.platform.acceptedFindings() });
    const mine = Object.values(result.areas)
      .flat()
      .filter((f) => f.object.includes('/monitoring-agents/') && !f.excepted)
      .map((f) => `${f.check} ${f.object}${f.container ? ` [${f.container}]` : ''}: ${f.problem}`);
    expect(mine).toEqual([]);
    const flows = result.flows.filter((f) => f.name.includes('monitoring-agents'));
    expect(flows.length).toBeGreaterThan(0);
    expect(flows.filter((f) => !f.allowed).map((f) => f.name)).toEqual([]);
  });
});
