/**
 * Rules for `existingVpc` (bring your own VPC): id syntax, zones of the region, enough zones,
 * no id twice, subnet CIDRs inside the VPC, and the fields that only describe a VPC groundwork
 * creates refused.
 */
import type { Cidr } from '../cidr';
import { regionInfo } from '../regions';
import { asNumber, asRecord, asString, cidrField, duplicates, type Raw, type Rule } from './context';

/** EC2 ids: 8 (old) or 17 hex digits after the prefix. */
const VPC_ID = /^vpc-([0-9a-f]{8}|[0-9a-f]{17})$/;
const SUBNET_ID = /^subnet-([0-9a-f]{8}|[0-9a-f]{17})$/;
/** AWS VPC sizes: /16 (largest) to /28 (smallest). */
const VPC_PREFIX = { largest: 16, smallest: 28 } as const;
/** EKS needs subnets in two zones; production three, so losing one zone leaves a quorum. */
const MIN_ZONES = 2;
const MIN_PRODUCTION_ZONES = 3;

type Report = Parameters<Rule>[0]['report'];

/** Availability zone names of `region` a key may be (the region table's usable zones, or any letter for an unknown region). */
function zoneProblem(zone: string, region: string | undefined): string | undefined {
  if (region === undefined) return undefined;
  const letters = regionInfo(region)?.zones;
  const ok = zone.startsWith(region) && /^[a-z]$/.test(zone.slice(region.length)) && (letters === undefined || letters.includes(zone.slice(region.length)));
  if (ok) return undefined;
  return letters ? `use one of ${[...letters].map((l) => `${region}${l}`).join(', ')}` : `use a zone of ${region}, e.g. ${region}a`;
}


const inside = (inner: Cidr, outer: Cidr): boolean => inner.start >= outer.start && inner.start + inner.size <= outer.start + outer.size;

/** The subnets of one map (private or public): zone keys, id syntax, enough zones. */
function subnetMap(report: Report, path: string, map: Raw, region: string | undefined, minZones: number, why: string, idOf: (v: unknown) => unknown): string[] {
  const ids: string[] = [];
  for (const zone of Object.keys(map).sort()) {
    const fix = zoneProblem(zone, region);
    if (fix) report(`${path}.${zone}`, `"${zone}" is not an availability zone of ${region}`, fix);
    const id = asString(idOf(map[zone]));
    if (id === undefined) continue;
    ids.push(id);
    if (!SUBNET_ID.test(id)) report(`${path}.${zone}`, `"${id}" is not a subnet id`, 'use the subnet\'s id, e.g. subnet-0123456789abcdef0 (not its name or CIDR)');
  }
  const zones = Object.keys(map).length;
  if (zones < minZones) report(path, `${why} (got ${zones})`, `give a subnet in each of at least ${minZones} availability zones`);
  return ids;
}

export const existingVpcRules: Rule = ({ input, report }) => {
  const vpc = asRecord(input.existingVpc);
  if (!vpc) return;
  const region = asString(input.region);
  // What these fields describe is the VPC groundwork would build: silently ignoring them would
  // let a reader believe the cluster runs in 10.0.0.0/16 across 3 zones.
  if (input.vpcCidr !== undefined) {
    report('spec.vpcCidr', 'is meaningless with existingVpc: groundwork creates no VPC, so no CIDR to give it', 'remove vpcCidr; the existing VPC\'s CIDR goes in existingVpc.cidr');
  }
  if (input.availabilityZones !== undefined) {
    report('spec.availabilityZones', 'is meaningless with existingVpc: the zones are those of its private subnets', 'remove availabilityZones; list a private subnet per zone in existingVpc.privateSubnetIds');
  }
  const vpcId = asString(vpc.vpcId);
  if (vpcId !== undefined && !VPC_ID.test(vpcId)) {
    report('spec.existingVpc.vpcId', `"${vpcId}" is not a VPC id`, 'use the VPC\'s id, e.g. vpc-0123456789abcdef0 (not its name)');
  }
  const cidr = cidrField(report, 'spec.existingVpc.cidr', vpc.cidr);
  if (cidr && (cidr.prefix < VPC_PREFIX.largest || cidr.prefix > VPC_PREFIX.smallest)) {
    report('spec.existingVpc.cidr', `a /${cidr.prefix} block cannot be a VPC's CIDR (AWS: /16 to /28)`, 'give the VPC\'s primary IPv4 CIDR as `aws ec2 describe-vpcs` shows it');
  }
  const production = input.tier === 'production';
  const privateIds = subnetMap(
    report,
    'spec.existingVpc.privateSubnetIds',
    asRecord(vpc.privateSubnetIds) ?? {},
    region,
    production ? MIN_PRODUCTION_ZONES : MIN_ZONES,
    production ? `production needs private subnets in at least ${MIN_PRODUCTION_ZONES} availability zones so losing one zone leaves a quorum` : `EKS needs private subnets in at least ${MIN_ZONES} availability zones`,
    (v) => v,
  );
  const publics = asRecord(vpc.publicSubnets) ?? {};
  // A missing map is a shape error ("is required") already: counting its zones would repeat it.
  const publicIds = subnetMap(
    vpc.publicSubnets === undefined ? () => undefined : report,
    'spec.existingVpc.publicSubnets',
    publics,
    region,
    MIN_ZONES,
    `internet-facing load balancers need public subnets in at least ${MIN_ZONES} availability zones (an ALB needs two)`,
    (v) => asRecord(v)?.id,
  );
  for (const zone of Object.keys(publics).sort()) {
    const subnetCidr = cidrField(report, `spec.existingVpc.publicSubnets.${zone}.cidr`, asRecord(publics[zone])?.cidr);
    if (subnetCidr && cidr && !inside(subnetCidr, cidr)) {
      report(`spec.existingVpc.publicSubnets.${zone}.cidr`, `${String(asRecord(publics[zone])?.cidr)} is outside the VPC CIDR ${String(vpc.cidr)}`, 'give the subnet\'s own CIDR as `aws ec2 describe-subnets` shows it');
    }
  }
  for (const dup of duplicates([...privateIds, ...publicIds])) {
    report('spec.existingVpc', `subnet "${dup}" is listed more than once`, 'give each subnet once: private subnets (nodes) and public subnets (load balancers) are different subnets, one per zone');
  }
};

/** Zones the environment spans: the existing VPC's private subnets, else `availabilityZones` (default 3). */
export function zoneCount(input: Raw): number {
  const vpc = asRecord(input.existingVpc);
  const privateIds = asRecord(vpc?.privateSubnetIds);
  if (privateIds) return Object.keys(privateIds).length;
  return asNumber(input.availabilityZones) ?? 3;
}

/** The VPC CIDR the rules compare against: the existing VPC's, `vpcCidr`, or the default. */
export function vpcCidrText(input: Raw): unknown {
  const vpc = asRecord(input.existingVpc);
  return vpc ? vpc.cidr : (input.vpcCidr ?? '10.0.0.0/16');
}
