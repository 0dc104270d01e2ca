/**
 * The IAM policy of a workload that keeps its data in its own add-on bucket (lib/cloud/object-store.ts):
 * that bucket only, and its KMS key only through S3 for that bucket's objects. Every add-on bucket is
 * SSE-KMS with a customer-managed key, so S3 access without the KMS grant fails on the first write.
 */
import type { IamPolicyDocument } from '../spec/iam';
import { bucketArn } from '../spec/naming';
import type { ResolvedSpec } from '../spec/types';

/**
 * Extra days a bucket's lifecycle keeps objects beyond the store's own retention (Loki's and Tempo's
 * compactors): the lifecycle is the backstop, never the primary; expiring first would delete blocks
 * the store still lists (queries then fail with NoSuchKey).
 */
export const LIFECYCLE_MARGIN_DAYS = 1;

/** Least-privilege access to the `purpose` bucket: list it, `objectActions` on its objects, its key through S3. */
export function bucketAccessPolicy(spec: ResolvedSpec, purpose: string, objectActions: readonly string[]): IamPolicyDocument {
  const bucket = bucketArn(spec, purpose);
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'ListBucket', Effect: 'Allow', Action: 's3:ListBucket', Resource: bucket },
      { Sid: 'Objects', Effect: 'Allow', Action: [...objectActions], Resource: `${bucket}/*` },
      {
        Sid: 'BucketKey',
        Effect: 'Allow',
        Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
        // The key's id is only known after deploy; the conditions pin it to S3 and this bucket.
        Resource: `arn:aws:kms:${spec.region}:${spec.accountId}:key/*`,
        Condition: {
          StringEquals: { 'kms:ViaService': `s3.${spec.region}.amazonaws.com` },
          StringLike: { 'kms:EncryptionContext:aws:s3:arn': [bucket, `${bucket}/*`] },
        },
      },
    ],
  };
}
