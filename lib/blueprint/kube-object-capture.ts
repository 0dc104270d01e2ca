/**
 * What a `@pulumi/kubernetes` class would register for one object — its type token and its
 * inputs — without registering it. The class's own constructor runs (it picks the fields it
 * sends, constants such as `apiVersion`, secret wrapping) with the Pulumi base class swapped for
 * one that only records its `super(type, name, inputs, opts)` call. The offline planner records
 * Kubernetes objects this way: going through the SDK costs ~2 ms and ~50 KB in flight per object
 * (promises, protobuf, stack traces), for a registration whose outcome the mocks fix in advance.
 */
import type { KubeResourceClass } from './kube-resource-class';
import type { KubeObject } from './manifests';

/** A registration the class asked for. */
export interface CapturedRegistration {
  /** The type token (`kubernetes:core/v1:Namespace`). */
  type: string;
  /** The inputs the class passed (plain JSON; undefined fields and items are left to the planner's normalization). */
  inputs: Record<string, unknown>;
}

let captured: { type: string; inputs: Record<string, unknown> } | undefined;

/** Stands in for `pulumi.CustomResource` during one constructor call: keeps the arguments, registers nothing. */
class RecordingBase {
  constructor(type: string, _name: string, inputs: Record<string, unknown>) {
    captured = { type, inputs };
  }
}

/**
 * Whether Pulumi would serialize `value` as plain JSON: strings, booleans, finite numbers, null,
 * arrays and plain objects of them, undefined object fields and array items allowed (Pulumi drops
 * the one and writes null for the other, as the plan's JSON text does). False when the value holds
 * anything else (an Output, a secret, a resource, a promise): such an object must go through the
 * SDK, which knows how to serialize it. Nothing is copied: the planner's normalization makes the
 * record's one copy.
 */
function isPlainInputs(value: unknown): boolean {
  if (value === null || value === undefined || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!isPlainInputs(value[i])) return false;
    return true;
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const key of Object.keys(value)) if (!isPlainInputs((value as Record<string, unknown>)[key])) return false;
    return true;
  }
  return false;
}

/**
 * The registration `new Resource(name, object, opts)` would make, or undefined when its inputs are
 * not plain JSON (a Secret's data is wrapped as a secret: the SDK must register it).
 */
export function captureRegistration(Resource: KubeResourceClass, name: string, object: KubeObject, opts: object): CapturedRegistration | undefined {
  const base = Object.getPrototypeOf(Resource) as object;
  // `super(...)` calls the constructor's prototype at call time: swapped for this call only,
  // synchronously, so nothing else can construct the class in between.
  Object.setPrototypeOf(Resource, RecordingBase);
  captured = undefined;
  try {
    new Resource(name, object, { ...opts });
  } finally {
    Object.setPrototypeOf(Resource, base);
  }
  const call = captured as { type: string; inputs: Record<string, unknown> } | undefined;
  captured = undefined;
  if (!call) throw new Error(`captureRegistration: ${Resource.name} did not call its base constructor`);
  return isPlainInputs(call.inputs) ? { type: call.type, inputs: call.inputs } : undefined;
}
