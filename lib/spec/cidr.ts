/**
 * IPv4 CIDR arithmetic for validation (no dependency: four integers and a prefix).
 */

/** A parsed IPv4 CIDR block. */
export interface Cidr {
  /** First address as an unsigned 32-bit integer. */
  start: number;
  /** Prefix length, 0–32. */
  prefix: number;
  /** Number of addresses. */
  size: number;
}

const CIDR_PATTERN = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Result of parsing: the block, or why it is not one (with the corrected form when host bits are set). */
export type CidrParse = { ok: true; cidr: Cidr } | { ok: false; problem: string; suggestion?: string };

function ipToString(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

/** Parse `text` as an IPv4 CIDR; host bits must be zero. */
export function parseCidr(text: string): CidrParse {
  const m = CIDR_PATTERN.exec(text);
  if (!m) return { ok: false, problem: `"${text}" is not an IPv4 CIDR block like 10.0.0.0/16` };
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return { ok: false, problem: `"${text}" is not a valid IPv4 CIDR block (octets ≤ 255, prefix ≤ 32)` };
  // `010` is octal to inet_aton and many tools and refused by the EC2 API: never guess which was meant.
  if (m.slice(1, 6).some((part) => part.length > 1 && part.startsWith('0'))) {
    const plain = `${octets.join('.')}/${prefix}`;
    const again = parseCidr(plain);
    return { ok: false, problem: `"${text}" has leading zeros (read as octal by some tools, refused by AWS)`, suggestion: again.ok ? plain : (again.suggestion ?? plain) };
  }
  const address = octets.reduce((acc, o) => acc * 256 + o, 0);
  const size = 2 ** (32 - prefix);
  const start = Math.floor(address / size) * size;
  if (start !== address) {
    const suggestion = `${ipToString(start)}/${prefix}`;
    return { ok: false, problem: `"${text}" has host bits set`, suggestion };
  }
  return { ok: true, cidr: { start, prefix, size } };
}

/** Whether two blocks share any address. */
export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  return a.start < b.start + b.size && b.start < a.start + a.size;
}
