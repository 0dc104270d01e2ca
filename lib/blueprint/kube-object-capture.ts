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
  /** The inputs as Pulumi would serialize them: plain JSON, undefined fields left out. */
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
 * Plain JSON as Pulumi serializes it: an object's undefined fields dropped, an array's undefined
 * items null. Undefined when the value holds anything else (an Output, a secret, a resource, a
 * promise): such an object must go through the SDK, which knows how to serialize it.
 */
function plainInputs(value: unknown): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (Array.isArray(value)) {
    const out: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) {
      const item = value[i] === undefined ? null : plainInputs(value[i]);
      if (item === undefined) return undefined;
      out[i] = item;
    }
    return out;
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const field = (value as Record<string, unknown>)[key];
      if (field === undefined) continue;
      const plain = plainInputs(field);
      if (plain === undefined) return undefined;
      out[key] = plain;
    }
    return out;
  }
  return undefined;
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
  const inputs = plainInputs(call.inputs) as Record<string, unknown> | undefined;
  return inputs === undefined ? undefined : { type: call.type, inputs };
}
