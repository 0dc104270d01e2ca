/**
 * `api-endpoint-exposure`: the Kubernetes API is reached from narrow networks only, judged by the
 * addresses a list covers — not by its spelling: `0.0.0.0/1` + `128.0.0.0/1` is the whole internet
 * although neither entry is `/0` (the literal `/0` stays a validation error of its own).
 *
 * Thresholds, on the union of the blocks (overlaps counted once):
 * - public endpoint (`endpoint.public`): at most 65 536 addresses in total, a /16 — an
 *   organisation's egress ranges, never a provider's or a continent's;
 * - private access: at most 16 777 216 addresses in total, a /8 — a corporate network or a
 *   peered VPC range, not "every network that routes to the VPC".
 */
import { parseCidr, type Cidr } from '../spec/cidr';
import type { GuardRailRule, GuardRailViolation } from './violation';

/** Most addresses the public endpoint may admit (a /16). */
export const PUBLIC_ACCESS_MAX_ADDRESSES = 2 ** 16;
/** Most addresses private access may admit (a /8). */
export const PRIVATE_ACCESS_MAX_ADDRESSES = 2 ** 24;

/** Addresses covered by `blocks`, overlaps counted once. */
export function coveredAddresses(blocks: readonly Cidr[]): number {
  const sorted = [...blocks].sort((a, b) => a.start - b.start);
  let total = 0;
  let end = -1; // one past the last address counted
  for (const { start, size } of sorted) {
    const from = Math.max(start, end);
    if (start + size > from) total += start + size - from;
    end = Math.max(end, start + size);
  }
  return total;
}

/** `65536` → `65 536`: readable, and the same on every machine (no locale). */
export function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}

/** The list as a message shows it: every block when few, else the first ones and the count. */
function listed(values: readonly string[]): string {
  return values.length <= 4 ? values.join(', ') : `${values.slice(0, 3).join(', ')} and ${values.length - 3} more blocks`;
}

/** Well-formed blocks of `values`; malformed ones and /0 are validation errors already. */
function blocksOf(values: readonly string[]): Cidr[] {
  return values.flatMap((text) => {
    const parsed = parseCidr(text);
    return parsed.ok && parsed.cidr.prefix > 0 ? [parsed.cidr] : [];
  });
}

function exposure(path: string, values: readonly string[], max: number, maxName: string, what: string, fix: string): GuardRailViolation[] {
  const covered = coveredAddresses(blocksOf(values));
  if (covered <= max) return [];
  return [
    {
      guardRail: 'api-endpoint-exposure',
      target: path,
      path,
      problem: `${listed(values)} cover ${formatCount(covered)} addresses, more than ${maxName} (${formatCount(max)}): ${what}`,
      fix,
    },
  ];
}

export const apiEndpointExposure: GuardRailRule = ({ spec }) => {
  const { endpoint } = spec;
  return [
    ...(endpoint.public
      ? exposure(
          'spec.endpoint.publicAccessCidrs',
          endpoint.publicAccessCidrs,
          PUBLIC_ACCESS_MAX_ADDRESSES,
          'a /16',
          'the public Kubernetes API is open to a large part of the internet',
          'list only the egress ranges that administer the cluster (office, VPN, CI), a /16 at most in total, or make the endpoint private',
        )
      : []),
    ...exposure(
      'spec.endpoint.privateAccess.cidrs',
      endpoint.privateAccess.cidrs,
      PRIVATE_ACCESS_MAX_ADDRESSES,
      'a /8',
      'every network routed to the VPC reaches the Kubernetes API',
      'list only the networks that administer the cluster (VPN, CI runner subnet, peered admin VPC), a /8 at most in total',
    ),
  ];
};
