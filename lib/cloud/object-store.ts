/**
 * An add-on's S3 bucket (Loki chunks, Tempo traces, Velero backups): its own KMS key (rotated,
 * S3 bucket key on), every public access path blocked, owner-enforced objects (no ACLs), TLS-only,
 * and a lifecycle rule that expires what the add-on should already have deleted. Optionally
 * versioned and replicated to a second region with the same protections.
 */
import * as pulumi from '@pulumi/pulumi';
import * as iam from '@pulumi/aws/iam';
import * as kms from '@pulumi/aws/kms';
import * as s3 from '@pulumi/aws/s3';
import type { BucketNeed } from '../addons/addon';
import { bucketName } from '../spec/naming';
import type { ResolvedSpec } from '../spec/types';
import { serviceTrustPolicy } from './service-role';
import { cloudTags } from './tags';

/** Inputs of `ObjectStore`. */
export interface ObjectStoreArgs {
  /** The validated environment: name, account, region, tags, `profile.protectResources`. */
  spec: ResolvedSpec;
  /** What the add-on asked for: purpose (the name), retention, versioning, replication. */
  need: BucketNeed;
}

/** Days incomplete multipart uploads are kept: a crashed writer must not leave billable parts forever. */
export const ABORT_MULTIPART_DAYS = 1;

/** Name of the replica bucket in `region` (bucket names are global: the region keeps it unique). */
export function replicaBucketName(spec: Pick<ResolvedSpec, 'name' | 'accountId' | 'region'>, purpose: string, region: string): string {
  return bucketName({ ...spec, region }, purpose);
}

/** KMS alias of a bucket's key, e.g. `alias/prod-loki-s3`; the replica's key adds its region. */
export function bucketKeyAlias(spec: Pick<ResolvedSpec, 'name'>, purpose: string, replicaRegion?: string): string {
  return `alias/${spec.name}-${purpose}-s3${replicaRegion ? `-${replicaRegion}` : ''}`;
}

/** IAM role S3 assumes to replicate a bucket, e.g. `prod-loki-s3-replication`. */
export function replicationRoleName(spec: Pick<ResolvedSpec, 'name'>, purpose: string): string {
  return `${spec.name}-${purpose}-s3-replication`;
}

/** Bucket policy refusing every request not made over TLS (the bucket and each object). Deterministic JSON. */
export function tlsOnlyBucketPolicy(bucketArn: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [bucketArn, `${bucketArn}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ],
  });
}

/** One protected bucket (a primary or its replica) and the resources that protect it. */
interface ProtectedBucket {
  bucket: s3.Bucket;
  key: kms.Key;
  /** Resources that must exist before a writer uses the bucket. */
  settled: pulumi.Resource[];
}

/** An add-on's bucket, plus its replica when asked. */
export class ObjectStore extends pulumi.ComponentResource {
  /** Bucket name (known before deploy: `bucketName(spec, purpose)`). */
  readonly bucketName: string;
  /** Bucket ARN. */
  readonly bucketArn: pulumi.Output<string>;
  /** ARN of the KMS key encrypting the bucket. */
  readonly keyArn: pulumi.Output<string>;
  /** Replica bucket name, when replicated. */
  readonly replicaBucketName?: string;
  /** Whether the bucket and key were registered `protect: true` and retained on delete. */
  readonly protected: boolean;
  /** Everything a writer must wait for (bucket, encryption, public access block, policy, lifecycle…). */
  readonly ready: pulumi.Resource[];

  constructor(name: string, args: ObjectStoreArgs, opts?: pulumi.ComponentResourceOptions) {
    super('groundwork:cloud:ObjectStore', name, {}, opts);
    const { spec, need } = args;
    if (need.replicateToRegion && !need.versioned) throw new Error(`bucket "${need.purpose}": replication needs versioning (S3 replicates versions)`);
    if (need.replicateToRegion === spec.region) throw new Error(`bucket "${need.purpose}": replicateToRegion must differ from the environment's region ${spec.region}`);
    // Losing the bucket loses the add-on's data (logs, traces, backups): production protects it
    // and keeps it when the stack is destroyed.
    this.protected = spec.profile.protectResources;
    this.bucketName = bucketName(spec, need.purpose);

    const primary = this.protectedBucket(`${name}`, spec, need, this.bucketName);
    this.bucketArn = primary.bucket.arn;
    this.keyArn = primary.key.arn;
    const ready = [primary.bucket, ...primary.settled];

    if (need.replicateToRegion) {
      const region = need.replicateToRegion;
      this.replicaBucketName = replicaBucketName(spec, need.purpose, region);
      const replica = this.protectedBucket(`${name}-replica`, spec, need, this.replicaBucketName, region);
      ready.push(...this.replication(name, spec, need, primary, replica, [...primary.settled, ...replica.settled]));
    }
    this.ready = ready;
    this.registerOutputs({ bucketArn: this.bucketArn, keyArn: this.keyArn });
  }

  /** Bucket, key and every protection; `region` places them outside the provider's region (the replica). */
  private protectedBucket(name: string, spec: ResolvedSpec, need: BucketNeed, physical: string, region?: string): ProtectedBucket {
    const tags = cloudTags(spec, { Name: physical });
    // A resource's own `region` (provider v7) instead of a second provider: the stack's one
    // provider configuration (credentials, assumed role, allowed accounts) applies unchanged.
    const where = region ? { region } : {};
    const stateful = { parent: this, protect: this.protected, retainOnDelete: this.protected };
    const parent = { parent: this };

    const key = new kms.Key(
      `${name}-key`,
      {
        description: `${physical}: S3 server-side encryption`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        tags,
        ...where,
      },
      stateful,
    );
    new kms.Alias(`${name}-key`, { name: bucketKeyAlias(spec, need.purpose, region), targetKeyId: key.keyId, ...where }, parent);

    // Never forceDestroy: deleting a bucket that still holds data must be a deliberate act.
    const bucket = new s3.Bucket(`${name}`, { bucket: physical, forceDestroy: false, tags, ...where }, stateful);
    const on = { parent: this, dependsOn: [bucket] };
    const publicAccess = new s3.BucketPublicAccessBlock(
      `${name}-public-access`,
      { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true, ...where },
      on,
    );
    // ACLs off: the account owns every object, whoever wrote it; access is by policy only.
    const ownership = new s3.BucketOwnershipControls(`${name}-ownership`, { bucket: bucket.id, rule: { objectOwnership: 'BucketOwnerEnforced' }, ...where }, on);
    const encryption = new s3.BucketServerSideEncryptionConfiguration(
      `${name}-encryption`,
      {
        bucket: bucket.id,
        // The bucket key cuts KMS requests (and their cost) by orders of magnitude for chunk-heavy writers.
        rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: key.arn }, bucketKeyEnabled: true }],
        ...where,
      },
      on,
    );
    const policy = new s3.BucketPolicy(
      `${name}-policy`,
      { bucket: bucket.id, policy: bucket.arn.apply(tlsOnlyBucketPolicy), ...where },
      // After the public access block: a policy put before it could briefly be evaluated without it.
      { parent: this, dependsOn: [bucket, publicAccess] },
    );
    const settled: pulumi.Resource[] = [publicAccess, ownership, encryption, policy];
    let versioning: s3.BucketVersioning | undefined;
    if (need.versioned) {
      versioning = new s3.BucketVersioning(`${name}-versioning`, { bucket: bucket.id, versioningConfiguration: { status: 'Enabled' }, ...where }, on);
      settled.push(versioning);
    }
    const lifecycle = new s3.BucketLifecycleConfiguration(
      `${name}-lifecycle`,
      {
        bucket: bucket.id,
        rules: [
          {
            id: 'expire',
            status: 'Enabled',
            filter: {},
            expiration: { days: need.retentionDays },
            ...(need.versioned ? { noncurrentVersionExpiration: { noncurrentDays: need.retentionDays } } : {}),
            abortIncompleteMultipartUpload: { daysAfterInitiation: ABORT_MULTIPART_DAYS },
          },
        ],
        ...where,
      },
      // S3 refuses noncurrent-version rules racing the versioning change.
      { parent: this, dependsOn: [bucket, ...(versioning ? [versioning] : [])] },
    );
    settled.push(lifecycle);
    return { bucket, key, settled };
  }

  /** The replication role (read the source, write the replica, use both keys for S3 only) and the rule. */
  private replication(name: string, spec: ResolvedSpec, need: BucketNeed, source: ProtectedBucket, replica: ProtectedBucket, after: pulumi.Resource[]): pulumi.Resource[] {
    const parent = { parent: this };
    const sourceRegion = spec.region;
    const replicaRegion = need.replicateToRegion!;
    const role = new iam.Role(
      `${name}-replication`,
      { name: replicationRoleName(spec, need.purpose), assumeRolePolicy: serviceTrustPolicy('s3.amazonaws.com', spec.accountId), tags: cloudTags(spec) },
      parent,
    );
    const policy = pulumi
      .all([source.bucket.arn, replica.bucket.arn, source.key.arn, replica.key.arn])
      .apply(([src, dst, srcKey, dstKey]) =>
        JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Sid: 'ReadSourceConfiguration', Effect: 'Allow', Action: ['s3:GetReplicationConfiguration', 's3:ListBucket'], Resource: src },
            {
              Sid: 'ReadSourceVersions',
              Effect: 'Allow',
              Action: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'],
              Resource: `${src}/*`,
            },
            { Sid: 'WriteReplica', Effect: 'Allow', Action: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'], Resource: `${dst}/*` },
            {
              Sid: 'DecryptSource',
              Effect: 'Allow',
              Action: 'kms:Decrypt',
              Resource: srcKey,
              Condition: { StringEquals: { 'kms:ViaService': `s3.${sourceRegion}.amazonaws.com` }, StringLike: { 'kms:EncryptionContext:aws:s3:arn': [src, `${src}/*`] } },
            },
            {
              Sid: 'EncryptReplica',
              Effect: 'Allow',
              Action: ['kms:Encrypt', 'kms:GenerateDataKey'],
              Resource: dstKey,
              Condition: { StringEquals: { 'kms:ViaService': `s3.${replicaRegion}.amazonaws.com` }, StringLike: { 'kms:EncryptionContext:aws:s3:arn': [dst, `${dst}/*`] } },
            },
          ],
        }),
      );
    const rolePolicy = new iam.RolePolicy(`${name}-replication`, { name: replicationRoleName(spec, need.purpose), role: role.id, policy }, parent);
    const config = new s3.BucketReplicationConfig(
      `${name}-replication`,
      {
        bucket: source.bucket.id,
        role: role.arn,
        rules: [
          {
            id: 'replicate-all',
            status: 'Enabled',
            filter: {},
            deleteMarkerReplication: { status: 'Enabled' },
            // Only KMS-encrypted objects exist (default encryption); S3 must be told to replicate them.
            sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: 'Enabled' } },
            destination: {
              bucket: replica.bucket.arn,
              storageClass: 'STANDARD',
              encryptionConfiguration: { replicaKmsKeyId: replica.key.arn },
            },
          },
        ],
      },
      // Both buckets must be versioned (and protected) before S3 accepts the rule.
      { parent: this, dependsOn: [rolePolicy, ...after] },
    );
    return [config];
  }
}
