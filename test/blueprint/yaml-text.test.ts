/**
 * yaml-text.ts writes exactly what `yaml`'s `stringify(value, { lineWidth: 0 })` writes (and, with
 * a YAML 1.1 cache, `stringify(value, { lineWidth: 0, version: '1.1' })`), for every object of the
 * stock environments and for the scalars whose quoting is subtle, and hands back to `yaml` what it
 * cannot write the same way. test/render/render-release.test.ts compares every rendered release.
 */
import { stringify } from 'yaml';
import { Platform } from '../../lib/blueprint/platform';
import { sortKeys } from '../../lib/blueprint/canonical';
import { newYamlTextCache, SHARED_BLOCK_CHARS, SHARED_ENTRIES, sharedYamlTextCache, yamlDocumentText, type YamlVersion } from '../../lib/blueprint/yaml-text';
import { dev, prod, staging } from '../../stacks/environments';
import { prodGitops } from '../support/variants';

const yamlOf = (o: object): string => stringify(o, { lineWidth: 0 });

describe('YAML text written directly', () => {
  it('is byte for byte what yaml writes for every object of the stock environments', () => {
    const cache = newYamlTextCache();
    let direct = 0;
    let total = 0;
    for (const spec of [dev, staging, prod, prodGitops]) {
      for (const chart of Platform.fromSpec(spec).manifests().charts) {
        for (const object of chart.objects) {
          const sorted = sortKeys(object) as Record<string, unknown>;
          const text = yamlDocumentText(sorted, cache);
          total++;
          if (text === undefined) continue;
          direct++;
          if (text !== yamlOf(sorted)) expect(text).toBe(yamlOf(sorted));
        }
      }
    }
    // Multi-line strings (dashboards, rules, configs) included: every object is written directly.
    expect(direct).toBe(total);
  });

  describe.each<YamlVersion>(['1.2', '1.1'])('in YAML %s', (version) => {
    const yamlIn = (o: object): string => stringify(o, { lineWidth: 0, version });

    it('quotes, escapes and nests as yaml does', () => {
      const tricky = {
        '80': 'x', 'a b': 'y: z', bool: 'true', nul: 'null', num: '1.0', oct: '0o17', empty: '', negZero: -0, zero: 0, float: 1.5, big: 1e21,
        dash: '- x', hash: '#x', inner: 'a #b', quote: "it's", dquote: '"', colon: 'a:b', colonSpace: 'a: b', lead: ' x', trail: 'x ',
        True: 'False', NULL: 'Null', nullish: 'nullable', e1: 'e1', inf: '.inf', plus: '+1', path: 'a/b.c_d-e', trailingColon: 'a:', key_with_dash: 'x-y',
        star: '*a', amp: '&a', bang: '!a', pct: '%x', at: '@x', tick: '`x', tab: 'a\tb', unicode: 'é', control: '\u0001', doc: '---', dots: '...',
        t: true, f: false, n: null, emptyMap: {}, emptyList: [],
        words: 'a b', comma: 'a, b', brackets: 'a [b] {c}', call: 'f(x) = y+1; z', trailSpace: 'a b ', quotes: 'Hello "world" it\'s', pipe: 'x|y > z < w',
        sym: 'a!b*c&d%e@f$g~h^i?', spaceHash: 'a #b', spaceColon: 'a : b', colonEnd: 'a b:', tabWord: 'a\tb c', trueWords: 'true story', nullWord: 'Null',
        seq: ['a b', 'x, y', 'q "r"', 'True', 'one two ', 'k: v'],
        // YAML 1.1 reads these as booleans, numbers, timestamps or a merge key: quoted there, plain in 1.2 where they are strings.
        v11: ['yes', 'Yes', 'YES', 'no', 'No', 'NO', 'on', 'On', 'ON', 'off', 'Off', 'OFF', 'y', 'Y', 'n', 'N', 'yes please', 'onion', 'Ny', '0755', '1_000', '0b101', '0x1F', '1:20', '1:20.5', '2001-12-14', '2001-12-14t21:59:43.10-05:00', '.5', '1.', '1e3', 'e1', 'E+5', 'e-7', 'e', 'e1x', '~', '<<', '_', '+.inf'],
        yes: 'on', No: 'off', y: 'n', on: ['Y', 'N'],
        list: [{ a: 1, b: [1, 2, [3, [4]]], c: {} }, [], [{}], [[]], 'plain', null, { d: { e: [{ f: 'g' }] } }],
      };
      const text = yamlDocumentText(sortKeys(tricky) as Record<string, unknown>, newYamlTextCache(version));
      expect(text).toBe(yamlIn(sortKeys(tricky)));
    });

    it('writes multi-line strings as yaml does at every depth: chomping, indent indicators, blank lines, quoted fallbacks', () => {
      const strings = [
        'a: 1\nb: 2\n', 'a\nb', 'a\nb\n\n', 'a\nb\n\n\n', '\na', '\n\na\n', '  lead\nx', ' \nx', 'x\n  \ny', 'x\n\n\ny\n',
        'tab\n\tindented', 'x\n ', 'x\n\t', '\n', '\n\n', ' \n ', '---\nx', '...\n', '# c\nd', '- a\n- b', 'x: |\n  y', 'ctl\u0001\nx',
        'trail \nx', 'x\r\ny', '{"a":\n 1}', `${'long '.repeat(40)}\nend`,
        'ab\n', 'a\n', 'a\n\nb\n', 'x\ty\nz', 'a b\nc d', 'line1\n  indented\nline3', 'é\nü\n', 'k: v\n# c\n- x\n', 'x\n\t\ny', 'a\u0085\nb', 'a\nb\u2028c',
      ];
      const nested = (s: string) => ({ top: s, list: [s, [s], { k: s, deeper: [{ k: s }] }], map: { a: { b: s } }, [s.includes(':') ? 'other' : 'k2']: [s, 'plain'] });
      const cache = newYamlTextCache(version);
      for (const s of strings) {
        const object = sortKeys(nested(s)) as Record<string, unknown>;
        const text = yamlDocumentText(object, cache);
        if (text !== yamlIn(object)) expect({ s, text }).toEqual({ s, text: yamlIn(object) });
      }
      // Twice: the second time every string comes from the cache.
      for (const s of strings) expect(yamlDocumentText(sortKeys(nested(s)) as Record<string, unknown>, cache)).toBe(yamlIn(sortKeys(nested(s))));
    });

    it('writes numbers and booleans as yaml does: integers directly, the rest through yaml', () => {
      const numbers = [0, -0, 1, -1, 7, 10, 65535, 2 ** 31, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 2 ** 53, 1e21, -1e21, 1.5, 0.1, -1e-7, 1e-7, 100.25, NaN, Infinity, -Infinity];
      const object = { n: numbers, m: Object.fromEntries(numbers.map((n, i) => [`k${i}`, n])), b: [true, false], t: true, f: false };
      expect(yamlDocumentText(object, newYamlTextCache(version))).toBe(yamlIn(object));
    });
  });

  it('shares one cache across calls until it outgrows its bound, then starts a new one', () => {
    const cache = sharedYamlTextCache();
    expect(sharedYamlTextCache()).toBe(cache);
    for (let i = 0; i <= SHARED_ENTRIES; i++) cache.values.set(`filler ${i}`, null);
    const next = sharedYamlTextCache();
    expect(next).not.toBe(cache);
    expect(next.values.size).toBe(0);
    next.blockChars = SHARED_BLOCK_CHARS + 1; // multi-line strings are bounded by their characters
    expect(sharedYamlTextCache()).not.toBe(next);
    expect(sharedYamlTextCache('1.1')).not.toBe(sharedYamlTextCache('1.2')); // the versions quote differently: one cache each
    expect(sharedYamlTextCache('1.1').options).toEqual({ lineWidth: 0, version: '1.1' });
  });

  it('leaves explicit keys to yaml', () => {
    const cache = newYamlTextCache();
    expect(yamlDocumentText({ ['a\nb']: 1 }, cache)).toBe(yamlOf({ ['a\nb']: 1 })); // quoted on one line, not explicit
    expect(yamlDocumentText({ ['k'.repeat(2000)]: 1 }, cache)).toBeUndefined();
    expect(yamlDocumentText({ list: [undefined] } as Record<string, unknown>, cache)).toBeUndefined();
  });
});
