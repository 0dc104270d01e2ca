/**
 * `groundwork render` end to end: one file per release under <out>/<env>/rendered/, the same
 * bytes on every run, synth's files left alone, and a chart missing from the cache as exit 2
 * with the fix and nothing written.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { parseArgs, UsageError } from '../../lib/cli/args';
import { main } from '../../lib/cli/main';
import { testChartCache } from '../support/rendered';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
const tmp = (): string => mkdtempSync(join(tmpdir(), 'groundwork-render-'));
const readAll = (dir: string): Record<string, string> => Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f), 'utf8')]));

describe('groundwork render', () => {
  it('writes every release of dev to <out>/dev/rendered/<release>.yaml, the same bytes every run', async () => {
    const out = tmp();
    mkdirSync(join(out, 'dev', 'manifests'), { recursive: true });
    writeFileSync(join(out, 'dev', 'manifests', '00-foundation.k8s.yaml'), 'kept\n');
    const first = await run('render', '--env', 'dev', '--out', out, '--chart-cache', testChartCache()!);
    expect(first.err).toBe('');
    expect(first.code).toBe(0);

    // The summary lists `  <release>: <chart> <version>, <n> objects`: one file each, with n documents.
    const listed = [...first.out.matchAll(/^ {2}(\S+): \S+ \S+, (\d+) objects/gm)].map((m) => [m[1], Number(m[2])] as const);
    expect(first.out).toMatch(new RegExp(`^dev \\(pulumi delivery\\): ${listed.length} releases, \\d+ objects \\(helm v\\d`));
    expect(listed.length).toBeGreaterThan(3);
    const files = readAll(join(out, 'dev', 'rendered'));
    expect(Object.keys(files)).toEqual(listed.map(([r]) => `${r}.yaml`).sort());
    for (const [release, count] of listed) expect(parseAllDocuments(files[`${release}.yaml`]).length).toBe(count);
    expect(readFileSync(join(out, 'dev', 'manifests', '00-foundation.k8s.yaml'), 'utf8')).toBe('kept\n');

    expect((await run('render', '--env', 'dev', '--out', out, '--chart-cache', testChartCache()!)).code).toBe(0);
    expect(readAll(join(out, 'dev', 'rendered'))).toEqual(files);
    expect(readdirSync(join(out, 'dev')).sort()).toEqual(['manifests', 'rendered']); // no staging left behind
  });

  it('exits 2 on a chart cache miss with the helm pull command, no stack trace, nothing written', async () => {
    const saved = process.env.GROUNDWORK_CHART_PULL;
    delete process.env.GROUNDWORK_CHART_PULL;
    try {
      const out = tmp();
      const empty = tmp();
      const result = await run('render', '--env', 'dev', '--out', out, '--chart-cache', empty);
      expect(result.code).toBe(2);
      expect(result.err).toContain(`missing from the chart cache ${empty}`);
      expect(result.err).toMatch(/helm pull \S+ (--repo \S+ )?--version \S+ -d /);
      expect(result.err).not.toMatch(/\n\s+at /);
      expect(existsSync(join(out, 'dev'))).toBe(false);
    } finally {
      if (saved !== undefined) process.env.GROUNDWORK_CHART_PULL = saved;
    }
  });

  it('takes --chart-cache for render only', () => {
    expect(parseArgs(['render', '--env', 'dev', '--chart-cache', '/c'])).toMatchObject({ command: 'render', envs: ['dev'], chartCache: '/c' });
    expect(() => parseArgs(['synth', '--chart-cache', '/c'])).toThrow(UsageError);
    expect(() => parseArgs(['render', '--env', 'dev', '--spec', 'x.json'])).toThrow('use either --env or --spec, not both');
  });
});
