import { useMocks, ofType, one, plan, resolved, snapshotView, type Recorded } from './harness';
void useMocks();
import type { BucketNeed, CloudNeeds } from '../../lib/addons/addon';
import { AddonCloudResources } from '../../lib/cloud/addon-cloud-resources';
import { ABORT_MULTIPART_DAYS, ObjectStore, replicaBucketName } from '../../lib/cloud/object-store';
import { bucketName } from '../../lib/spec/naming';
import type { ResolvedSpec } from '../../lib/spec/types';
import { dev, prod } from '../../stacks/environments';

const BUCKET = 'aws:s3/bucket:Bucket';
const LOKI: BucketNeed = { purpose: 'loki', retentionDays: 8 };
const BACKUPS: BucketNeed = { purpose: 'velero', retentionDays: 30, versioned: true, replicateToRegion: 'eu-central-1' };

function build(spec: ResolvedSpec, need: BucketNeed): Promise<Recorded[]> {
  return plan(() => {
    new ObjectStore(`${spec.name}-${need.purpose}`, { spec, need });
  });
}

/** Logical-name suffix of each per-bucket resource type. */
const SUFFIX: Record<string, string> = {
  'aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration': 'encryption',
  'aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock': 'public-access',
  'aws:s3/bucketOwnershipControls:BucketOwnershipControls': 'ownership',
};

/** The resource of `type` protecting the bucket with logical name `logical`. */
function forBucket(resources: Recorded[], type: string, logical: string): Recorded {
  return one(resources, type, `${logical}-${SUFFIX[type]}`);
}

describe('ObjectStore', () => {
  it('names the bucket bucketName(spec, purpose) and never force-destroys it', async () => {
    const [bucket] = ofType(await build(resolved(dev), LOKI), BUCKET);
    expect(bucket.inputs.bucket).toBe(bucketName(resolved(dev), 'loki'));
    expect(bucket.inputs.bucket).toBe('dev-loki-111111111111-eu-west-1');
    expect(bucket.inputs.forceDestroy).toBe(false);
  });

  it('encrypts with its own rotating KMS key (SSE-KMS, bucket key on)', async () => {
    const resources = await build(resolved(dev), LOKI);
    const key = one(resources, 'aws:kms/key:Key', 'dev-loki-key');
    expect(key.inputs.enableKeyRotation).toBe(true);
    const encryption = forBucket(resources, 'aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration', 'dev-loki');
    expect(encryption.inputs.rules).toEqual([
      { applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: 'arn:aws:kms:eu-west-1:000000000000:key/dev-loki-key' }, bucketKeyEnabled: true },
    ]);
    expect(one(resources, 'aws:kms/alias:Alias', 'dev-loki-key').inputs.name).toBe('alias/dev-loki-s3');
  });

  it('blocks every public access path and enforces bucket-owner object ownership (no ACLs)', async () => {
    const resources = await build(resolved(dev), LOKI);
    const block = forBucket(resources, 'aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock', 'dev-loki');
    expect(block.inputs).toMatchObject({ blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
    const ownership = forBucket(resources, 'aws:s3/bucketOwnershipControls:BucketOwnershipControls', 'dev-loki');
    expect(ownership.inputs.rule).toEqual({ objectOwnership: 'BucketOwnerEnforced' });
  });

  it('denies every request that is not over TLS, on the bucket and its objects', async () => {
    const resources = await build(resolved(dev), LOKI);
    const [bucket] = ofType(resources, BUCKET);
    const policy = JSON.parse(String(one(resources, 'aws:s3/bucketPolicy:BucketPolicy', 'dev-loki-policy').inputs.policy));
    const arn = `arn:aws:s3:eu-west-1:000000000000:${bucket.name}`;
    expect(policy.Statement).toEqual([
      { Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [arn, `${arn}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
    ]);
  });

  it.each([[8], [31]])('expires objects after the asked %i days and aborts incomplete uploads', async (days) => {
    const resources = await build(resolved(dev), { ...LOKI, retentionDays: days });
    const lifecycle = one(resources, 'aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration', 'dev-loki-lifecycle');
    expect(lifecycle.inputs.rules).toEqual([
      { id: 'expire', status: 'Enabled', filter: {}, expiration: { days }, abortIncompleteMultipartUpload: { daysAfterInitiation: ABORT_MULTIPART_DAYS } },
    ]);
    // Not versioned unless asked: no versioning resource, no replica.
    expect(ofType(resources, 'aws:s3/bucketVersioning:BucketVersioning')).toEqual([]);
    expect(ofType(resources, BUCKET)).toHaveLength(1);
  });

  it('protects and retains the bucket and its key where the tier protects resources (production only)', async () => {
    const prodResources = await build(resolved(prod), LOKI);
    for (const type of [BUCKET, 'aws:kms/key:Key']) expect(ofType(prodResources, type).map((r) => r.protect)).toEqual([true]);
    const devResources = await build(resolved(dev), LOKI);
    for (const type of [BUCKET, 'aws:kms/key:Key']) expect(ofType(devResources, type).map((r) => r.protect)).toEqual([false]);
  });

  describe('versioned and replicated (backups)', () => {
    it('versions both buckets and expires noncurrent versions after the retention', async () => {
      const resources = await build(resolved(prod), BACKUPS);
      expect(ofType(resources, 'aws:s3/bucketVersioning:BucketVersioning').map((r) => r.inputs.versioningConfiguration)).toEqual([{ status: 'Enabled' }, { status: 'Enabled' }]);
      for (const lifecycle of ofType(resources, 'aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration')) {
        expect((lifecycle.inputs.rules as Array<Record<string, unknown>>)[0].noncurrentVersionExpiration).toEqual({ noncurrentDays: 30 });
      }
    });

    it('creates the replica bucket in the asked region with the same protections', async () => {
      const resources = await build(resolved(prod), BACKUPS);
      const buckets = ofType(resources, BUCKET);
      expect(buckets.map((b) => [b.inputs.bucket, b.inputs.region ?? 'provider'])).toEqual([
        ['prod-velero-333333333333-eu-west-1', 'provider'],
        [replicaBucketName(resolved(prod), 'velero', 'eu-central-1'), 'eu-central-1'],
      ]);
      const replica = 'prod-velero-replica';
      const encryption = forBucket(resources, 'aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration', replica);
      expect(encryption.inputs.region).toBe('eu-central-1');
      expect((encryption.inputs.rules as Array<{ applyServerSideEncryptionByDefault: { kmsMasterKeyId: string } }>)[0].applyServerSideEncryptionByDefault.kmsMasterKeyId).toContain('prod-velero-replica-key');
      expect(one(resources, 'aws:kms/key:Key', `${replica}-key`).inputs).toMatchObject({ region: 'eu-central-1', enableKeyRotation: true });
      expect(forBucket(resources, 'aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock', replica).inputs).toMatchObject({ blockPublicAcls: true, restrictPublicBuckets: true, region: 'eu-central-1' });
      expect(forBucket(resources, 'aws:s3/bucketOwnershipControls:BucketOwnershipControls', replica).inputs.rule).toEqual({ objectOwnership: 'BucketOwnerEnforced' });
      expect(JSON.parse(String(one(resources, 'aws:s3/bucketPolicy:BucketPolicy', `${replica}-policy`).inputs.policy)).Statement[0].Condition).toEqual({ Bool: { 'aws:SecureTransport': 'false' } });
    });

    it('replicates every KMS-encrypted object with a role that may only read the source and write the replica', async () => {
      const resources = await build(resolved(prod), BACKUPS);
      const [config] = ofType(resources, 'aws:s3/bucketReplicationConfig:BucketReplicationConfig');
      const [rule] = config.inputs.rules as Array<Record<string, any>>;
      expect(rule).toMatchObject({ status: 'Enabled', sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: 'Enabled' } } });
      expect(rule.destination.bucket).toContain('prod-velero-replica');
      expect(rule.destination.encryptionConfiguration.replicaKmsKeyId).toContain('prod-velero-replica-key');
      // Waits for versioning on both buckets (S3 refuses the rule otherwise).
      expect(config.dependsOn).toEqual(expect.arrayContaining(['prod-velero-versioning', 'prod-velero-replica-versioning']));

      const role = one(resources, 'aws:iam/role:Role', 'prod-velero-replication');
      expect(role.inputs.name).toBe('prod-velero-s3-replication');
      expect(JSON.parse(String(role.inputs.assumeRolePolicy)).Statement[0]).toMatchObject({ Principal: { Service: 's3.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': '333333333333' } } });
      const policy = JSON.parse(String(one(resources, 'aws:iam/rolePolicy:RolePolicy', 'prod-velero-replication').inputs.policy));
      const actions = policy.Statement.flatMap((s: { Action: string | string[] }) => [s.Action].flat());
      expect(actions.filter((a: string) => a.endsWith('*'))).toEqual([]);
      expect(policy.Statement.every((s: { Resource: unknown }) => s.Resource !== '*')).toBe(true);
      const write = policy.Statement.find((s: { Sid: string }) => s.Sid === 'WriteReplica');
      expect(write.Resource).toMatch(/prod-velero-replica\/\*$/);
    });

    it('refuses replication without versioning, or to its own region', async () => {
      await expect(build(resolved(prod), { ...BACKUPS, versioned: false })).rejects.toThrow(/replication needs versioning/);
      await expect(build(resolved(prod), { ...BACKUPS, replicateToRegion: 'eu-west-1' })).rejects.toThrow(/must differ/);
    });
  });

  it('matches the snapshot (dev, Loki)', async () => {
    expect(snapshotView(await build(resolved(dev), LOKI))).toMatchSnapshot();
  });
});

describe('AddonCloudResources', () => {
  const needs: CloudNeeds = { buckets: [LOKI], logGroups: [{ name: '/groundwork/prod/containers', retentionDays: 30 }] };
  const build2 = (spec: ResolvedSpec) =>
    plan(() => {
      new AddonCloudResources(`${spec.name}-fluent-bit-cloud`, { spec, needs, logsKeyArn: 'arn:logs-key' });
    });

  it('creates each log group with its retention, encrypted with the logs key, retained in production', async () => {
    const resources = await build2(resolved(prod));
    const [group] = ofType(resources, 'aws:cloudwatch/logGroup:LogGroup');
    expect(group.inputs).toMatchObject({ name: '/groundwork/prod/containers', retentionInDays: 30, kmsKeyId: 'arn:logs-key' });
    expect(group.name).toBe('prod-fluent-bit-cloud-groundwork-prod-containers');
    expect(ofType(resources, BUCKET)).toHaveLength(1);
  });
});
