/**
 * Pulumi captures a stack trace (`new Error().stack`) for every promise its runtime creates
 * (runtime/debuggable.js), only to print it if the promise is still pending when the process
 * exits and PULUMI_DEBUG_PROMISE_LEAKS is set. The SDK has no switch for the capture itself,
 * and it is one of the largest costs of an offline plan (tens of thousands of promises per
 * environment, hundreds of thousands at 1000 tenants). The offline planner turns the capture
 * off for the duration of a plan; leak tracking itself is left as it is. `pulumi up` never
 * runs the planner, so a real deployment keeps Pulumi's behaviour.
 */

type DebuggablePromise = <T>(p: Promise<T>, ctx: unknown) => Promise<T>;

interface DebuggableModule {
  debugPromiseLeaks: boolean;
  debuggablePromise: DebuggablePromise;
}

// Internal since Pulumi 1.x; callers read `debuggable_1.debuggablePromise` at call time, so
// replacing the export reaches every one of them.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const debuggable = require('@pulumi/pulumi/runtime/debuggable') as DebuggableModule;

const original = debuggable.debuggablePromise;

/** Same promise, same leak tracking; the `_debugStackTrace` it records is `"Error"`, without frames. */
const withoutStackTrace: DebuggablePromise = (p, ctx) => {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return original(p, ctx);
  } finally {
    Error.stackTraceLimit = limit;
  }
};

let active = 0;

/**
 * Stop Pulumi capturing a stack trace per promise until the returned function is called
 * (calls nest). Kept on when PULUMI_DEBUG_PROMISE_LEAKS is set: whoever set it wants the traces.
 */
export function skipPromiseStackTraces(): () => void {
  if (debuggable.debugPromiseLeaks) return () => {};
  if (active++ === 0) debuggable.debuggablePromise = withoutStackTrace;
  let restored = false;
  return () => {
    if (restored) return;
    restored = true;
    if (--active === 0) debuggable.debuggablePromise = original;
  };
}
