/**
 * The size an environment may have in one process. Memory grows with the Kubernetes objects an
 * environment synthesizes (manifests, plan records, rendered text: ~BYTES_PER_OBJECT each at the
 * peak); past the V8 heap that is a "JavaScript heap out of memory" crash after minutes, with
 * nothing written. Checked once the objects are known, before the plan and the rendering (most
 * of the memory), it fails in seconds instead, saying how big the input is and how to go on.
 */
import { getHeapStatistics } from 'node:v8';
import { SpecValidationError } from '../spec/errors';

/** Peak memory per Kubernetes object of an environment, with margin (measured peak RSS: ~17 KiB per object at 1000 and at 10 000 tenants). */
export const BYTES_PER_OBJECT = 24 * 1024;
/** What the rest of a run needs whatever its size (modules, charts, the Pulumi SDK). */
const BASELINE_BYTES = 400 * 1024 * 1024;
/** The environment variable that sets the limit. */
export const MAX_OBJECTS_VARIABLE = 'GROUNDWORK_MAX_OBJECTS';

/** The most objects an environment may have: GROUNDWORK_MAX_OBJECTS, else what fits in this process's heap. */
export function maxObjects(env: NodeJS.ProcessEnv = process.env, heapLimitBytes: number = getHeapStatistics().heap_size_limit): number {
  const set = env[MAX_OBJECTS_VARIABLE];
  if (set !== undefined && set.trim() !== '') {
    const n = Number(set);
    if (!Number.isInteger(n) || n < 1) {
      throw new SpecValidationError('environment', [
        { path: MAX_OBJECTS_VARIABLE, problem: `must be a positive whole number of Kubernetes objects (got ${JSON.stringify(set)})`, fix: `set ${MAX_OBJECTS_VARIABLE}=200000, or unset it to derive the limit from the heap size` },
      ]);
    }
    return n;
  }
  return Math.max(1, Math.floor((heapLimitBytes - BASELINE_BYTES) / BYTES_PER_OBJECT));
}

/** What the limit is checked against. */
export interface EnvironmentSize {
  /** The environment's name. */
  name: string;
  /** Its tenants. */
  tenants: number;
  /** Its Kubernetes objects, every chart. */
  objects: number;
}

/** Throw a SpecValidationError (the CLI exits 2, nothing written) when `size` is over `limit`. */
export function assertWithinSizeLimit(size: EnvironmentSize, limit: number = maxObjects()): void {
  if (size.objects <= limit) return;
  const heapMiB = Math.round(getHeapStatistics().heap_size_limit / 1048576);
  const neededMiB = Math.ceil((BASELINE_BYTES + size.objects * BYTES_PER_OBJECT) / 1048576);
  throw new SpecValidationError(size.name, [
    {
      path: 'tenants',
      problem:
        `${size.tenants} tenants make ${size.objects} Kubernetes objects, over the limit of ${limit} for one run ` +
        `(${process.env[MAX_OBJECTS_VARIABLE] ? `${MAX_OBJECTS_VARIABLE}=${process.env[MAX_OBJECTS_VARIABLE]}` : `what a ${heapMiB} MiB heap holds at ~${BYTES_PER_OBJECT / 1024} KiB per object`}); nothing was written`,
      fix:
        `split the tenants across environments, or raise the limit: ${MAX_OBJECTS_VARIABLE}=${size.objects} with a heap of at least ${neededMiB} MiB ` +
        `(NODE_OPTIONS=--max-old-space-size=${neededMiB})`,
    },
  ]);
}
