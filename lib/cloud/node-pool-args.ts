/**
 * The props of a `NodePool` on its own (a team adding a GPU pool to a given cluster) and their
 * defaults and validation. The rules are the spec's (lib/spec/rules/node-pools.ts), so a pool
 * says the same whether it comes from an environment spec or straight from a team's program.
 */
import type * as pulumi from '@pulumi/pulumi';
import { AMI_TYPES, defaultAmiType, type AmiType } from '../spec/ami';
import { DEFAULT_DISK_SIZE_GIB } from '../spec/defaults';
import { invalidMessage, sortIssues, type SpecIssue } from '../spec/errors';
import { SYSTEM_TAINT } from '../spec/labels';
import { printable } from '../spec/printable';
import { plannedNames } from '../spec/aws-names';
import { reportNamesTooLong } from '../spec/rules/aws-names';
import { environmentNameProblem } from '../spec/rules/cluster';
import { DNS_LABEL } from '../spec/rules/context';
import { poolRules } from '../spec/rules/node-pools';
import type { CapacityType, NodePoolRole, ResolvedNodePool, Taint, Tier } from '../spec/types';

/** Inputs of `NodePool`. */
export interface NodePoolArgs {
  /** Pool name, a lowercase DNS label: the node group and launch template are `<environment>-<name>`, a created node role `<environment>-nodes-<name>`. */
  name: string;
  /** Environment (usually the cluster) name, 2–20 lowercase characters: prefixes the names above, tagged `groundwork.dev/environment`. */
  environment: string;
  /** Name of the cluster the nodes join. */
  clusterName: pulumi.Input<string>;
  /** Private subnets the pool spreads over, one per availability zone (`EksCluster.privateSubnetIds` fits). */
  subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /** EC2 instance types, one architecture and accelerator; spot pools need ≥ 3 of one size. */
  instanceTypes: string[];
  /** What the pool is for; `system` adds the CriticalAddonsOnly taint. @default 'general' */
  role?: NodePoolRole;
  /** On-demand or spot. @default 'on-demand' */
  capacity?: CapacityType;
  /** Sizing profile for the node counts not given. @default 'production' */
  tier?: Tier;
  /** Minimum node count. @default by tier: production 3, staging 2, development 1 */
  minSize?: number;
  /** Desired node count at creation (the autoscaler moves it afterwards). @default minSize */
  desiredSize?: number;
  /** Maximum node count, ≤ 450. @default by tier: production 6, staging 4, development 3 (at least minSize) */
  maxSize?: number;
  /** Root volume in GiB (gp3, encrypted), 20–16384; Bottlerocket: its data volume. @default 50 */
  diskSizeGiB?: number;
  /** Extra node labels (the spec's rules: no kubernetes.io / karpenter.sh / groundwork.dev/pool keys). @default {} */
  labels?: Record<string, string>;
  /** Extra node taints, unique by key and effect. @default [] */
  taints?: Taint[];
  /** Node image; must match the instance types. @default derived from the instance types (AL2023 standard, NVIDIA, Neuron; ARM for Graviton) */
  amiType?: AmiType;
  /** ARN of an existing node role (it needs the worker, ECR read-only and SSM policies). @default a role `<environment>-nodes-<name>` is created with them */
  nodeRoleArn?: pulumi.Input<string>;
  /** Tags on every AWS resource of the pool (groundwork's own win). @default {} */
  tags?: Record<string, string>;
}

/** Node counts by tier when not given: production keeps one node per zone of three. */
export const NODE_POOL_SIZE_DEFAULTS: Record<Tier, { minSize: number; maxSize: number }> = {
  development: { minSize: 1, maxSize: 3 },
  staging: { minSize: 2, maxSize: 4 },
  production: { minSize: 3, maxSize: 6 },
};

/** A `NodePool`'s props that fail validation; the message lists every problem. */
export class NodePoolArgsError extends Error {
  /** Every problem found, sorted by field path: each names the prop, what is wrong and the fix. */
  readonly issues: SpecIssue[];

  constructor(pool: string, issues: readonly SpecIssue[]) {
    const sorted = sortIssues(issues);
    super(invalidMessage(`NodePool "${printable(pool)}"`, sorted));
    this.name = 'NodePoolArgsError';
    this.issues = sorted;
  }
}

/** The pool with every default applied (taints include CriticalAddonsOnly for the system pool). */
export function resolveNodePoolArgs(args: NodePoolArgs): ResolvedNodePool {
  const role = args.role ?? 'general';
  const sizes = NODE_POOL_SIZE_DEFAULTS[args.tier ?? 'production'] ?? NODE_POOL_SIZE_DEFAULTS.production;
  const minSize = args.minSize ?? sizes.minSize;
  const maxSize = args.maxSize ?? Math.max(sizes.maxSize, minSize);
  const taints = (args.taints ?? []).map((t) => ({ key: t.key, value: t.value ?? '', effect: t.effect }));
  if (role === 'system' && !taints.some((t) => t.key === SYSTEM_TAINT.key)) taints.unshift({ ...SYSTEM_TAINT });
  const instanceTypes = [...(args.instanceTypes ?? [])];
  return {
    name: args.name,
    role,
    capacity: args.capacity ?? 'on-demand',
    instanceTypes,
    minSize,
    desiredSize: args.desiredSize ?? minSize,
    maxSize,
    labels: { ...(args.labels ?? {}) },
    taints,
    diskSizeGiB: args.diskSizeGiB ?? DEFAULT_DISK_SIZE_GIB,
    amiType: args.amiType ?? defaultAmiType(instanceTypes),
  };
}

/**
 * Every problem with the props, by the spec's node-pool rules (a standalone pool is always a
 * node group), under the path `nodePool.<field>`; empty when they are valid.
 */
export function nodePoolArgsIssues(args: NodePoolArgs): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const report = (path: string, problem: string, fix: string): void => void issues.push({ path, problem, fix });
  const environment = environmentNameProblem(String(args.environment));
  if (environment) report('nodePool.environment', environment.problem, environment.fix);
  if (!Array.isArray(args.instanceTypes)) report('nodePool.instanceTypes', 'is not a list', 'list at least one EC2 instance type, e.g. m6i.large');
  const resolved = resolveNodePoolArgs(args);
  // Resolved values, so defaults are checked too (a default maxSize below a given minSize cannot happen;
  // an explicit one can); the raw amiType, so the message names what was written.
  poolRules({ ...resolved, amiType: args.amiType }, 'nodePool', false, report);
  // Names the pool creates (node group, launch template, node role) within AWS's limits, as in the spec.
  if (!environment && typeof args.name === 'string' && DNS_LABEL.test(args.name)) {
    const names = plannedNames({ name: args.environment, nodePools: [{ name: args.name, managedNodeGroup: true }], karpenter: false, workloads: [] })
      .filter((n) => n.field === 'spec.nodePools[0].name' && !(n.kind === 'IAM role' && args.nodeRoleArn !== undefined));
    reportNamesTooLong(names, report, () => 'nodePool.name');
  }
  if (args.amiType !== undefined && !(AMI_TYPES as readonly string[]).includes(args.amiType)) {
    report('nodePool.amiType', `"${String(args.amiType)}" is not an EKS AMI type groundwork offers`, `use one of ${AMI_TYPES.join(', ')}, or omit amiType`);
  }
  return sortIssues(issues);
}
