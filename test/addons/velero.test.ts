/**
 * Velero as it runs: values per tier, the chart rendered with the plan's values (helm template via
 * test/support/rendered.ts), its Schedules and VolumeSnapshotClass as synthesized, the bucket in
 * the plan (versioned, KMS, replicated to the DR region in production), IRSA and readiness.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Chart } from 'cdk8s';
import {
  configureVelero,
  EBS_CSI_DRIVER,
  STATEFUL_LABEL,
  velero,
  veleroBucket,
  veleroIamPolicy,
  veleroMonitors,
  veleroSchedules,
  VELERO_BUCKET_PREFIX,
  VELERO_NAMESPACE,
  VELERO_SERVICE_ACCOUNT,
} from '../../lib/addons/velero';
import { VeleroSchedule, VolumeSnapshotClass } from '../../lib/addons/velero-resources';
import { backupGroup, BACKUP_MISSING_HOURS } from '../../lib/addons/alerts/backup';
import type { KubeObject } from '../../lib/blueprint/manifests';
import { checkReadiness } from '../../lib/readiness';
import { applyDefaults } from '../../lib/spec/defaults';
import { bucketName, workloadRoleArn } from '../../lib/spec/naming';
import type { EnvironmentSpec } from '../../lib/spec/types';
import { VELERO_PLUGIN_FOR_AWS_VERSION } from '../../lib/spec/versions';
import { dev, prod, staging } from '../../stacks/environments';
import { renderedEnvironment, REPO_ROOT, type RenderedEnvironment } from '../support/rendered';
import { parseManifests, validateObjects } from '../support/schema';

const ctx = (env: EnvironmentSpec) => ({ spec: applyDefaults(env), enabled: new Set([velero.id]) });
const BUCKET = 'aws:s3/bucket:Bucket';
const SNAPSHOT_CLASS_CRD = parseManifests(readFileSync(join(__dirname, 'fixtures', 'snapshot.storage.k8s.io_volumesnapshotclasses.yaml'), 'utf8'));

/** Production with a DR region even if the stock spec has none. */
const prodWithDr: EnvironmentSpec = { ...prod, backup: { ...prod.backup, drRegion: prod.backup?.drRegion ?? 'eu-central-1' } };

/** The configuration objects `configure` emits, as JSON. */
function configured(env: EnvironmentSpec): any[] {
  const chart = new Chart(new App(), 'velero-config');
  configureVelero(chart, ctx(env));
  return chart.toJson();
}

describe('velero (chart 12.1, Velero 1.18)', () => {
  it.each([['dev', dev], ['prod', prodWithDr]])('values for %s match the snapshot', (_, env) => {
    expect(velero.values(ctx(env))).toMatchSnapshot();
  });

  it('is selected by spec.backup.enabled', () => {
    expect(velero.isSelected(applyDefaults(dev))).toBe(true);
    expect(velero.isSelected(applyDefaults({ ...dev, backup: { enabled: false } }))).toBe(false);
  });

  it('grants S3 on its own bucket and KMS only through S3 for it; no EC2 (CSI snapshots use the EBS driver role)', () => {
    const spec = applyDefaults(prodWithDr);
    const doc = veleroIamPolicy(spec);
    const actions = doc.Statement.flatMap((s) => [s.Action].flat());
    expect(actions.filter((a) => !a.startsWith('s3:') && !a.startsWith('kms:'))).toEqual([]);
    expect(actions).not.toContain('s3:*');
    const s3Resources = doc.Statement.filter((s) => [s.Action].flat().some((a) => a.startsWith('s3:'))).flatMap((s) => [s.Resource].flat());
    expect(s3Resources.sort()).toEqual([`arn:aws:s3:::${veleroBucket(spec)}`, `arn:aws:s3:::${veleroBucket(spec)}/*`]);
    const kms = doc.Statement.find((s) => [s.Action].flat().some((a) => a.startsWith('kms:')))!;
    expect(kms.Condition).toMatchObject({ StringEquals: { 'kms:ViaService': `s3.${spec.region}.amazonaws.com` } });
  });

  it('asks for a versioned bucket kept one day past the daily TTL, replicated to the DR region when one is set', () => {
    const prodNeeds = velero.cloud!(applyDefaults(prodWithDr));
    expect(prodNeeds.buckets).toEqual([{ purpose: 'velero', retentionDays: 31, versioned: true, replicateToRegion: 'eu-central-1' }]);
    expect(velero.cloud!(applyDefaults(dev)).buckets).toEqual([{ purpose: 'velero', retentionDays: 8, versioned: true, replicateToRegion: undefined }]);
  });

  it('schedules a daily cluster-wide backup with the daily TTL; hourly for stateful resources only in production, with the hourly TTL', () => {
    const d = veleroSchedules(applyDefaults({ ...dev, backup: { dailyRetentionDays: 5 } }));
    expect(Object.keys(d)).toEqual(['daily']);
    expect(d.daily.template).toMatchObject({ ttl: '120h0m0s', includedNamespaces: ['*'], includeClusterResources: true, snapshotVolumes: true, defaultVolumesToFsBackup: false });
    expect(d.daily.template.labelSelector).toBeUndefined();
    const p = veleroSchedules(applyDefaults({ ...prodWithDr, backup: { ...prodWithDr.backup, dailyRetentionDays: 30, hourlyRetentionHours: 36 } }));
    expect(Object.keys(p).sort()).toEqual(['daily', 'hourly']);
    expect(p.daily.template.ttl).toBe('720h0m0s');
    expect(p.hourly.template).toMatchObject({ ttl: '36h0m0s', labelSelector: { matchLabels: { [STATEFUL_LABEL]: 'true' } }, snapshotVolumes: true });
    expect(p.hourly.schedule.split(' ')[1]).toBe('*');
    expect(Object.keys(veleroSchedules(applyDefaults(staging)))).toEqual(['daily']);
  });

  it('emits the Schedules and the EBS VolumeSnapshotClass, valid against their CRDs (the chart\'s, external-snapshotter\'s)', async () => {
    const objects = configured(prodWithDr);
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual(['Schedule/daily', 'Schedule/hourly', 'VolumeSnapshotClass/ebs-csi']);
    const vsc = objects.find((o) => o.kind === 'VolumeSnapshotClass');
    expect(vsc).toMatchObject({ driver: EBS_CSI_DRIVER, deletionPolicy: 'Delete', metadata: { labels: { 'velero.io/csi-volumesnapshot-class': 'true' } } });
    expect(vsc.metadata.namespace).toBeUndefined();
    for (const s of objects.filter((o) => o.kind === 'Schedule')) expect(s.metadata.namespace).toBe(VELERO_NAMESPACE);
    const env = await renderedEnvironment(prod);
    const veleroCrds = env.releases.find((r) => r.release === 'velero')!.objects.filter((o) => o.kind === 'CustomResourceDefinition');
    expect(veleroCrds.map((c) => c.metadata.name)).toContain('schedules.velero.io');
    expect(validateObjects(objects, { crds: [...veleroCrds, ...SNAPSHOT_CLASS_CRD] })).toEqual([]);
  }, 600_000);

  it('refuses malformed custom resources before they are emitted', () => {
    const template = { ttl: '24h0m0s', includedNamespaces: ['*'], includeClusterResources: true, snapshotVolumes: true, defaultVolumesToFsBackup: false, storageLocation: 'default' };
    const schedule = (s: string, ttl = '24h0m0s') => new VeleroSchedule({ metadata: { name: 'x', namespace: 'velero' }, spec: { schedule: s, useOwnerReferencesInBackup: false, template: { ...template, ttl } } });
    expect(() => schedule('0 2 * *').validate()).toThrow('is not a five-field cron expression');
    expect(() => schedule('0 2 * * *', '30d').validate()).toThrow('is not a duration like 720h0m0s');
    expect(() => schedule('0 2 * * *').validate()).not.toThrow();
    expect(() => new VolumeSnapshotClass({ metadata: { name: 'x', namespace: 'velero' }, driver: EBS_CSI_DRIVER, deletionPolicy: 'Delete' }).validate()).toThrow('cluster-scoped');
  });

  it('alerts on a failed and on a missing backup (26 h) only where Velero runs', () => {
    const [group] = backupGroup(ctx(prodWithDr));
    expect(group.rules.map((r) => ('alert' in r ? r.alert : r.record))).toEqual(['VeleroBackupFailed', 'VeleroBackupMissing']);
    expect(JSON.stringify(group)).toContain(`${BACKUP_MISSING_HOURS} * 3600`);
    expect(backupGroup({ spec: applyDefaults(prod), enabled: new Set() })).toEqual([]);
  });

  it('keeps docs/runbooks/restore.md with both procedures, step by step', () => {
    const text = readFileSync(join(REPO_ROOT, 'docs/runbooks/restore.md'), 'utf8');
    expect(text).toContain('## Restore one namespace');
    expect(text).toContain('## Rebuild the environment in the DR region');
    const rebuild = text.split('## Rebuild the environment in the DR region')[1];
    // In order: the cloud half (pulumi up in the DR region, adopting the replica bucket), then velero restore.
    const steps = ['pulumi config set aws:region', 'pulumi import', '**Deploy.** `pulumi up', 'velero restore create', '**DNS.**'];
    const at = steps.map((s) => rebuild.indexOf(s));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });
});

describe('velero as rendered (helm template with the plan values)', () => {
  const envs = new Map<string, RenderedEnvironment>();
  beforeAll(async () => {
    envs.set('dev', await renderedEnvironment(dev));
    envs.set('prod', await renderedEnvironment(prodWithDr));
  }, 600_000);

  function objects(name: string): KubeObject[] {
    const release = envs.get(name)!.releases.find((r) => r.release === 'velero');
    if (!release) throw new Error(`${name}: no velero release rendered`);
    return release.objects;
  }
  const find = (name: string, kind: string, objName?: string): any => {
    const found = objects(name).filter((o) => o.kind === kind && (objName === undefined || o.metadata.name === objName));
    if (found.length !== 1) throw new Error(`${name}: ${found.length} ${kind}/${objName ?? '*'}`);
    return found[0];
  };

  it.each(['dev', 'prod'])('%s: the BackupStorageLocation is the environment bucket, in its region, with no VolumeSnapshotLocation', (name) => {
    const spec = envs.get(name)!.spec;
    const bsl = find(name, 'BackupStorageLocation');
    expect(bsl.spec).toMatchObject({ provider: 'aws', default: true, accessMode: 'ReadWrite', objectStorage: { bucket: bucketName(spec, 'velero'), prefix: VELERO_BUCKET_PREFIX }, config: { region: spec.region } });
    expect(bsl.metadata.namespace).toBe(VELERO_NAMESPACE);
    expect(objects(name).filter((o) => o.kind === 'VolumeSnapshotLocation')).toEqual([]);
  });

  it.each(['dev', 'prod'])('%s: pins the AWS plugin image from the version table, enables CSI, runs without static keys or node agent', (name) => {
    const spec = envs.get(name)!.spec;
    const deployment = find(name, 'Deployment', 'velero');
    const pod = deployment.spec.template.spec;
    expect(pod.initContainers.map((c: any) => c.image)).toEqual([`docker.io/velero/velero-plugin-for-aws:${VELERO_PLUGIN_FOR_AWS_VERSION.version}`]);
    expect(VELERO_PLUGIN_FOR_AWS_VERSION.version).toMatch(/^v1\.14\.\d+$/); // pairs with Velero 1.18
    expect(pod.containers[0].image).toBe('docker.io/velero/velero:v1.18.1');
    expect(pod.containers[0].args).toEqual(expect.arrayContaining(['server', '--features=EnableCSI', '--default-backup-storage-location=default']));
    expect(pod.serviceAccountName).toBe(VELERO_SERVICE_ACCOUNT);
    expect(JSON.stringify(pod)).not.toMatch(/AWS_SHARED_CREDENTIALS_FILE|cloud-credentials/);
    expect(objects(name).filter((o) => o.kind === 'Secret' || o.kind === 'DaemonSet')).toEqual([]);
    const sa = find(name, 'ServiceAccount', VELERO_SERVICE_ACCOUNT);
    expect(sa.metadata.annotations['eks.amazonaws.com/role-arn']).toBe(workloadRoleArn(spec, 'velero'));
    // The chart's own Schedules stay empty: ours are typed configuration objects.
    expect(objects(name).filter((o) => o.kind === 'Schedule')).toEqual([]);
  });

  it.each(['dev', 'prod'])('%s: synthesizes the Schedules (TTLs from the spec) and the CSI snapshot class', (name) => {
    const env = envs.get(name)!;
    const schedules = env.manifests.filter((o) => o.kind === 'Schedule' && o.apiVersion === 'velero.io/v1') as any[];
    const ttl = Object.fromEntries(schedules.map((s) => [s.metadata.name, s.spec.template.ttl]));
    expect(ttl).toEqual(name === 'prod'
      ? { daily: `${env.spec.backup.dailyRetentionDays * 24}h0m0s`, hourly: `${env.spec.backup.hourlyRetentionHours}h0m0s` }
      : { daily: `${env.spec.backup.dailyRetentionDays * 24}h0m0s` });
    const classes = env.manifests.filter((o) => o.kind === 'VolumeSnapshotClass') as any[];
    expect(classes.map((c) => [c.driver, c.metadata.labels['velero.io/csi-volumesnapshot-class']])).toEqual([[EBS_CSI_DRIVER, 'true']]);
  });

  it('prod: plans the bucket versioned and KMS-encrypted, replicated to the DR region; dev: versioned, no replica', () => {
    const env = envs.get('prod')!;
    const primary = env.plan.find((r) => r.type === BUCKET && r.inputs.bucket === veleroBucket(env.spec))!;
    expect(primary).toBeDefined();
    const children = env.plan.filter((r) => r.parent === primary.parent);
    const versioning = children.filter((r) => r.type === 'aws:s3/bucketVersioning:BucketVersioning');
    expect(versioning.map((v: any) => v.inputs.versioningConfiguration.status)).toEqual(['Enabled', 'Enabled']);
    const encryption = children.filter((r) => r.type === 'aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration') as any[];
    expect(encryption.map((e) => e.inputs.rules[0].applyServerSideEncryptionByDefault.sseAlgorithm)).toEqual(['aws:kms', 'aws:kms']);
    const replica = children.find((r) => r.type === BUCKET && r.name !== primary.name) as any;
    expect(replica.inputs).toMatchObject({ bucket: bucketName({ ...env.spec, region: 'eu-central-1' }, 'velero'), region: 'eu-central-1' });
    expect(children.filter((r) => r.type === 'aws:s3/bucketReplicationConfig:BucketReplicationConfig')).toHaveLength(1);
    expect(children.filter((r) => r.type === 'aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock')).toHaveLength(2);

    const devEnv = envs.get('dev')!;
    const devBucket = devEnv.plan.find((r) => r.type === BUCKET && r.inputs.bucket === veleroBucket(devEnv.spec))!;
    const devChildren = devEnv.plan.filter((r) => r.parent === devBucket.parent);
    expect(devChildren.filter((r) => r.type === BUCKET)).toHaveLength(1);
    expect(devChildren.filter((r) => r.type === 'aws:s3/bucketVersioning:BucketVersioning')).toHaveLength(1);
  });

  it('prod: the stock production spec replicates to its DR region', () => {
    expect(applyDefaults(prod).backup.drRegion).toBe('eu-central-1');
  });

  it.each(['dev', 'prod'])('%s: the IRSA role of the velero server exists with its bucket-scoped policy', (name) => {
    const env = envs.get(name)!;
    const policy = env.plan.find((r) => r.type === 'aws:iam/rolePolicy:RolePolicy' && r.inputs.name === `${env.spec.name}-velero`)!;
    const doc = JSON.parse(String(policy.inputs.policy));
    expect(doc.Statement.flatMap((s: any) => [s.Action].flat()).some((a: string) => a.startsWith('ec2:'))).toBe(false);
    const role = env.plan.find((r) => r.type === 'aws:iam/role:Role' && r.inputs.name === `${env.spec.name}-velero`) as any;
    expect(String(role.inputs.assumeRolePolicy)).toContain(`system:serviceaccount:${VELERO_NAMESPACE}:${VELERO_SERVICE_ACCOUNT}`);
  });

  it.each(['dev', 'prod'])('%s: the metrics endpoint selects the rendered Service port', (name) => {
    const [endpoint] = veleroMonitors();
    const service = find(name, 'Service', 'velero');
    expect(Object.entries(endpoint.selector).every(([k, v]) => service.metadata.labels[k] === v)).toBe(true);
    expect(service.spec.ports.map((p: any) => p.name)).toContain(endpoint.port);
  });

  it.each(['dev', 'prod'])('%s: readiness findings on the velero release are none, or accepted with a reason', (name) => {
    const env = envs.get(name)!;
    const result = checkReadiness({ spec: env.spec, objects: env.objects, releases: env.releases, exceptions: env.platform.acceptedFindings() });
    const mine = Object.values(result.areas).flat().filter((f) => /^[A-Za-z]+\/velero\//.test(f.object));
    expect(mine.filter((f) => !f.excepted).map((f) => `${f.check} ${f.object}${f.container ? ` [${f.container}]` : ''}: ${f.problem}`)).toEqual([]);
  });
});
