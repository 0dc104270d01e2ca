/**
 * What Pulumi's runtime records only for debugging, switched off while the offline planner runs.
 *
 * - A stack trace per promise (runtime/debuggable.js: `new Error().stack`, three properties and
 *   two derived promises), only printed if the promise is still pending when the process exits
 *   and PULUMI_DEBUG_PROMISE_LEAKS is set: tens of thousands of promises per environment,
 *   hundreds of thousands at 1000 tenants.
 * - A full call stack per resource (resource.js `Resource.stackTrace`: `new Error().stack` with no
 *   frame limit, a regexp and a `file://` URL per frame), sent to the engine as the resource's
 *   source position. The mock monitor drops it unread.
 *
 * The SDK has no switch for either; the planner swaps them for their data-free equivalents for the
 * duration of a plan. Leak tracking stays as it is (every promise is a leak candidate until it
 * settles, and Pulumi's exit check still runs). `pulumi up` never runs the planner, so a real
 * deployment keeps Pulumi's behaviour, source positions included.
 */

type DebuggablePromise = <T>(p: Promise<T>, ctx: unknown) => Promise<T>;

interface DebuggableModule {
  debugPromiseLeaks: boolean;
  debuggablePromise: DebuggablePromise;
}

interface ResourceClass {
  stackTrace(skip: number): unknown[];
}

// Internal since Pulumi 1.x; callers read `debuggable_1.debuggablePromise` and
// `Resource.stackTrace` at call time, so replacing them reaches every caller.
/* eslint-disable @typescript-eslint/no-require-imports */
const debuggable = require('@pulumi/pulumi/runtime/debuggable') as DebuggableModule;
const state = require('@pulumi/pulumi/runtime/state') as { getStore(): { leakCandidates: Set<Promise<unknown>> } };
const { Resource } = require('@pulumi/pulumi/resource') as { Resource: ResourceClass };
/* eslint-enable @typescript-eslint/no-require-imports */

const originalPromise = debuggable.debuggablePromise;
const originalStackTrace = Resource.stackTrace;

/**
 * Pulumi's debuggablePromise without the debugging data: the promise is a leak candidate until it
 * settles (a rejection still names its promise, as Pulumi's does). Its id, context and trace —
 * three property definitions that were a twentieth of a plan — are left out: Pulumi prints them
 * only in the exit-time leak report, which a plan never reaches (it waits for every registration
 * and fails with its own message when one never completes).
 */
const withoutStackTrace: DebuggablePromise = (p) => {
  const candidates = state.getStore().leakCandidates;
  candidates.add(p);
  return p.then(
    (value) => {
      candidates.delete(p);
      return value;
    },
    (error: unknown) => {
      candidates.delete(p);
      if (error && typeof error === 'object') (error as { promise?: unknown }).promise = p;
      throw error;
    },
  );
};

/** No call stack, as Pulumi reports for a resource whose stack it cannot read. */
const noStackTrace = (): unknown[] => [];

let active = 0;

/**
 * Stop Pulumi's debugging captures until the returned function is called (calls nest). Promise
 * traces stay on when PULUMI_DEBUG_PROMISE_LEAKS is set: whoever set it wants them.
 */
export function skipDebugCaptures(): () => void {
  if (active++ === 0) {
    if (!debuggable.debugPromiseLeaks) {
      // Pulumi schedules its exit-time leak check with its first promise: make sure it is
      // scheduled, by one promise of Pulumi's own (its trace frameless too).
      const limit = Error.stackTraceLimit;
      Error.stackTraceLimit = 0;
      try {
        void originalPromise(Promise.resolve(), 'groundwork offline plan');
      } finally {
        Error.stackTraceLimit = limit;
      }
      debuggable.debuggablePromise = withoutStackTrace;
    }
    Resource.stackTrace = noStackTrace;
  }
  let restored = false;
  return () => {
    if (restored) return;
    restored = true;
    if (--active === 0) {
      debuggable.debuggablePromise = originalPromise;
      Resource.stackTrace = originalStackTrace;
    }
  };
}
