/**
 * An existing VPC (bring your own): nothing of it is created or changed but, unless the spec says
 * the VPC owner does it, the discovery tags of the given subnets, as one `aws.ec2.Tag` per subnet
 * and key (the Pulumi way to tag a resource another stack or team owns: destroy removes only
 * those tags).
 */
import type * as pulumi from '@pulumi/pulumi';
import * as ec2 from '@pulumi/aws/ec2';
import { clusterName } from '../spec/naming';
import type { ResolvedExistingVpc, ResolvedSpec } from '../spec/types';
import { subnetDiscoveryTags, type SubnetKind } from './subnet-tags';

/** Ids of an existing VPC, subnets in zone order. */
export interface ExistingVpcIds {
  vpcId: string;
  privateSubnetIds: string[];
  publicSubnetIds: string[];
}

/** Tag resource name suffix of a tag key: `kubernetes.io/role/internal-elb` → `internal-elb`, `kubernetes.io/cluster/<c>` → `cluster`. */
function tagSuffix(key: string): string {
  return key.startsWith('kubernetes.io/cluster/') ? 'cluster' : key.split('/').pop()!;
}

/** Tag the existing VPC's subnets (when `tagSubnets`) and return its ids. */
export function adoptExistingVpc(parent: pulumi.Resource, name: string, spec: Pick<ResolvedSpec, 'name'>, vpc: ResolvedExistingVpc): ExistingVpcIds {
  const cluster = clusterName(spec);
  const subnets: Array<{ kind: SubnetKind; availabilityZone: string; id: string }> = [
    ...vpc.privateSubnets.map((s) => ({ kind: 'private' as const, ...s })),
    ...vpc.publicSubnets.map((s) => ({ kind: 'public' as const, ...s })),
  ];
  if (vpc.tagSubnets) {
    for (const subnet of subnets) {
      for (const [key, value] of Object.entries(subnetDiscoveryTags(cluster, subnet.kind, false))) {
        new ec2.Tag(`${name}-${subnet.kind}-${subnet.availabilityZone}-${tagSuffix(key)}`, { resourceId: subnet.id, key, value }, { parent });
      }
    }
  }
  return {
    vpcId: vpc.vpcId,
    privateSubnetIds: vpc.privateSubnets.map((s) => s.id),
    publicSubnetIds: vpc.publicSubnets.map((s) => s.id),
  };
}
