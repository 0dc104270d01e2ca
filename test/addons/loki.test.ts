/**
 * Loki as it runs: values per tier, and the chart rendered with the plan's values (helm template
 * through test/support/rendered.ts): S3 config, retention, replicas, resources, IRSA, readiness.
 */
import { parse } from 'yaml';
import { loki, lokiBucket, lokiMonitors, lokiOtlpUrl, lokiPushUrl, lokiQueryUrl, LOKI_SCHEMA_FROM } from '../../lib/addons/loki';
import type { KubeObject } from '../../lib/blueprint/manifests';
import { toCloudJson } from '../../lib/plan/planner';
import { checkReadiness } from '../../lib/readiness';
import { applyDefaults } from '../../lib/spec/defaults';
import { bucketName, workloadRoleArn } from '../../lib/spec/naming';
import type { EnvironmentSpec } from '../../lib/spec/types';
import { dev, prod, staging } from '../../stacks/environments';
import { synthesize } from '../support/environment';
import { renderedEnvironment, type RenderedEnvironment } from '../support/rendered';
import { prodGitops } from '../support/variants';

const ctx = (env: EnvironmentSpec) => ({ spec: applyDefaults(env), enabled: new Set([loki.id]) });
const BUCKET = 'aws:s3/bucket:Bucket';

const envs = new Map<string, RenderedEnvironment>();

/** The Loki release's rendered objects. */
function lokiObjects(name: string): KubeObject[] {
  const release = envs.get(name)!.releases.find((r) => r.release === 'loki');
  if (!release) throw new Error(`${name}: no loki release rendered`);
  return release.objects;
}

function find(objects: KubeObject[], kind: string, name: string): any {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind}/${name} in ${objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}`);
  return found;
}

/** Loki's own configuration, as the chart renders it into the `loki` ConfigMap. */
function lokiConfig(name: string): any {
  return parse(find(lokiObjects(name), 'ConfigMap', 'loki').data['config.yaml']);
}

const workloads = (objects: KubeObject[]): any[] => objects.filter((o) => ['Deployment', 'StatefulSet', 'DaemonSet'].includes(o.kind));

describe('loki (chart 18.11)', () => {
  it('exports the gateway URLs the collectors and Grafana use', () => {
    expect(lokiQueryUrl()).toBe('http://loki-gateway.monitoring.svc.cluster.local');
    expect(lokiPushUrl()).toBe('http://loki-gateway.monitoring.svc.cluster.local/loki/api/v1/push');
    expect(lokiOtlpUrl()).toBe('http://loki-gateway.monitoring.svc.cluster.local/otlp');
  });

  it.each([['dev', dev], ['prod', prod]])('values for %s match the snapshot', (_, env) => {
    expect(loki.values(ctx(env))).toMatchSnapshot();
  });

  it('never uses the chart test schema and pins the schema start date', () => {
    for (const env of [dev, prod]) {
      const v = loki.values(ctx(env));
      expect(v.loki.useTestSchema).toBe(false);
      expect(v.loki.schemaConfig.configs).toEqual([expect.objectContaining({ from: LOKI_SCHEMA_FROM, store: 'tsdb', schema: 'v13', object_store: 's3' })]);
    }
  });

});

describe('loki as rendered (helm template with the plan values)', () => {
  beforeAll(async () => {
    envs.set('dev', await renderedEnvironment(dev));
    envs.set('staging', await renderedEnvironment(staging));
    envs.set('prod', await renderedEnvironment(prod));
  }, 600_000);

  it.each(['dev', 'prod'])('%s: the rendered config stores chunks and index in the environment bucket, in its region, with IRSA only', (name) => {
    const spec = envs.get(name)!.spec;
    const config = lokiConfig(name);
    expect(config.common.storage.s3).toMatchObject({ bucketnames: bucketName(spec, 'loki'), region: spec.region, insecure: false });
    expect(JSON.stringify(config)).not.toMatch(/access_key_id|secret_access_key/);
    expect(config.schema_config.configs).toEqual([{ from: LOKI_SCHEMA_FROM, store: 'tsdb', object_store: 's3', schema: 'v13', index: { prefix: 'loki_index_', period: '24h' } }]);
    expect(config.auth_enabled).toBe(false);
  });

  it.each(['dev', 'prod'])('%s: the compactor enforces the spec retention; the bucket lifecycle keeps a day more', (name) => {
    const env = envs.get(name)!;
    const days = env.spec.observability.logs.retentionDays;
    const config = lokiConfig(name);
    expect(config.limits_config.retention_period).toBe(`${days * 24}h`);
    expect(config.compactor).toMatchObject({ retention_enabled: true, delete_request_store: 's3' });
    const [bucket] = env.plan.filter((r) => r.type === BUCKET && r.inputs.bucket === lokiBucket(env.spec));
    const lifecycle = env.plan.find((r) => r.type === 'aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration' && r.parent === bucket.parent)!;
    expect((lifecycle.inputs.rules as Array<{ expiration: { days: number } }>)[0].expiration.days).toBe(days + 1);
  });

  it('dev runs one Monolithic pod with replication factor 1', () => {
    const objects = lokiObjects('dev');
    const sets = workloads(objects).map((w) => [w.kind, w.metadata.name, w.spec.replicas]);
    expect(sets).toEqual(expect.arrayContaining([['StatefulSet', 'loki', 1], ['Deployment', 'loki-gateway', 1]]));
    expect(sets.map((s) => s[1])).not.toEqual(expect.arrayContaining(['loki-write']));
    expect(lokiConfig('dev').common.replication_factor).toBe(1);
  });

  it('prod runs read/write/backend from the tier (≥ 3 writers, replication factor 3), each with a PDB allowing one eviction and hard zone spread', () => {
    const objects = lokiObjects('prod');
    const replicas = Object.fromEntries(workloads(objects).map((w) => [w.metadata.name, w.spec.replicas]));
    expect(replicas['loki-write']).toBeGreaterThanOrEqual(3);
    expect(replicas).toMatchObject({ 'loki-read': 3, 'loki-backend': 3, 'loki-gateway': 3 });
    expect(replicas).not.toHaveProperty('loki');
    expect(lokiConfig('prod').common.replication_factor).toBe(3);
    const pdbs = objects.filter((o) => o.kind === 'PodDisruptionBudget').map((p: any) => [p.metadata.name, p.spec.maxUnavailable]);
    expect(pdbs).toEqual(expect.arrayContaining(['loki-write', 'loki-read', 'loki-backend', 'loki-gateway'].map((n) => [n, 1])));
    for (const name of ['loki-write', 'loki-read', 'loki-backend', 'loki-gateway']) {
      const pod = find(objects, name === 'loki-read' || name === 'loki-gateway' ? 'Deployment' : 'StatefulSet', name).spec.template.spec;
      expect(pod.topologySpreadConstraints).toEqual([expect.objectContaining({ topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule' })]);
      expect(pod.nodeSelector).toEqual({ 'groundwork.dev/pool-role': 'system' });
    }
  });

  it('staging takes its replicas from the tier (2 read/backend/gateway) but still 3 writers for replication factor 3', () => {
    const replicas = Object.fromEntries(workloads(lokiObjects('staging')).map((w) => [w.metadata.name, w.spec.replicas]));
    expect(replicas).toMatchObject({ 'loki-write': 3, 'loki-read': 2, 'loki-backend': 2, 'loki-gateway': 2 });
    expect(lokiConfig('staging').common.replication_factor).toBe(3);
  });

  it.each(['dev', 'staging', 'prod'])('%s: every container, init containers included, has requests, a memory limit and the restricted profile', (name) => {
    const bad: string[] = [];
    for (const w of workloads(lokiObjects(name))) {
      const pod = w.spec.template.spec;
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      for (const c of [...(pod.initContainers ?? []), ...pod.containers]) {
        const r = c.resources ?? {};
        if (!r.requests?.cpu || !r.requests?.memory || !r.limits?.memory) bad.push(`${w.metadata.name}/${c.name}: resources ${JSON.stringify(r)}`);
        const sc = c.securityContext ?? {};
        if (sc.allowPrivilegeEscalation !== false || !sc.capabilities?.drop?.includes('ALL') || sc.readOnlyRootFilesystem !== true) bad.push(`${w.metadata.name}/${c.name}: securityContext ${JSON.stringify(sc)}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it.each(['dev', 'prod'])('%s: the service account carries the IRSA role whose policy names only the Loki bucket', (name) => {
    const env = envs.get(name)!;
    const sa = find(lokiObjects(name), 'ServiceAccount', 'loki');
    expect(sa.metadata.annotations['eks.amazonaws.com/role-arn']).toBe(workloadRoleArn(env.spec, 'loki'));
    for (const w of workloads(lokiObjects(name)).filter((x) => x.metadata.name !== 'loki-gateway' && !x.metadata.name.includes('cache'))) {
      expect(w.spec.template.spec.serviceAccountName).toBe('loki');
    }
    const role = env.plan.find((r) => r.type === 'aws:iam/role:Role' && r.inputs.name === `${env.spec.name}-loki`);
    expect(role).toBeDefined();
    const policy = env.plan.find((r) => r.type === 'aws:iam/rolePolicy:RolePolicy' && r.inputs.name === `${env.spec.name}-loki`)!;
    const doc = JSON.parse(String(policy.inputs.policy));
    const s3 = doc.Statement.filter((s: { Action: string | string[] }) => [s.Action].flat().some((a) => a.startsWith('s3:')));
    expect(s3.flatMap((s: { Resource: string | string[] }) => [s.Resource].flat()).sort()).toEqual([`arn:aws:s3:::${lokiBucket(env.spec)}`, `arn:aws:s3:::${lokiBucket(env.spec)}/*`]);
  });

  it.each(['dev', 'prod'])('%s: creates the bucket (cloud.json) before the release', (name) => {
    const env = envs.get(name)!;
    const cloud = toCloudJson(env.plan);
    const bucket = cloud.find((r) => r.type === BUCKET && r.inputs.bucket === lokiBucket(env.spec));
    expect(bucket).toBeDefined();
    const release = env.plan.find((r) => r.type === 'kubernetes:helm.sh/v3:Release' && r.inputs.name === 'loki')!;
    // The bucket and every protection of it (encryption, public access block, TLS policy, lifecycle).
    const store = env.plan.filter((r) => r.parent === bucket!.name || r.name === bucket!.name).map((r) => r.name);
    expect(store.length).toBeGreaterThanOrEqual(6);
    expect(release.dependsOn).toEqual(expect.arrayContaining(store));
  });

  it.each(['dev', 'staging', 'prod'])('%s: passes every readiness check over the rendered Loki objects', (name) => {
    const env = envs.get(name)!;
    const result = checkReadiness({ spec: env.spec, objects: env.objects, releases: env.releases, exceptions: env.platform.acceptedFindings() });
    const open = Object.values(result.areas)
      .flat()
      .filter((f) => !f.excepted && /^[A-Za-z]+\/monitoring\/loki/.test(f.object))
      .map((f) => `${f.check} ${f.object}${f.container ? ` [${f.container}]` : ''}: ${f.problem}`);
    expect(open).toEqual([]);
  });

  it.each(['dev', 'staging', 'prod'])('%s: every declared metrics endpoint selects rendered pods with that container port, and every Loki pod is scraped once', (name) => {
    const env = envs.get(name)!;
    const pods = workloads(lokiObjects(name)).map((w) => w.spec.template);
    const endpoints = lokiMonitors(env.spec);
    const selects = (e: (typeof endpoints)[number], pod: any) => Object.entries(e.selector).every(([k, v]) => pod.metadata.labels?.[k] === v);
    for (const e of endpoints) {
      expect(e.kind).toBe('pod');
      const matching = pods.filter((p) => selects(e, p) && p.spec.containers.some((c: any) => (c.ports ?? []).some((port: { name: string }) => port.name === e.port)));
      expect({ endpoint: e.name, pods: matching.length }).toEqual({ endpoint: e.name, pods: 1 });
    }
    // Every pod exposing http-metrics is covered exactly once (no double scrape, none forgotten).
    for (const pod of pods.filter((p) => p.spec.containers.some((c: any) => (c.ports ?? []).some((port: { name: string }) => port.name === 'http-metrics')))) {
      expect({ pod: pod.metadata.labels['app.kubernetes.io/component'], monitors: endpoints.filter((e) => selects(e, pod)).length }).toEqual({ pod: pod.metadata.labels['app.kubernetes.io/component'], monitors: 1 });
    }
  });

  it('creates the bucket in GitOps delivery too, before Argo CD syncs the Applications', async () => {
    const { plan } = await synthesize(prodGitops);
    const bucket = plan.find((r) => r.type === BUCKET && r.inputs.bucket === 'prod-loki-333333333333-eu-west-1');
    expect(bucket).toBeDefined();
    const applications = plan.filter((r) => r.dependsOn.includes(bucket!.name) && r.type.startsWith('kubernetes:'));
    expect(applications.length).toBeGreaterThan(0);
  }, 300_000);

  it('is off without logs or with the CloudWatch sink', async () => {
    const off = (logs: object): EnvironmentSpec => ({ ...dev, observability: { ...dev.observability, logs: { ...dev.observability?.logs, ...logs } } });
    expect(loki.isSelected(applyDefaults(off({ enabled: false })))).toBe(false);
    expect(loki.isSelected(applyDefaults(off({ sink: 'cloudwatch' })))).toBe(false);
    expect(loki.isSelected(applyDefaults(dev))).toBe(true);
    const { plan } = await synthesize(off({ sink: 'cloudwatch' }));
    expect(plan.filter((r) => r.type === 'kubernetes:helm.sh/v3:Release' && r.inputs.name === 'loki')).toEqual([]);
    expect(plan.filter((r) => r.type === BUCKET && String(r.inputs.bucket).includes('-loki-'))).toEqual([]);
    expect(plan.filter((r) => r.type === 'aws:iam/role:Role' && r.inputs.name === 'dev-loki')).toEqual([]);
  }, 300_000);
});
