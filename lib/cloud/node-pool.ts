/**
 * One EKS managed node group with its own launch template and node role. The launch template
 * exists for security, not customisation: IMDSv2 with hop limit 1 and encrypted gp3 root volumes.
 * Usable on its own on any cluster: its props (lib/cloud/node-pool-args.ts) are validated with
 * the spec's node-pool rules; the platform passes each spec pool's.
 */
import * as pulumi from '@pulumi/pulumi';
import * as ec2 from '@pulumi/aws/ec2';
import * as eks from '@pulumi/aws/eks';
import { amiTypeTraits, BOTTLEROCKET_OS_VOLUME_GIB } from '../spec/ami';
import { CAPACITY_LABEL, POOL_LABEL, POOL_ROLE_LABEL } from '../spec/labels';
import { nodeGroupName, nodeRoleName } from '../spec/naming';
import type { ResolvedNodePool, ResolvedSpec, Taint } from '../spec/types';
import { NodePoolArgsError, nodePoolArgsIssues, resolveNodePoolArgs, type NodePoolArgs } from './node-pool-args';
import { NODE_MANAGED_POLICIES, serviceRole } from './service-role';
import { cloudTags } from './tags';

export { NODE_POOL_SIZE_DEFAULTS, NodePoolArgsError, nodePoolArgsIssues, resolveNodePoolArgs, type NodePoolArgs } from './node-pool-args';

/** Share of nodes replaced at once during a rolling update: a third keeps 2/3 of capacity serving. */
export const MAX_UNAVAILABLE_PERCENTAGE = 33;

/**
 * Whether a pool is an EKS managed node group. With Karpenter as the autoscaler only the system
 * pool is: Karpenter scales no node group, so every workload pool becomes a Karpenter NodePool
 * (lib/addons/karpenter-resources.ts, spot first with on-demand fallback) and a spot node group
 * would sit at its desired size forever. Karpenter itself must run on nodes it does not manage,
 * hence the system group. With cluster-autoscaler (or Karpenter disabled) every pool is a node
 * group, discovered by cluster-autoscaler through the tags EKS puts on the groups' ASGs.
 */
export function hasManagedNodeGroup(spec: Pick<ResolvedSpec, 'addons'>, pool: Pick<ResolvedNodePool, 'role'>): boolean {
  const karpenter = spec.addons.autoscaler === 'karpenter' && !spec.addons.disabled.includes('karpenter');
  return pool.role === 'system' || !karpenter;
}

/** The EKS API spells taint effects in upper snake case. */
const EKS_TAINT_EFFECT: Record<Taint['effect'], string> = {
  NoSchedule: 'NO_SCHEDULE',
  PreferNoSchedule: 'PREFER_NO_SCHEDULE',
  NoExecute: 'NO_EXECUTE',
};

/** Node labels: the user's, then ours (ours win so placement rules can trust them). Sorted keys. */
export function nodeLabels(pool: Pick<ResolvedNodePool, 'name' | 'role' | 'capacity' | 'labels'>): Record<string, string> {
  const merged: Record<string, string> = {
    ...pool.labels,
    [POOL_LABEL]: pool.name,
    [POOL_ROLE_LABEL]: pool.role,
    [CAPACITY_LABEL]: pool.capacity,
  };
  return Object.fromEntries(Object.keys(merged).sort().map((k) => [k, merged[k]]));
}

/** A managed node group. */
export class NodePool extends pulumi.ComponentResource {
  /** The node group (for `dependsOn`). */
  readonly nodeGroup: eks.NodeGroup;
  /** ARN of the nodes' IAM role. */
  readonly nodeRoleArn: pulumi.Output<string>;

  /** The pool with every default applied. */
  readonly pool: ResolvedNodePool;

  constructor(name: string, args: NodePoolArgs, opts?: pulumi.ComponentResourceOptions) {
    super('groundwork:cloud:NodePool', name, {}, opts);
    // Props a team passes directly are checked here, all problems at once (a spec's pools were
    // checked by the same rules already, so this never fires for them).
    const issues = nodePoolArgsIssues(args);
    if (issues.length > 0) throw new NodePoolArgsError(String(args.name), issues);
    const pool = resolveNodePoolArgs(args);
    this.pool = pool;
    const env = { name: args.environment, tags: args.tags ?? {} };
    const groupName = nodeGroupName(env, pool.name);
    const tags = (extra: Record<string, string> = {}): Record<string, string> => cloudTags(env, extra);
    const parent = { parent: this };
    const image = amiTypeTraits(pool.amiType);

    const created =
      args.nodeRoleArn === undefined
        ? serviceRole(this, {
            name: `${name}-node`,
            // Validation keeps it within IAM's 64 characters (lib/spec/aws-names.ts): never cut.
            roleName: nodeRoleName(env, pool.name),
            service: 'ec2.amazonaws.com',
            managedPolicies: NODE_MANAGED_POLICIES,
            tags: tags(),
          })
        : undefined;
    const nodeRoleArn = created ? created.role.arn : pulumi.output(args.nodeRoleArn!);
    const ebs = (volumeSize: number) => ({ volumeSize, volumeType: 'gp3', encrypted: 'true', deleteOnTermination: 'true' });

    const launchTemplate = new ec2.LaunchTemplate(
      `${name}-lt`,
      {
        name: groupName,
        description: `${groupName}: IMDSv2-only, encrypted gp3 root volume`,
        updateDefaultVersion: true,
        metadataOptions: {
          httpEndpoint: 'enabled',
          // IMDSv2 only: a session token defeats SSRF-style credential theft.
          httpTokens: 'required',
          // Hop limit 1: the token cannot cross into a pod's network namespace, so pods cannot
          // borrow the node role; they get their own through IRSA.
          httpPutResponseHopLimit: 1,
          instanceMetadataTags: 'disabled',
        },
        // Bottlerocket boots from a small OS volume and keeps images and pod storage on /dev/xvdb.
        blockDeviceMappings:
          image.os === 'bottlerocket'
            ? [
                { deviceName: '/dev/xvda', ebs: ebs(BOTTLEROCKET_OS_VOLUME_GIB) },
                { deviceName: '/dev/xvdb', ebs: ebs(pool.diskSizeGiB) },
              ]
            : [{ deviceName: '/dev/xvda', ebs: ebs(pool.diskSizeGiB) }],
        // Detailed (1-minute) metrics: autoscaling and incident timelines need the resolution.
        monitoring: { enabled: true },
        tagSpecifications: ['instance', 'volume', 'network-interface'].map((resourceType) => ({
          resourceType,
          tags: tags({ Name: groupName, [POOL_LABEL]: pool.name }),
        })),
        tags: tags({ Name: groupName }),
      },
      parent,
    );

    this.nodeGroup = new eks.NodeGroup(
      `${name}-ng`,
      {
        clusterName: args.clusterName,
        nodeGroupName: groupName,
        nodeRoleArn,
        subnetIds: args.subnetIds,
        amiType: pool.amiType,
        capacityType: pool.capacity === 'spot' ? 'SPOT' : 'ON_DEMAND',
        instanceTypes: [...pool.instanceTypes],
        scalingConfig: { minSize: pool.minSize, desiredSize: pool.desiredSize, maxSize: pool.maxSize },
        updateConfig: { maxUnavailablePercentage: MAX_UNAVAILABLE_PERCENTAGE },
        // EKS replaces nodes that report unhealthy instead of paging someone at night.
        nodeRepairConfig: { enabled: true },
        labels: nodeLabels(pool),
        taints: pool.taints.map((t) => ({ key: t.key, ...(t.value ? { value: t.value } : {}), effect: EKS_TAINT_EFFECT[t.effect] })),
        launchTemplate: { id: launchTemplate.id, version: launchTemplate.latestVersion.apply(String) },
        // No remoteAccess on purpose: SSH keys and port 22 are replaced by SSM Session Manager.
        tags: tags({ Name: groupName }),
      },
      {
        parent: this,
        dependsOn: created?.attachments ?? [],
        // The cluster autoscaler / Karpenter owns the live size; a deploy must not reset it.
        ignoreChanges: ['scalingConfig.desiredSize'],
      },
    );

    this.nodeRoleArn = nodeRoleArn;
    this.registerOutputs({ nodeGroupName: this.nodeGroup.nodeGroupName, nodeRoleArn: this.nodeRoleArn });
  }
}

/** The props of a spec pool: what the platform passes for each pool of a validated environment. */
export function nodePoolArgsOf(
  spec: Pick<ResolvedSpec, 'name' | 'tags' | 'tier'>,
  pool: ResolvedNodePool,
  cluster: { clusterName: pulumi.Input<string>; subnetIds: pulumi.Input<pulumi.Input<string>[]> },
): NodePoolArgs {
  return {
    ...pool,
    instanceTypes: [...pool.instanceTypes],
    environment: spec.name,
    tier: spec.tier,
    tags: spec.tags,
    clusterName: cluster.clusterName,
    subnetIds: cluster.subnetIds,
  };
}
