/**
 * The validators kubernetes-models generates for the Prometheus operator's CRDs test `pattern`
 * fields with RE2 compiled to WebAssembly (`@kubernetes-models/validate/runtime/re2`, re2-wasm),
 * and build the RE2 object inside the validator, at each call. Loading re2-wasm and compiling its
 * WebAssembly is ~40 ms of every `groundwork synth`, for one pattern the stock environments meet:
 * PrometheusRule's `partial_response_strategy`, `^(?i)(abort|warn)?$`. Importing this module
 * first puts a stand-in for that runtime module in Node's module cache: a pattern listed in
 * {@link JS_EQUIVALENTS} is tested with the JavaScript RegExp that matches exactly the same
 * strings (test/cli/validator-regexps.test.ts compares both engines on every entry), any other
 * pattern gets RE2 itself, loaded on first use. Only the CLI imports it (lib/cli/main.ts).
 */
import { installStandIn, realLoader, resolveFromPackage } from '../plan/lazy-pulumi-modules';

/** RE2 patterns (as the validators pass them, with their flags) and the RegExp that accepts exactly the same strings. */
export const JS_EQUIVALENTS: ReadonlyMap<string, RegExp> = new Map([
  // `(?i)` at the very start applies to the whole pattern: the `i` flag.
  ['^(?i)(abort|warn)?$ u', /^(abort|warn)?$/iu],
]);

/** What the validators use of an RE2 object. */
interface PatternTester {
  test(text: string): boolean;
}

type RE2Class = new (pattern: string, flags?: string) => PatternTester;

/**
 * A constructor the validators call as `new RE2(pattern, flags)`: the equivalent RegExp when
 * there is one (a fresh copy: `lastIndex` is never shared), else an RE2 object.
 */
export function compatibleRE2(loadRE2: () => RE2Class): RE2Class {
  return function RE2(pattern: string, flags?: string): PatternTester {
    const equivalent = JS_EQUIVALENTS.get(`${pattern} ${flags ?? ''}`);
    if (equivalent) return new RegExp(equivalent);
    const Real = loadRE2();
    return new Real(pattern, flags);
  } as unknown as RE2Class;
}

/**
 * Install the stand-in. A no-op when the runtime module is not resolvable or already loaded, or
 * under a loader whose module cache cannot be written (jest's): RE2 is then used as it ships.
 */
export function useJavaScriptEquivalents(): void {
  const resolved = resolveFromPackage('@kubernetes-models/prometheus-operator', '@kubernetes-models/validate/runtime/re2');
  if (!resolved || require.cache[resolved]) return;
  const load = realLoader(resolved);
  installStandIn(resolved, { __esModule: true, default: compatibleRE2(() => load().default as RE2Class) });
}

useJavaScriptEquivalents();
