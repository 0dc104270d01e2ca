/**
 * Tags controllers discover subnets by, on the subnets groundwork creates and (as `aws.ec2.Tag`
 * resources) on those of an existing VPC: one definition, so both layouts say the same.
 */

/** Which subnets: private (nodes, internal load balancers) or public (internet-facing load balancers). */
export type SubnetKind = 'private' | 'public';

/**
 * The AWS Load Balancer Controller picks subnets by role tag (`kubernetes.io/role/elb` for
 * internet-facing, `internal-elb` for internal) and by `kubernetes.io/cluster/<name>`.
 * Karpenter's `karpenter.sh/discovery` is added only where groundwork owns the subnet
 * (`karpenter`): on an existing VPC the EC2NodeClass selects subnets by id instead, so two
 * clusters can share a subnet without fighting over one tag value.
 */
export function subnetDiscoveryTags(cluster: string, kind: SubnetKind, karpenter: boolean): Record<string, string> {
  return {
    [kind === 'public' ? 'kubernetes.io/role/elb' : 'kubernetes.io/role/internal-elb']: '1',
    [`kubernetes.io/cluster/${cluster}`]: 'shared',
    ...(karpenter && kind === 'private' ? { 'karpenter.sh/discovery': cluster } : {}),
  };
}
