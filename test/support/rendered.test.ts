/**
 * The tests' whole-environment render cache is keyed by the chart archives too: a chart
 * replaced in the cache (same name, other bytes or a later mtime) must be rendered again.
 */
import { mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chartCacheStamp } from './rendered';

describe('chart cache stamp (test-renders key)', () => {
  it('names every archive and changes when one is replaced, resized or touched', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gw-chart-stamp-'));
    writeFileSync(join(dir, 'loki-6.0.0.tgz'), 'a');
    writeFileSync(join(dir, 'velero-9.0.0.tgz'), 'b');
    writeFileSync(join(dir, 'index.yaml'), 'apiVersion: v1');
    const first = chartCacheStamp(dir);
    expect(first.split('\n').map((line) => line.split(' ')[0])).toEqual(['loki-6.0.0.tgz', 'velero-9.0.0.tgz']);
    expect(chartCacheStamp(dir)).toBe(first);
    writeFileSync(join(dir, 'loki-6.0.0.tgz'), 'aa');
    const resized = chartCacheStamp(dir);
    expect(resized).not.toBe(first);
    utimesSync(join(dir, 'velero-9.0.0.tgz'), new Date('2031-01-01T00:00:00Z'), new Date('2031-01-01T00:00:00Z'));
    expect(chartCacheStamp(dir)).not.toBe(resized);
  });
});
