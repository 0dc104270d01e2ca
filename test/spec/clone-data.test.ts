/**
 * Library code copies data with `cloneData`, never `structuredClone`: under jest (a vm realm)
 * structuredClone returns arrays of the outer realm, Pulumi's serializer (`instanceof Array`)
 * sends them as objects (`{"0":"*"}`), and the SDK path's plan stops matching the direct one.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cloneData } from '../../lib/spec/defaults';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('cloneData', () => {
  it('gives arrays of this realm, which Pulumi recognises', () => {
    const copy = cloneData({ includedNamespaces: ['*'] });
    expect(copy.includedNamespaces instanceof Array).toBe(true);
    expect(copy).toEqual({ includedNamespaces: ['*'] });
  });

  it('is the only deep copy in lib/ (no structuredClone)', () => {
    const offenders = sources(join(__dirname, '..', '..', 'lib')).filter((file) => /\bstructuredClone\(/.test(readFileSync(file, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
