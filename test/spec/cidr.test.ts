import { cidrsOverlap, parseCidr } from '../../lib/spec/cidr';
import { planSubnets } from '../../lib/spec/subnets';

describe('parseCidr', () => {
  it('parses a block', () => {
    expect(parseCidr('10.0.0.0/16')).toEqual({ ok: true, cidr: { start: 10 * 2 ** 24, prefix: 16, size: 65536 } });
  });
  it.each(['10.0.0/16', '10.0.0.0', '256.0.0.0/8', '10.0.0.0/33'])('rejects %s', (text) => {
    expect(parseCidr(text).ok).toBe(false);
  });
  it('suggests the network address when host bits are set', () => {
    expect(parseCidr('192.168.1.7/24')).toEqual({ ok: false, problem: '"192.168.1.7/24" has host bits set', suggestion: '192.168.1.0/24' });
  });
  it('detects overlap and its absence', () => {
    const p = (t: string) => (parseCidr(t) as { ok: true; cidr: import('../../lib/spec/cidr').Cidr }).cidr;
    expect(cidrsOverlap(p('10.0.0.0/16'), p('10.0.255.0/24'))).toBe(true);
    expect(cidrsOverlap(p('10.0.0.0/16'), p('10.1.0.0/16'))).toBe(false);
  });
});

describe('planSubnets', () => {
  it('gives each AZ a large private subnet and a small public one, without overlap', () => {
    expect(planSubnets('10.0.0.0/16', 3)).toEqual({
      private: ['10.0.0.0/19', '10.0.32.0/19', '10.0.64.0/19'],
      public: ['10.0.224.0/22', '10.0.228.0/22', '10.0.232.0/22'],
    });
  });
  it('fits six AZs in the smallest allowed VPC', () => {
    const plan = planSubnets('10.0.0.0/20', 6);
    const all = [...plan.private, ...plan.public].map((c) => parseCidr(c)).map((r) => (r as { ok: true; cidr: import('../../lib/spec/cidr').Cidr }).cidr);
    for (let i = 0; i < all.length; i++) for (let j = i + 1; j < all.length; j++) expect(cidrsOverlap(all[i], all[j])).toBe(false);
    expect(plan.private[5]).toBe('10.0.10.0/23');
  });
});

describe('parseCidr leading zeros', () => {
  it('refuses leading zeros in an octet, with the plain form as the fix', () => {
    expect(parseCidr('010.0.0.0/16')).toEqual({ ok: false, problem: '"010.0.0.0/16" has leading zeros (read as octal by some tools, refused by AWS)', suggestion: '10.0.0.0/16' });
  });
  it('refuses a leading zero in the prefix', () => {
    expect(parseCidr('10.0.0.0/016').ok).toBe(false);
  });
  it('suggests the network address when the plain form still has host bits set', () => {
    expect(parseCidr('10.0.0.01/16')).toMatchObject({ ok: false, suggestion: '10.0.0.0/16' });
  });
  it('still accepts a single 0 octet', () => {
    expect(parseCidr('10.0.0.0/8').ok).toBe(true);
  });
});
