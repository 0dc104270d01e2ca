/**
 * Under mocks, every registration's inputs and the mock's answer are each turned into a protobuf
 * `Struct` (one `Value` object per field, nested) and straight back into JavaScript on the other
 * side of an in-process call: the mock monitor never serializes either. That round trip was the
 * largest single cost of Pulumi's part of an offline plan (google-protobuf's own code plus the
 * garbage it leaves). While a plan runs, `Struct.fromJavaScript` is swapped for one that keeps a
 * plain copy of the value and hands it back from `toJavaScript`, as the protobuf would: keys in
 * the sorted order protobuf's map iterates, the same errors for values a Struct cannot hold.
 * `pulumi up` never runs the planner: there the SDK talks to the engine over gRPC as before.
 */
import { createRequire } from 'node:module';

interface StructInstance {
  toJavaScript(): Record<string, unknown>;
  getFieldsMap(): unknown;
}
interface StructClass {
  new (): StructInstance;
  fromJavaScript(value: Record<string, unknown>): StructInstance;
}

// The copy of google-protobuf that @pulumi/pulumi loads (not a dependency of ours).
const pulumiRequire = createRequire(require.resolve('@pulumi/pulumi/runtime/resource'));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Struct = (pulumiRequire('google-protobuf/google/protobuf/struct_pb') as { Struct: StructClass }).Struct;
const original = Struct.fromJavaScript;

/** What `Value.fromJavaScript(value).toJavaScript()` gives: a deep copy, object keys sorted. */
function roundTrip(value: unknown): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = roundTrip(value[i]);
    return out;
  }
  if (typeof value === 'object') return roundTripObject(value as Record<string, unknown>);
  // Functions, undefined, symbols, bigints: what `Value.fromJavaScript` refuses.
  throw new Error('Unexpected struct type.');
}

function roundTripObject(obj: Record<string, unknown>): Record<string, unknown> {
  // `for…in` as `Struct.fromJavaScript` walks it (inherited enumerable keys included); the map sorts.
  const keys: string[] = [];
  for (const key in obj) keys.push(key);
  keys.sort();
  const out: Record<string, unknown> = {};
  for (const key of keys) out[key] = roundTrip(obj[key]);
  return out;
}

/**
 * A Struct that holds its value as JavaScript (copied when made, as protobuf would); anything
 * beyond `toJavaScript` gets the real protobuf.
 */
class InProcessStruct extends Struct {
  private real?: StructInstance;

  constructor(private readonly value: Record<string, unknown>) {
    super();
  }

  /**
   * The copy itself, not a copy per call: its readers under mocks (Pulumi's `deserializeProperties`,
   * the planner) only read it and build their own objects.
   */
  override toJavaScript(): Record<string, unknown> {
    return this.value;
  }

  override getFieldsMap(): unknown {
    this.real ??= original.call(Struct, this.value);
    return this.real.getFieldsMap();
  }
}

let active = 0;

/**
 * Until the returned function is called (calls nest), Structs made from JavaScript stay JavaScript.
 * Only for the mock monitor, which passes them along in process: a Struct made now serializes empty.
 */
export function keepStructsInProcess(): () => void {
  if (active++ === 0) Struct.fromJavaScript = (value) => new InProcessStruct(roundTripObject(value));
  let restored = false;
  return () => {
    if (restored) return;
    restored = true;
    if (--active === 0) Struct.fromJavaScript = original;
  };
}
