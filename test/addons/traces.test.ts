import { LIFECYCLE_MARGIN_DAYS } from '../../lib/addons/bucket-access';
import { parse } from 'yaml';
import { MESH_TRACING_PROVIDER, meshExtensionProviders } from '../../lib/addons/mesh-tracing';
import { lokiOtlpUrl } from '../../lib/addons/loki';
import {
  collectorConfig,
  collectorIamPolicy,
  OTEL_COLLECTOR_POD_LABELS,
  openTelemetryCollector,
  otlpGrpcEndpoint,
  otlpHttpEndpoint,
} from '../../lib/addons/opentelemetry-collector';
import { tempo, tempoIamPolicy, tempoOtlpGrpcEndpoint, tempoQueryUrl, TEMPO_SELECTOR } from '../../lib/addons/tempo';
import { Platform } from '../../lib/blueprint/platform';
import { checkReadiness } from '../../lib/readiness';
import { checkValuesKeys } from '../../lib/render/values-keys';
import { applyDefaults } from '../../lib/spec/defaults';
import { bucketArn, bucketName, logGroupName, workloadRoleArn } from '../../lib/spec/naming';
import type { AddonId, EnvironmentSpec } from '../../lib/spec/types';
import { dev, prod } from '../../stacks/environments';
import { renderedEnvironment, type RenderedEnvironment } from '../support/rendered';
import { validateObjects } from '../support/schema';

type Obj = Record<string, any>;
type Sink = 'loki' | 'cloudwatch';

/** `base` with traces on, logs to `sink`, and the metrics stack off (judged by its own tests). */
function tracesVariant(base: EnvironmentSpec, sink: Sink, traces: Record<string, unknown> = {}): EnvironmentSpec {
  // Alert routing needs the metrics stack: it goes with it.
  const { alerting: _alerting, ...observability } = base.observability ?? {};
  return {
    ...base,
    observability: { ...observability, metrics: { enabled: false }, logs: { ...base.observability?.logs, sink }, traces: { ...base.observability?.traces, ...traces } },
  };
}

function tracesOff(base: EnvironmentSpec): EnvironmentSpec {
  return { ...base, observability: { ...base.observability, traces: { enabled: false } } };
}

const ALL: AddonId[] = ['tempo', 'loki', 'opentelemetry-collector', 'istiod'];
const ctx = (env: EnvironmentSpec, enabled: AddonId[] = ALL) => ({ spec: applyDefaults(env), enabled: new Set<AddonId>(enabled) });

const release = (env: RenderedEnvironment, name: string) => env.releases.find((r) => r.release === name)!;
const objectOf = (env: RenderedEnvironment, rel: string, kind: string, name: string): Obj =>
  release(env, rel).objects.find((o) => o.kind === kind && o.metadata.name === name) as Obj;
const relay = (env: RenderedEnvironment): Obj => parse(objectOf(env, 'opentelemetry-collector', 'ConfigMap', 'opentelemetry-collector').data.relay);
const tempoYaml = (env: RenderedEnvironment): Obj => parse(objectOf(env, 'tempo', 'ConfigMap', 'tempo').data['tempo.yaml']);

describe('tempo and the OpenTelemetry Collector (values)', () => {
  it.each([['dev', dev], ['prod', prod]])('values for %s match the snapshot', (_, env) => {
    expect(tempo.values(ctx(env))).toMatchSnapshot('tempo');
    expect(openTelemetryCollector.values(ctx(env))).toMatchSnapshot('opentelemetry-collector');
  });

  it('exports the contract endpoints', () => {
    expect(tempoQueryUrl()).toBe('http://tempo.monitoring.svc.cluster.local:3200');
    expect(tempoOtlpGrpcEndpoint()).toBe('tempo.monitoring.svc.cluster.local:4317');
    expect(otlpGrpcEndpoint()).toBe('opentelemetry-collector.monitoring.svc.cluster.local:4317');
    expect(otlpHttpEndpoint()).toBe('http://opentelemetry-collector.monitoring.svc.cluster.local:4318');
  });

  it('scopes Tempo to its own bucket and declares that bucket with the traces retention', () => {
    const spec = applyDefaults(prod);
    const statements = tempoIamPolicy(spec).Statement;
    const s3 = statements.filter((s) => [s.Action].flat().every((a) => a.startsWith('s3:'))).flatMap((s) => [s.Resource].flat());
    expect(new Set(s3)).toEqual(new Set([bucketArn(spec, 'tempo'), `${bucketArn(spec, 'tempo')}/*`]));
    // The bucket's KMS key, only through S3 and only for this bucket's objects (SSE-KMS writes need it).
    const kms = statements.find((s) => [s.Action].flat().every((a) => a.startsWith('kms:')))!;
    expect(kms.Condition?.StringLike?.['kms:EncryptionContext:aws:s3:arn']).toEqual([bucketArn(spec, 'tempo'), `${bucketArn(spec, 'tempo')}/*`]);
    // The lifecycle keeps a day more than Tempo's compactor: the backstop never expires blocks Tempo still lists.
    expect(tempo.cloud!(spec)).toEqual({ buckets: [{ purpose: 'tempo', retentionDays: spec.observability.traces.retentionDays + LIFECYCLE_MARGIN_DAYS }] });
  });

  it('uses the contrib image, an IRSA role and a log group only for the CloudWatch sink', () => {
    const cw = applyDefaults(tracesVariant(prod, 'cloudwatch'));
    const loki = applyDefaults(tracesVariant(prod, 'loki'));
    expect(openTelemetryCollector.workloadIdentity!.when!(cw)).toBe(true);
    expect(openTelemetryCollector.workloadIdentity!.when!(loki)).toBe(false);
    expect(openTelemetryCollector.cloud!(cw)).toEqual({ logGroups: [{ name: logGroupName(cw, 'events'), retentionDays: cw.observability.logs.retentionDays }] });
    expect(openTelemetryCollector.cloud!(loki)).toEqual({});
    const resources = collectorIamPolicy(cw).Statement.flatMap((s) => [s.Resource].flat());
    expect(resources.every((r) => r.startsWith(`arn:aws:logs:${cw.region}:${cw.accountId}:log-group:${logGroupName(cw, 'events')}:`))).toBe(true);
    const values = openTelemetryCollector.values({ spec: cw, enabled: new Set(ALL) });
    expect(values.image.repository).toBe('otel/opentelemetry-collector-contrib');
    expect(values.serviceAccount.annotations['eks.amazonaws.com/role-arn']).toBe(workloadRoleArn(cw, 'opentelemetry-collector'));
    expect(openTelemetryCollector.values({ spec: loki, enabled: new Set(ALL) }).image.repository).toBe('otel/opentelemetry-collector-k8s');
  });

  it('collects events only when logs are on, traces only when traces are on', () => {
    const noLogs = collectorConfig(ctx({ ...prod, observability: { ...prod.observability, logs: { enabled: false } } }));
    expect(Object.keys(noLogs.receivers)).toEqual(['otlp']);
    expect(Object.keys(noLogs.service.pipelines)).toEqual(['traces']);
    const noTraces = collectorConfig(ctx(tracesOff(prod), ['loki', 'opentelemetry-collector']));
    expect(Object.keys(noTraces.receivers)).toEqual(['k8sobjects']);
    expect(Object.keys(noTraces.service.pipelines)).toEqual(['logs/events']);
    expect(openTelemetryCollector.isSelected(applyDefaults(tracesOff(prod)))).toBe(true);
    expect(openTelemetryCollector.isSelected(applyDefaults({ ...tracesOff(prod), observability: { traces: { enabled: false }, logs: { enabled: false } } }))).toBe(false);
  });
});

describe('traces off', () => {
  const platform = Platform.fromSpec(tracesOff(dev));
  it('has no Tempo, no Telemetry and no tracing extension provider', () => {
    expect(platform.selection.ordered.map((a) => a.id)).not.toContain('tempo');
    const objects = platform.manifests().charts.flatMap((c) => c.objects);
    expect(objects.filter((o) => o.kind === 'Telemetry')).toEqual([]);
    expect(meshExtensionProviders(platform.selection.context)).toEqual([]);
    const istiod = platform.selection.ordered.find((a) => a.id === 'istiod')!;
    expect((platform.valuesOf(istiod as never).values as Obj).meshConfig.extensionProviders).toBeUndefined();
  });
});

describe('tempo and the OpenTelemetry Collector (rendered)', () => {
  let loki: RenderedEnvironment;
  let cloudwatch: RenderedEnvironment;
  let devLoki: RenderedEnvironment;
  beforeAll(async () => {
    loki = await renderedEnvironment(tracesVariant(prod, 'loki'));
    cloudwatch = await renderedEnvironment(tracesVariant(prod, 'cloudwatch', { samplingPercent: 5 }));
    devLoki = await renderedEnvironment(tracesVariant(dev, 'loki'));
  }, 600_000);

  it('sets only value keys the charts declare', () => {
    for (const env of [loki, cloudwatch]) expect(checkValuesKeys(env.releases.filter((r) => ['tempo', 'opentelemetry-collector'].includes(r.release)))).toEqual([]);
  });

  it('renders objects valid against their schemas (Kubernetes, and the Istio CRDs for the Telemetry)', () => {
    for (const env of [loki, cloudwatch]) {
      const mine = [...release(env, 'tempo').objects, ...release(env, 'opentelemetry-collector').objects, ...env.manifests.filter((o) => o.kind === 'Telemetry')];
      const crds = env.objects.filter((o) => o.kind === 'CustomResourceDefinition');
      expect(mine.length).toBeGreaterThan(10);
      expect(validateObjects(mine, { crds })).toEqual([]);
    }
  });

  it('receives OTLP gRPC and HTTP and exports traces to Tempo with a queue and retries', () => {
    const c = relay(loki);
    expect(Object.keys(c.receivers.otlp.protocols).sort()).toEqual(['grpc', 'http']);
    expect(c.receivers.otlp.protocols.grpc.endpoint).toMatch(/:4317$/);
    expect(c.receivers.otlp.protocols.http.endpoint).toMatch(/:4318$/);
    expect(c.exporters['otlp_grpc/tempo']).toMatchObject({ endpoint: tempoOtlpGrpcEndpoint(), sending_queue: { enabled: true }, retry_on_failure: { enabled: true } });
    expect(c.service.pipelines.traces).toEqual({ receivers: ['otlp'], processors: ['memory_limiter', 'k8s_attributes', 'batch'], exporters: ['otlp_grpc/tempo'] });
    // No Jaeger, Zipkin or debug left over from the chart's defaults.
    expect(Object.keys(c.receivers).sort()).toEqual(['k8sobjects', 'otlp']);
    expect(Object.keys(c.exporters).sort()).toEqual(['otlp_grpc/tempo', 'otlp_http/loki']);
  });

  it('watches events through the leader elector, with a Lease Role scoped to its lease', () => {
    const c = relay(loki);
    expect(c.receivers.k8sobjects.k8s_leader_elector).toBe('k8s_leader_elector');
    expect(c.receivers.k8sobjects.objects).toEqual([expect.objectContaining({ name: 'events', group: 'events.k8s.io', mode: 'watch' })]);
    expect(c.extensions.k8s_leader_elector).toMatchObject({ auth_type: 'serviceAccount', lease_namespace: 'monitoring' });
    expect(c.service.extensions).toContain('k8s_leader_elector');
    const role = objectOf(loki, 'opentelemetry-collector', 'Role', 'opentelemetry-collector-leader-election');
    const scoped = role.rules.filter((r: Obj) => r.verbs.includes('update'));
    expect(scoped.every((r: Obj) => r.resourceNames?.length === 1)).toBe(true);
    expect(role.rules.flatMap((r: Obj) => r.verbs)).not.toContain('delete');
    const cluster = objectOf(loki, 'opentelemetry-collector', 'ClusterRole', 'opentelemetry-collector');
    expect(cluster.rules.flatMap((r: Obj) => r.verbs).sort()).not.toEqual(expect.arrayContaining(['create']));
    expect(cluster.rules.flatMap((r: Obj) => r.resources)).not.toContain('leases');
  });

  it('ships events to Loki over OTLP, or to the CloudWatch events log group', () => {
    expect(relay(loki).exporters['otlp_http/loki'].endpoint).toBe(lokiOtlpUrl());
    expect(relay(loki).service.pipelines['logs/events'].exporters).toEqual(['otlp_http/loki']);
    const cw = relay(cloudwatch);
    expect(cw.exporters['awscloudwatchlogs/events']).toMatchObject({ log_group_name: logGroupName(cloudwatch.spec, 'events'), region: cloudwatch.spec.region });
    expect(cw.service.pipelines['logs/events'].exporters).toEqual(['awscloudwatchlogs/events']);
    const image = objectOf(cloudwatch, 'opentelemetry-collector', 'Deployment', 'opentelemetry-collector').spec.template.spec.containers[0].image;
    expect(image).toMatch(/^otel\/opentelemetry-collector-contrib:/);
  });

  it('plans the IRSA roles and the events log group where they are needed', () => {
    const roles = (env: RenderedEnvironment) => env.plan.filter((r) => r.type === 'aws:iam/role:Role').map((r) => r.inputs.name as string);
    const groups = (env: RenderedEnvironment) => env.plan.filter((r) => r.type === 'aws:cloudwatch/logGroup:LogGroup').map((r) => r.inputs.name as string);
    expect(roles(loki)).toContain('prod-tempo');
    expect(roles(loki)).not.toContain('prod-opentelemetry-collector');
    expect(roles(cloudwatch)).toContain('prod-opentelemetry-collector');
    expect(groups(cloudwatch)).toContain(logGroupName(cloudwatch.spec, 'events'));
    expect(groups(loki)).not.toContain(logGroupName(loki.spec, 'events'));
  });

  it('runs the gateway with the tier replicas and a budget; dev on one replica', () => {
    expect(objectOf(loki, 'opentelemetry-collector', 'Deployment', 'opentelemetry-collector').spec.replicas).toBe(loki.spec.profile.replicas);
    expect(objectOf(loki, 'opentelemetry-collector', 'PodDisruptionBudget', 'opentelemetry-collector').spec.maxUnavailable).toBe(1);
    expect(objectOf(devLoki, 'opentelemetry-collector', 'Deployment', 'opentelemetry-collector').spec.replicas).toBe(devLoki.spec.profile.replicas);
  });

  it('stores traces in its S3 bucket, in the region, for the retention of the spec, WAL on a volume', () => {
    for (const env of [loki, devLoki]) {
      const t = tempoYaml(env);
      expect(t.storage.trace.backend).toBe('s3');
      expect(t.storage.trace.s3).toMatchObject({ bucket: bucketName(env.spec, 'tempo'), region: env.spec.region, endpoint: `s3.${env.spec.region}.amazonaws.com` });
      expect(t.compactor.compaction.block_retention).toBe(`${env.spec.observability.traces.retentionDays * 24}h`);
      expect(Object.keys(t.distributor.receivers)).toEqual(['otlp']);
      const sts = objectOf(env, 'tempo', 'StatefulSet', 'tempo');
      expect(sts.spec.volumeClaimTemplates[0].spec.storageClassName).toBe('gp3');
      expect(sts.spec.template.spec.containers[0].volumeMounts).toContainEqual(expect.objectContaining({ mountPath: '/var/tempo' }));
      expect(objectOf(env, 'tempo', 'ServiceAccount', 'tempo').metadata.annotations['eks.amazonaws.com/role-arn']).toBe(workloadRoleArn(env.spec, 'tempo'));
    }
  });

  it('exposes the metrics ports its monitors name on the Services they select', () => {
    const svcOf = (env: RenderedEnvironment, rel: string, name: string) => objectOf(env, rel, 'Service', name);
    const tempoSvc = svcOf(loki, 'tempo', 'tempo');
    expect(tempoSvc.metadata.labels).toMatchObject(TEMPO_SELECTOR);
    expect(tempoSvc.spec.ports.map((p: Obj) => p.name)).toContain(tempo.monitors!(ctx(prod))[0].port);
    const otelSvc = svcOf(loki, 'opentelemetry-collector', 'opentelemetry-collector');
    expect(otelSvc.metadata.labels).toMatchObject(OTEL_COLLECTOR_POD_LABELS);
    expect(otelSvc.spec.ports.map((p: Obj) => `${p.name}:${p.port}`).sort()).toEqual(['metrics:8888', 'otlp-http:4318', 'otlp:4317']);
  });

  it('sends mesh spans to the collector with the sampling rate of the spec', () => {
    for (const env of [loki, cloudwatch, devLoki]) {
      const telemetry = env.manifests.filter((o) => o.kind === 'Telemetry');
      expect(telemetry).toHaveLength(1);
      expect(telemetry[0].metadata).toMatchObject({ name: 'mesh-default', namespace: 'istio-system' });
      expect((telemetry[0] as Obj).spec.tracing).toEqual([{ providers: [{ name: MESH_TRACING_PROVIDER }], randomSamplingPercentage: env.spec.observability.traces.samplingPercent }]);
      const mesh = parse(objectOf(env, 'istiod', 'ConfigMap', 'istio').data.mesh);
      expect(mesh.extensionProviders).toContainEqual({ name: MESH_TRACING_PROVIDER, opentelemetry: { service: 'opentelemetry-collector.monitoring.svc.cluster.local', port: 4317 } });
    }
    expect((cloudwatch.manifests.find((o) => o.kind === 'Telemetry') as Obj).spec.tracing[0].randomSamplingPercentage).toBe(5);
  });

  it.each([['prod loki'], ['prod cloudwatch'], ['dev loki']])('passes the readiness checks over its objects and allows OTLP from tenants and sidecars (%s)', (name) => {
    const env = { 'prod loki': loki, 'prod cloudwatch': cloudwatch, 'dev loki': devLoki }[name]!;
    const result = checkReadiness({ spec: env.spec, objects: env.objects, releases: env.releases, exceptions: env.platform.acceptedFindings() });
    const mine = Object.values(result.areas)
      .flat()
      .filter((f) => /\/monitoring\/(tempo|opentelemetry-collector)|^Telemetry\/istio-system\//.test(f.object) && !f.excepted)
      .map((f) => `${f.check} ${f.object}${f.container ? ` [${f.container}]` : ''}: ${f.problem}`);
    expect(mine).toEqual([]);
    const flows = result.flows.filter((f) => f.name.includes('otel collector'));
    expect(flows.length).toBeGreaterThan(0);
    expect(flows.some((f) => f.name.includes('istio-proxy'))).toBe(true);
    expect(flows.filter((f) => !f.allowed).map((f) => f.name)).toEqual([]);
    expect(result.unusedExceptions.filter((e) => e.object.includes('/monitoring/'))).toEqual([]);
  });

  it('lets tenant pods send OTLP to the collector pods on 4317/4318 only', () => {
    for (const tenant of loki.spec.tenants) {
      const policy = loki.manifests.find((o) => o.kind === 'NetworkPolicy' && o.metadata.namespace === tenant.name && o.metadata.name === 'allow-telemetry-egress') as Obj;
      expect(policy.spec.policyTypes).toEqual(['Egress']);
      expect(policy.spec.egress).toHaveLength(1);
      const [rule] = policy.spec.egress;
      expect(rule.ports.map((p: Obj) => `${p.protocol}/${p.port}`).sort()).toEqual(['TCP/4317', 'TCP/4318']);
      expect(rule.to).toEqual([
        expect.objectContaining({ podSelector: { matchLabels: { ...OTEL_COLLECTOR_POD_LABELS } }, namespaceSelector: expect.objectContaining({}) }),
      ]);
    }
  });

  // The collector has no sidecar: OTLP from meshed pods works only while auto-mTLS may fall back to
  // plaintext. A DestinationRule forcing ISTIO_MUTUAL on its host would cut the flows off, and the checks say so.
  it('would see mesh spans cut off by a DestinationRule forcing Istio mTLS to the collector', () => {
    const forced = {
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: { name: 'collector-mtls', namespace: 'istio-system' },
      spec: { host: 'opentelemetry-collector.monitoring.svc.cluster.local', trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } },
    };
    const objects = [...loki.objects, forced as never];
    const result = checkReadiness({ spec: loki.spec, objects, releases: loki.releases, exceptions: loki.platform.acceptedFindings() });
    const blocked = result.flows.filter((f) => f.name.includes('otel collector') && !f.allowed);
    expect(blocked.length).toBeGreaterThan(0);
    expect(blocked.flatMap((f) => f.blocked.map((b) => b.layer))).toContain('client-tls');
  });

  // Tempo's single replica stays in the report, excepted with its reason, where the tier wants HA.
  it('reports the single Tempo replica as an accepted finding in production only', () => {
    const excepted = (env: RenderedEnvironment) =>
      Object.values(checkReadiness({ spec: env.spec, objects: env.objects, releases: env.releases, exceptions: env.platform.acceptedFindings() }).areas)
        .flat()
        .filter((f) => f.object === 'StatefulSet/monitoring/tempo' && f.excepted)
        .map((f) => f.check)
        .sort();
    expect(excepted(loki)).toEqual(['availability.disruption-budget', 'availability.replicas', 'availability.zone-spread']);
    expect(excepted(devLoki)).toEqual([]);
  });
});
