/**
 * The region exists, is in the `aws` partition (the only one whose ARNs, service principals and
 * endpoints we build), has as many usable availability zones as the spec asks for, and admin
 * role ARNs are in the same partition.
 */
import { principalPartitionProblem } from '../iam';
import { nearestRegions, partitionOf, PARTITION, regionInfo } from '../regions';
import { REGION_NAME } from './cluster';
import { asArray, asNumber, asString, type Rule } from './context';

/** Production spreads over this many zones (cluster.ts networkRules enforces it). */
const PRODUCTION_AZS = 3;

export const regionRules: Rule = ({ input, report }) => {
  const region = asString(input.region);
  // A malformed name is reported by identityRules.
  if (region === undefined || !REGION_NAME.test(region)) return;
  const partition = partitionOf(region);
  if (partition !== PARTITION) {
    report(
      'spec.region',
      `"${region}" is in the ${partition} partition; groundwork builds for the ${PARTITION} partition only (its ARNs arn:${PARTITION}:…, service principals and endpoints, and which ACM, Route53 and EKS add-on features exist, differ in ${partition})`,
      `use a region of the ${PARTITION} partition, e.g. eu-west-1 or us-east-2`,
    );
    return;
  }
  const info = regionInfo(region);
  if (!info) {
    report('spec.region', `"${region}" is not an AWS region groundwork knows`, `use one of the nearest: ${nearestRegions(region).join(', ')} (lib/spec/regions.ts lists every region)`);
    return;
  }
  const azs = asNumber(input.availabilityZones);
  const usable = info.zones.length;
  if (input.tier === 'production' && usable < PRODUCTION_AZS) {
    report(
      'spec.region',
      `${region} has ${usable} availability zones a new account can use, and production spreads over ${PRODUCTION_AZS}`,
      'use a region with at least 3 usable zones, e.g. us-west-2 or us-east-2',
    );
  } else if (azs !== undefined && azs > usable) {
    report('spec.availabilityZones', `${region} has ${usable} availability zones a new account can use (got ${azs})`, `set availabilityZones to at most ${usable}`);
  }
};

export const adminPartitionRules: Rule = ({ input, report }) => {
  // Regions of other partitions are refused (regionRules), so admins are always judged against `aws`.
  const partition = PARTITION;
  asArray(input.admins).forEach((value, i) => {
    const arn = asString(value);
    const bad = arn === undefined ? undefined : principalPartitionProblem(arn, partition);
    if (bad) report(`spec.admins[${i}]`, bad.problem, bad.fix);
  });
};
