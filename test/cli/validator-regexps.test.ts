/**
 * The CLI tests the Prometheus operator validators' RE2 patterns it knows an exact JavaScript
 * equivalent for with that RegExp (no WebAssembly to load and compile), and any other with RE2.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { RE2 } from 're2-wasm';
import { compatibleRE2, JS_EQUIVALENTS } from '../../lib/cli/validator-regexps';
import { TS_REGISTER } from '../support/ts-child';

const ROOT = join(__dirname, '..', '..');

/** Strings over the characters a pattern names (and their other case), up to `length`, plus edge cases. */
function samples(pattern: string, length = 3): string[] {
  const letters = [...new Set(pattern.replace(/[^A-Za-z]/g, '').split(''))];
  const alphabet = [...new Set([...letters, ...letters.map((c) => c.toUpperCase()), ' ', '\n', 'ſ', 'K'])];
  const words = pattern.match(/[A-Za-z]{2,}/g) ?? [];
  const out = new Set<string>(['', ...words, ...words.map((w) => w.toUpperCase()), ...words.map((w) => `${w}\n`), ...words.map((w) => ` ${w}`), words.join('')]);
  let level = [''];
  for (let n = 1; n <= length; n++) {
    level = level.flatMap((prefix) => alphabet.map((c) => prefix + c));
    for (const s of level) out.add(s);
  }
  return [...out];
}

describe('validator regexps', () => {
  it.each([...JS_EQUIVALENTS].map(([key, regexp]) => [key, regexp] as const))('%s accepts exactly what RE2 accepts', (key, regexp) => {
    const split = key.lastIndexOf(' ');
    const re2 = new RE2(key.slice(0, split), key.slice(split + 1));
    const differing = samples(key.slice(0, split)).filter((s) => re2.test(s) !== regexp.test(s));
    expect(differing).toEqual([]);
  });

  it('gives the RegExp for a listed pattern (a fresh one each time) and RE2 for any other', () => {
    let loads = 0;
    const Compatible = compatibleRE2(() => {
      loads++;
      return RE2 as never;
    });
    const first = new Compatible('^(?i)(abort|warn)?$', 'u');
    expect(first).toBeInstanceOf(RegExp);
    expect(new Compatible('^(?i)(abort|warn)?$', 'u')).not.toBe(first);
    expect(loads).toBe(0);
    const other = new Compatible('^((?i)sun|mon)day$', 'u');
    expect(other).toBeInstanceOf(RE2);
    expect(other.test('SUNday')).toBe(true);
    expect(loads).toBe(1);
  });

  it('validates PrometheusRules in the CLI process with the RegExp, without loading re2-wasm', () => {
    const program = `
require(${JSON.stringify(TS_REGISTER)});
require(${JSON.stringify(join(ROOT, 'lib', 'cli', 'validator-regexps.ts'))});
const { PrometheusRule } = require('@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule');
const verdict = (strategy) => {
  try {
    new PrometheusRule({ metadata: { name: 'r' }, spec: { groups: [{ name: 'g', partial_response_strategy: strategy, rules: [{ alert: 'A', expr: 'up == 0' }] }] } }).validate();
    return 'valid';
  } catch (error) {
    return 'invalid';
  }
};
process.stdout.write(JSON.stringify({ warn: verdict('warn'), ABORT: verdict('ABORT'), bogus: verdict('bogus'), re2: Object.keys(require.cache).some((f) => f.includes('/re2-wasm/')) }));`;
    const result = spawnSync(process.execPath, ['-e', program], { cwd: ROOT, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({ warn: 'valid', ABORT: 'valid', bogus: 'invalid', re2: false });
  });
});
