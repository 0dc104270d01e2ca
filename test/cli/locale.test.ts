/**
 * Output must not depend on the machine's locale. ICU collation under `da_DK` sorts "aa" after
 * "z" (it is the letter å), so any `localeCompare` on tenant names would reorder the manifests;
 * the locale is fixed when a process starts, so each run is its own process.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { prod } from '../../stacks/environments';
import { TS_REGISTER } from '../support/ts-child';

const ROOT = join(__dirname, '..', '..');

function filesUnder(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.set(relative(dir, path), readFileSync(path, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

describe('output is independent of the locale', () => {
  const work = mkdtempSync(join(tmpdir(), 'groundwork-locale-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('synth under LC_ALL=C and LC_ALL=da_DK.UTF-8 writes byte-identical files', () => {
    // Tenant names whose order differs between the two collations ("aa-…" is last in Danish).
    const spec = {
      ...prod,
      name: 'locale',
      tenants: [
        { name: 'zz-web', editors: ['zz-web-developers'] },
        { name: 'aa-payments', editors: ['aa-payments-developers'] },
        { name: 'b-search', editors: ['b-search-developers'] },
      ],
    };
    const specFile = join(work, 'locale.json');
    writeFileSync(specFile, JSON.stringify(spec));
    const outputs = ['C', 'da_DK.UTF-8'].map((locale) => {
      const out = join(work, locale);
      execFileSync(process.execPath, ['-r', TS_REGISTER, 'lib/cli/main.ts', 'synth', '--spec', specFile, '--out', out], {
        cwd: ROOT,
        env: { ...process.env, LC_ALL: locale, LANG: locale },
        stdio: 'pipe',
      });
      return filesUnder(join(out, 'locale'));
    });
    // The Danish collation really differs on this machine's Node (otherwise the test proves nothing).
    const danish = execFileSync(process.execPath, ['-e', "process.stdout.write(['aa','b'].sort((x,y)=>x.localeCompare(y)).join())"], {
      env: { ...process.env, LC_ALL: 'da_DK.UTF-8' },
    }).toString();
    expect(danish).toBe('b,aa');
    expect(outputs[0].size).toBeGreaterThan(5);
    expect([...outputs[1].keys()]).toEqual([...outputs[0].keys()]);
    for (const [file, content] of outputs[0]) expect({ file, content: outputs[1].get(file) }).toEqual({ file, content });
  }, 120_000);

  it('no source under lib/ or stacks/ sorts with the locale', () => {
    const offenders: string[] = [];
    const walk = (d: string): void => {
      for (const name of readdirSync(d)) {
        const path = join(d, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (path.endsWith('.ts') && /\.localeCompare\(|\bIntl\.Collator\b|\.toLocale(Lower|Upper)Case\(/.test(readFileSync(path, 'utf8'))) offenders.push(relative(ROOT, path));
      }
    };
    for (const dir of ['lib', 'stacks']) walk(join(ROOT, dir));
    expect(offenders).toEqual([]);
  });
});
