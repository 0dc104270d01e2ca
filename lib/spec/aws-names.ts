/**
 * Every name an environment gives to AWS resources (and the Kubernetes names that carry spec
 * values), with the limit AWS or Kubernetes enforces on it. AWS only checks these at deploy
 * time, half-way through a `pulumi up`; validation checks them all up front
 * (rules/aws-names.ts), so nothing is ever truncated to fit — a cut name can collide.
 *
 * Not listed: names AWS or a controller generates (load balancers and target groups get
 * `k8s-<ns>-<name>-<hash>` names from the AWS Load Balancer Controller, Karpenter's instance
 * profiles are hashed), resources named only by tags, and tag values (256, always short here).
 * test/spec/limits-aws-names.test.ts checks this list against every name the offline plan creates.
 */
import { bucketName, clusterName, karpenterInterruptionQueueName, karpenterNodeRoleName, logGroupName, nodeGroupName, nodeRoleName, workloadRoleName } from './naming';

/** Kinds of named resources, with their length limits. */
export const NAME_LIMITS = {
  'EKS cluster': 100,
  'IAM role': 64,
  'IAM inline policy': 128,
  'EKS node group': 63,
  'EC2 launch template': 128,
  'SQS queue': 80,
  'EventBridge rule': 64,
  'KMS alias': 256,
  'CloudWatch log group': 512,
  'S3 bucket': 63,
  'Kubernetes label value': 63,
} as const;

/** A kind of name (a key of NAME_LIMITS). */
export type NameKind = keyof typeof NAME_LIMITS;

/** One name the environment creates. */
export interface PlannedName {
  /** What is named. */
  readonly kind: NameKind;
  /** The full name. */
  readonly name: string;
  /** The spec field whose value the name embeds, e.g. `spec.nodePools[2].name`. */
  readonly field: string;
  /** Length of that field's value (the part a user can shorten). */
  readonly fieldLength: number;
  /** Which resource, for messages: `node role of pool "spot"`. */
  readonly purpose: string;
}

/** What the names depend on (read from a resolved spec, or defensively from raw input). */
export interface NameSource {
  /** Environment name. */
  readonly name: string;
  /** Node pools in spec order; `managedNodeGroup` says whether the pool becomes an EKS node group. */
  readonly nodePools: ReadonlyArray<{ readonly name: string; readonly managedNodeGroup: boolean }>;
  /** Whether Karpenter's node role, queue and event rules exist. */
  readonly karpenter: boolean;
  /** Workloads that may get an IRSA role (add-on ids, EKS add-on names). */
  readonly workloads: readonly string[];
  /** Account id: bucket names embed it. @default unknown (bucket names not listed) */
  readonly accountId?: string;
  /** Region: bucket names embed it. @default unknown (bucket names not listed) */
  readonly region?: string;
  /** Region add-on buckets replicate to (`spec.backup.drRegion`): replica buckets and key aliases. @default none */
  readonly drRegion?: string;
}

/**
 * Purposes of every S3 bucket a catalogue add-on may ask for (`BucketNeed.purpose`: Loki, Tempo, Velero),
 * whether or not this spec enables it. The spec layer cannot read the catalogue;
 * test/spec/limits-aws-names.test.ts fails when a planned bucket is missing here.
 */
export const ADDON_BUCKET_PURPOSES = ['loki', 'tempo', 'velero'] as const;

/** Streams of every CloudWatch log group an add-on may ask for (`logGroupName(spec, stream)`: Fluent Bit, the collector's events). */
export const ADDON_LOG_STREAMS = ['containers', 'events', 'nodes'] as const;

/** Suffixes of Karpenter's interruption event rules (lib/cloud/karpenter-infra.ts INTERRUPTION_EVENTS). */
export const KARPENTER_EVENT_RULE_SUFFIXES = ['capacity-reservation', 'health', 'rebalance', 'spot-interruption', 'state-change'] as const;

/** Every name `source` creates. */
export function plannedNames(source: NameSource): PlannedName[] {
  const env = { name: source.name };
  const envField = { field: 'spec.name', fieldLength: source.name.length };
  const names: PlannedName[] = [
    { kind: 'EKS cluster', name: clusterName(env), purpose: 'the cluster', ...envField },
    { kind: 'IAM role', name: `${source.name}-eks-cluster`, purpose: 'the cluster role', ...envField },
    { kind: 'IAM role', name: `${source.name}-vpc-flow-logs`, purpose: 'the flow-log role', ...envField },
    { kind: 'KMS alias', name: `alias/${source.name}-logs`, purpose: 'the log key alias', ...envField },
    { kind: 'KMS alias', name: `alias/${source.name}-eks-secrets`, purpose: 'the secrets key alias', ...envField },
    { kind: 'CloudWatch log group', name: `/groundwork/${source.name}/vpc-flow-logs`, purpose: 'the flow-log group', ...envField },
    { kind: 'CloudWatch log group', name: `/aws/eks/${source.name}/cluster`, purpose: 'the control-plane log group', ...envField },
    { kind: 'Kubernetes label value', name: source.name, purpose: 'the groundwork.dev/environment label', ...envField },
  ];
  for (const stream of ADDON_LOG_STREAMS) {
    names.push({ kind: 'CloudWatch log group', name: logGroupName(env, stream), purpose: `the ${stream} log group`, ...envField });
  }
  for (const purpose of ADDON_BUCKET_PURPOSES) {
    // Mirrors lib/cloud/object-store.ts (bucketKeyAlias, replicationRoleName).
    names.push({ kind: 'KMS alias', name: `alias/${source.name}-${purpose}-s3`, purpose: `the ${purpose} bucket key alias`, ...envField });
    names.push({ kind: 'IAM role', name: `${source.name}-${purpose}-s3-replication`, purpose: `the ${purpose} bucket replication role`, ...envField });
    names.push({ kind: 'IAM inline policy', name: `${source.name}-${purpose}-s3-replication`, purpose: `the ${purpose} bucket replication policy`, ...envField });
    if (source.accountId !== undefined && source.region !== undefined) {
      const bucket = bucketName({ name: source.name, accountId: source.accountId, region: source.region }, purpose);
      names.push({ kind: 'S3 bucket', name: bucket, purpose: `the ${purpose} bucket`, ...envField });
      if (source.drRegion !== undefined) {
        // Mirrors replicaBucketName and bucketKeyAlias(…, replicaRegion) of lib/cloud/object-store.ts.
        const replica = bucketName({ name: source.name, accountId: source.accountId, region: source.drRegion }, purpose);
        names.push({ kind: 'S3 bucket', name: replica, purpose: `the ${purpose} replica bucket`, ...envField });
        names.push({ kind: 'KMS alias', name: `alias/${source.name}-${purpose}-s3-${source.drRegion}`, purpose: `the ${purpose} replica key alias`, ...envField });
      }
    }
  }
  for (const workload of source.workloads) {
    const role = workloadRoleName(env, workload);
    names.push({ kind: 'IAM role', name: role, purpose: `IRSA role of ${workload}`, ...envField });
    names.push({ kind: 'IAM inline policy', name: role, purpose: `inline policy of ${workload}`, ...envField });
  }
  if (source.karpenter) {
    names.push({ kind: 'IAM role', name: karpenterNodeRoleName(env), purpose: "Karpenter's node role", ...envField });
    names.push({ kind: 'SQS queue', name: karpenterInterruptionQueueName(env), purpose: "Karpenter's interruption queue", ...envField });
    for (const suffix of KARPENTER_EVENT_RULE_SUFFIXES) {
      names.push({ kind: 'EventBridge rule', name: `${source.name}-karpenter-${suffix}`, purpose: `Karpenter's ${suffix} rule`, ...envField });
    }
  }
  source.nodePools.forEach((pool, i) => {
    const poolField = { field: `spec.nodePools[${i}].name`, fieldLength: pool.name.length };
    names.push({ kind: 'Kubernetes label value', name: pool.name, purpose: `the groundwork.dev/pool label of pool "${pool.name}"`, ...poolField });
    if (!pool.managedNodeGroup) return;
    names.push({ kind: 'IAM role', name: nodeRoleName(env, pool.name), purpose: `node role of pool "${pool.name}"`, ...poolField });
    names.push({ kind: 'EKS node group', name: nodeGroupName(env, pool.name), purpose: `node group of pool "${pool.name}"`, ...poolField });
    names.push({ kind: 'EC2 launch template', name: nodeGroupName(env, pool.name), purpose: `launch template of pool "${pool.name}"`, ...poolField });
  });
  return names;
}

/** A name over its limit. */
export interface NameTooLong {
  readonly name: PlannedName;
  readonly limit: number;
  /** Longest the field's value may be for this name to fit. */
  readonly maxFieldLength: number;
}

/** Names longer than their kind allows. */
export function namesTooLong(names: readonly PlannedName[]): NameTooLong[] {
  return names
    .filter((n) => n.name.length > NAME_LIMITS[n.kind])
    .map((n) => ({ name: n, limit: NAME_LIMITS[n.kind], maxFieldLength: NAME_LIMITS[n.kind] - (n.name.length - n.fieldLength) }));
}

/** Kinds whose names AWS compares case-insensitively. */
const CASE_INSENSITIVE: ReadonlySet<NameKind> = new Set(['IAM role']);

/** Names of one kind given to two different resources (one of the two creates would fail). */
export function nameCollisions(names: readonly PlannedName[]): Array<[PlannedName, PlannedName]> {
  const seen = new Map<string, PlannedName>();
  const collisions: Array<[PlannedName, PlannedName]> = [];
  for (const n of names) {
    // Labels are values, not identities: two pools may not share one, but that is the duplicate-pool rule.
    if (n.kind === 'Kubernetes label value') continue;
    const key = `${n.kind}\u0000${CASE_INSENSITIVE.has(n.kind) ? n.name.toLowerCase() : n.name}`;
    const first = seen.get(key);
    // The same purpose twice is a duplicated pool, which the node-pool rules report.
    if (first && first.purpose !== n.purpose) collisions.push([first, n]);
    else if (!first) seen.set(key, n);
  }
  return collisions;
}
