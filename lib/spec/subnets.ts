/**
 * Subnet plan of an environment's VPC, derived from its CIDR alone so the plan is deterministic
 * and never depends on what already exists in the account.
 *
 * Layout: the VPC is cut into 8 blocks (prefix + 3). Private subnet i is block i (large: pods
 * take VPC IPs with the VPC CNI); public subnets only hold load balancers and NAT gateways, so
 * they are prefix + 6 slices carved out of the last block. Block 7 is never a private subnet
 * (validation caps availability zones well below 7).
 */

function toInt(ip: string): number {
  return ip.split('.').reduce((acc, octet) => acc * 256 + Number(octet), 0);
}

function toIp(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

/** Private and public subnet CIDRs, one of each per availability zone, in AZ order. */
export function planSubnets(vpcCidr: string, azCount: number): { private: string[]; public: string[] } {
  const [base, prefixText] = vpcCidr.split('/');
  const prefix = Number(prefixText);
  const start = toInt(base);
  const blockSize = 2 ** (32 - (prefix + 3));
  const sliceSize = 2 ** (32 - (prefix + 6));
  const publicBase = start + 7 * blockSize;
  const privateCidrs: string[] = [];
  const publicCidrs: string[] = [];
  for (let i = 0; i < azCount; i++) {
    privateCidrs.push(`${toIp(start + i * blockSize)}/${prefix + 3}`);
    publicCidrs.push(`${toIp(publicBase + i * sliceSize)}/${prefix + 6}`);
  }
  return { private: privateCidrs, public: publicCidrs };
}

/**
 * CIDRs of the public subnets, where internet-facing load balancers live: the existing VPC's as
 * given, else the planned ones. Network policies admit an ALB (IP targets) from exactly these.
 */
export function publicSubnetCidrs(spec: { vpcCidr: string; availabilityZones: number; existingVpc: { publicSubnets: ReadonlyArray<{ cidr: string }> } | undefined }): string[] {
  return spec.existingVpc ? spec.existingVpc.publicSubnets.map((s) => s.cidr) : planSubnets(spec.vpcCidr, spec.availabilityZones).public;
}
