/**
 * AWS regions an environment may live in, with the availability zones an account can use there.
 * Only the commercial `aws` partition: every ARN, service principal and DNS suffix we build is
 * the commercial one, and ACM, Route53 and EKS add-on availability differ in the other partitions.
 *
 * Counts are the zones a NEW account can use, which is what a fresh environment gets: us-west-1
 * and ap-northeast-1 have a zone closed to accounts created after it filled up.
 * Sources: the per-region zone lists of the AWS Global Infrastructure page
 * (aws.amazon.com/about-aws/global-infrastructure/regions_az) and, for the default-enabled
 * regions, the usable-zone table at qiita.com/MH35JP/items/1df91ccd2874e09c3598 (checked
 * 2026-05). Opt-in regions are marked `confirmed: false`: counts from the global
 * infrastructure page only, not re-checked here.
 */
import { compareText } from './order';

/** What groundwork knows about one region. */
export interface RegionInfo {
  /** Zone letters a new account sees, in order (`ap-northeast-1` has no usable `b`). */
  readonly zones: string;
  /** Whether the zone count was confirmed against a second source (see the file comment). */
  readonly confirmed: boolean;
}

const r = (zones: string, confirmed = true): RegionInfo => ({ zones, confirmed });

/** Regions of the `aws` partition and their usable availability zones. */
export const REGIONS: Readonly<Record<string, RegionInfo>> = {
  'af-south-1': r('abc', false),
  'ap-east-1': r('abc', false),
  'ap-east-2': r('abc', false),
  'ap-northeast-1': r('acd'),
  'ap-northeast-2': r('abcd'),
  'ap-northeast-3': r('abc'),
  'ap-south-1': r('abc'),
  'ap-south-2': r('abc', false),
  'ap-southeast-1': r('abc'),
  'ap-southeast-2': r('abc'),
  'ap-southeast-3': r('abc', false),
  'ap-southeast-4': r('abc', false),
  'ap-southeast-5': r('abc', false),
  'ap-southeast-7': r('abc', false),
  'ca-central-1': r('abd'),
  'ca-west-1': r('abc', false),
  'eu-central-1': r('abc'),
  'eu-central-2': r('abc', false),
  'eu-north-1': r('abc'),
  'eu-south-1': r('abc', false),
  'eu-south-2': r('abc', false),
  'eu-west-1': r('abc'),
  'eu-west-2': r('abc'),
  'eu-west-3': r('abc'),
  'il-central-1': r('abc', false),
  'me-central-1': r('abc', false),
  'me-south-1': r('abc', false),
  'mx-central-1': r('abc', false),
  'sa-east-1': r('abc'),
  'us-east-1': r('abcdef'),
  'us-east-2': r('abc'),
  // Which two of a/b/c a new account sees is decided per account; a and c is the common pair.
  'us-west-1': r('ac', false),
  'us-west-2': r('abcd'),
};

/** AWS partitions other than `aws`, by region prefix, and why groundwork does not build for them. */
export const OTHER_PARTITIONS: ReadonlyArray<{ prefix: string; partition: string }> = [
  { prefix: 'cn-', partition: 'aws-cn' },
  { prefix: 'us-gov-', partition: 'aws-us-gov' },
  { prefix: 'us-iso-', partition: 'aws-iso' },
  { prefix: 'us-isob-', partition: 'aws-iso-b' },
  { prefix: 'eu-isoe-', partition: 'aws-iso-e' },
  { prefix: 'us-isof-', partition: 'aws-iso-f' },
];

/** The one partition groundwork builds for: ARNs start `arn:aws:`. */
export const PARTITION = 'aws';

/** Partition of `region` by its prefix (`aws` for everything not in OTHER_PARTITIONS). */
export function partitionOf(region: string): string {
  // Longest prefix first: `us-isob-` must not be taken for `us-iso-`.
  const match = [...OTHER_PARTITIONS].sort((a, b) => b.prefix.length - a.prefix.length).find((p) => region.startsWith(p.prefix));
  return match?.partition ?? PARTITION;
}

/** The region's entry, or undefined for a region groundwork does not know. */
export function regionInfo(region: string): RegionInfo | undefined {
  return Object.prototype.hasOwnProperty.call(REGIONS, region) ? REGIONS[region] : undefined;
}

/** Names of the first `count` usable availability zones of `region` (e.g. `ap-northeast-1a`, `ap-northeast-1c`). */
export function availabilityZonesOf(region: string, count: number): string[] {
  const letters = regionInfo(region)?.zones ?? 'abcdef';
  return [...letters.slice(0, count)].map((letter) => `${region}${letter}`);
}

/** Levenshtein distance between `a` and `b` (typo suggestions). */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/** Up to `limit` known regions closest to `text` by edit distance (ties by name). */
export function nearestRegions(text: string, limit = 3): string[] {
  return Object.keys(REGIONS)
    .map((name) => ({ name, distance: editDistance(text.toLowerCase(), name) }))
    .sort((a, b) => a.distance - b.distance || compareText(a.name, b.name))
    .slice(0, limit)
    .map((c) => c.name);
}
