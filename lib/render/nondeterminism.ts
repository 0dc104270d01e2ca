/**
 * Whether `helm template` can print something different on each run of a release: only
 * through a template function that reads randomness, the clock or the network. Helm renders a
 * release twice to catch what such a function generated (lib/render/generated-fields.ts); a
 * chart whose templates call none of them renders the same text every time, so one run is its
 * render.
 *
 * Template text is whatever Helm can evaluate: every file of the chart and its subcharts (`tpl`
 * can evaluate any file, values.yaml included) and the release's own values. A function counts
 * only inside a template action, `{{ … }}`, not in a comment action or in prose ("for now");
 * Go templates cannot call a function by a computed name, so a name not written in an action
 * is a function not called.
 */
import type { ChartArchive } from './chart-archive';

/**
 * Helm's functions (Sprig's and its own) whose result is not a function of their arguments:
 * random strings and numbers, UUIDs, keys and certificates, salted hashes, encryption with a
 * random IV, the clock, DNS.
 */
export const NONDETERMINISTIC_FUNCTIONS = [
  'bcrypt', 'encryptAES', 'genCA', 'genCAWithKey', 'genPrivateKey', 'genSelfSignedCert', 'genSelfSignedCertWithKey', 'genSignedCert',
  'genSignedCertWithKey', 'getHostByName', 'htpasswd', 'now', 'randAlpha', 'randAlphaNum', 'randAscii', 'randBytes', 'randInt', 'randNumeric',
  'shuffle', 'uuidv4',
] as const;

const ACTION = /\{\{(?!-?\s*\/\*)([\s\S]*?)\}\}/g;
const FUNCTION = new RegExp(`(?<![\\w.$])(?:${NONDETERMINISTIC_FUNCTIONS.join('|')})(?![\\w])`);

/** Whether template text `text` calls (or may call) one of {@link NONDETERMINISTIC_FUNCTIONS}. */
export function callsNondeterministicFunction(text: string): boolean {
  for (const action of text.matchAll(ACTION)) if (FUNCTION.test(action[1])) return true;
  return false;
}

const byChart = new WeakMap<ChartArchive, boolean>();

/** Whether any file of `chart` or its subcharts calls one (memoised per loaded archive). */
function chartMayGenerate(chart: ChartArchive): boolean {
  let known = byChart.get(chart);
  if (known === undefined) {
    known = [...chart.files.values()].some((data) => data.includes('{{') && callsNondeterministicFunction(data.toString('utf8'))) || [...chart.subcharts.values()].some(chartMayGenerate);
    byChart.set(chart, known);
  }
  return known;
}

/** Whether a release of `chart` with `values` may render differently from one run to the next. */
export function mayGenerateAtRenderTime(chart: ChartArchive, values: unknown): boolean {
  return chartMayGenerate(chart) || callsNondeterministicFunction(JSON.stringify(values ?? {}));
}
