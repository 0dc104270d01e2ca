/**
 * EC2 prices the cost dashboards allocate, as data in the repository: on-demand USD per hour
 * (Linux, shared tenancy) per region and instance type, each entry with the date it was entered
 * and its source. Spot is not a column: spot prices move per zone and per hour, so a spot node is
 * priced at the on-demand price × `SPOT_PRICE_FACTOR` (one dated, documented factor), which makes
 * spot cost an estimate on purpose and says so in the dashboards.
 *
 * A node pool instance type with no entry for the environment's region is a named gap
 * (`priceGaps`): the node-pool and tenant dashboards list it, its nodes appear in the "unpriced
 * nodes" table, and cost panels show "no price" instead of counting the node as free.
 */
import { compareText } from '../../spec/order';
import type { CapacityType, ResolvedSpec } from '../../spec/types';

/** One on-demand price. */
export interface InstancePrice {
  /** On-demand USD per hour, Linux, shared tenancy, no Savings Plan or Reserved Instance. */
  readonly usdPerHour: number;
  /** Date the price was entered (ISO). */
  readonly date: string;
  /** Where the price comes from. */
  readonly source: string;
  /**
   * Whether the entry was compared against the live AWS price list on `date`. `false`: entered
   * from the published table without network access to confirm it; confirm before quoting costs.
   */
  readonly verified: boolean;
}

/** AWS price list (public, no credentials): the EC2 offer file of a region. */
export function priceListSource(region: string): string {
  return `https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonEC2/current/${region}/index.json (https://aws.amazon.com/ec2/pricing/on-demand/)`;
}

const ENTERED = '2026-12-01';

function entries(region: string, prices: Record<string, number>): Record<string, InstancePrice> {
  return Object.fromEntries(Object.entries(prices).map(([type, usdPerHour]) => [type, { usdPerHour, date: ENTERED, source: priceListSource(region), verified: false }]));
}

/**
 * On-demand prices by region, then instance type: every type the stock environments' node pools
 * (and so their Karpenter NodePools, which allow exactly the pool's types) use.
 */
export const INSTANCE_PRICES: Readonly<Record<string, Readonly<Record<string, InstancePrice>>>> = {
  'eu-west-1': entries('eu-west-1', {
    'm5.large': 0.107,
    'm5.xlarge': 0.214,
    'm5.2xlarge': 0.428,
    'm6a.large': 0.0963,
    'm6a.xlarge': 0.1926,
    'm6a.2xlarge': 0.3852,
    'm6i.large': 0.107,
    'm6i.xlarge': 0.214,
    'm6i.2xlarge': 0.428,
    'm7i.large': 0.1124,
    'm7i.xlarge': 0.2247,
    'm7i.2xlarge': 0.4494,
  }),
};

/**
 * Spot price as a fraction of on-demand. The Spot Instance Advisor shows 60–70% savings for the
 * general-purpose m5/m6i/m6a/m7i sizes in eu-west-1; 0.4 (60% off) is the low end of that
 * saving, so spot cost is over- rather than under-stated. An estimate: the bill is the truth.
 */
export const SPOT_PRICE_FACTOR = {
  factor: 0.4,
  date: ENTERED,
  source: 'https://aws.amazon.com/ec2/spot/instance-advisor/ (savings over on-demand, eu-west-1, m5/m6i/m6a/m7i)',
  verified: false,
} as const;

/** Price of one instance type in one region and capacity type, or undefined (a gap). */
export function instancePrice(region: string, instanceType: string, capacity: CapacityType): number | undefined {
  const entry = INSTANCE_PRICES[region]?.[instanceType];
  if (!entry) return undefined;
  return capacity === 'spot' ? Number((entry.usdPerHour * SPOT_PRICE_FACTOR.factor).toFixed(6)) : entry.usdPerHour;
}

/** One priced (instance type, capacity type) pair. */
export interface PricedInstance {
  readonly instanceType: string;
  readonly capacityType: CapacityType;
  readonly usdPerHour: number;
}

/**
 * Capacity types a pool's nodes can have: a spot pool's Karpenter NodePool falls back to
 * on-demand when every spot offering is short (karpenter-resources.ts), so both are priced.
 */
function poolCapacityTypes(capacity: string): CapacityType[] {
  return capacity === 'spot' ? ['on-demand', 'spot'] : ['on-demand'];
}

/** Every (instance type, capacity type) the environment's pools can run, priced; gaps left out. */
export function pricedInstances(spec: Pick<ResolvedSpec, 'region' | 'nodePools'>): PricedInstance[] {
  const pairs = new Map<string, PricedInstance>();
  for (const pool of spec.nodePools) {
    for (const instanceType of pool.instanceTypes) {
      for (const capacityType of poolCapacityTypes(pool.capacity)) {
        const usdPerHour = instancePrice(spec.region, instanceType, capacityType);
        if (usdPerHour !== undefined) pairs.set(`${instanceType}/${capacityType}`, { instanceType, capacityType, usdPerHour });
      }
    }
  }
  return [...pairs.entries()].sort(([a], [b]) => compareText(a, b)).map(([, p]) => p);
}

/** An instance type a node pool uses that the price table does not price in the region. */
export interface PriceGap {
  readonly region: string;
  readonly instanceType: string;
  /** Pools that use it (sorted). */
  readonly pools: readonly string[];
}

/** Instance types of the environment's pools with no price in its region: named, never priced 0. */
export function priceGaps(spec: Pick<ResolvedSpec, 'region' | 'nodePools'>): PriceGap[] {
  const gaps = new Map<string, string[]>();
  for (const pool of spec.nodePools) {
    for (const instanceType of pool.instanceTypes) {
      if (INSTANCE_PRICES[spec.region]?.[instanceType]) continue;
      gaps.set(instanceType, [...(gaps.get(instanceType) ?? []), pool.name]);
    }
  }
  return [...gaps.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([instanceType, pools]) => ({ region: spec.region, instanceType, pools: [...new Set(pools)].sort(compareText) }));
}

/** The gaps as one readable line, e.g. for a dashboard note: `c7g.large (pool arm) in ap-south-2`. */
export function describePriceGaps(gaps: readonly PriceGap[]): string {
  return gaps.map((g) => `${g.instanceType} (pool ${g.pools.join(', ')}) in ${g.region}`).join('; ');
}
