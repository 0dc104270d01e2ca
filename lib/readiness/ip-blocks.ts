/**
 * IPv4 block containment for NetworkPolicy `ipBlock` and AuthorizationPolicy `ipBlocks`, on top of
 * the spec layer's CIDR parser. A flow's CIDR end stands for any address in it, so a block admits
 * it only when it covers the whole range and no `except` cuts into it.
 */
import { cidrsOverlap, parseCidr, type Cidr } from '../spec/cidr';

/** Parse a block leniently: a bare address is a /32, host bits are masked off (as the API server's CIDR parsing does for `except`). */
export function toBlock(text: string): Cidr | undefined {
  const withPrefix = text.includes('/') ? text : `${text}/32`;
  const parsed = parseCidr(withPrefix);
  if (parsed.ok) return parsed.cidr;
  if (parsed.suggestion) {
    const fixed = parseCidr(parsed.suggestion);
    if (fixed.ok) return fixed.cidr;
  }
  return undefined;
}

/** Whether `outer` contains every address of `inner`. */
export function blockContains(outer: Cidr, inner: Cidr): boolean {
  return outer.start <= inner.start && inner.start + inner.size <= outer.start + outer.size;
}

/** Whether the block `cidr` minus `except` admits every address of `range`. */
export function admitsRange(cidr: string, except: readonly string[], range: string): boolean {
  const outer = toBlock(cidr);
  const inner = toBlock(range);
  if (!outer || !inner || !blockContains(outer, inner)) return false;
  return except.every((e) => {
    const cut = toBlock(e);
    return cut === undefined || !cidrsOverlap(cut, inner);
  });
}
