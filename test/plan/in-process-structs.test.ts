/**
 * While a plan runs, protobuf Structs made from JavaScript stay JavaScript (the mock monitor only
 * passes them along): they must read back exactly as the protobuf would, and the swap must end
 * with the plan.
 */
import { createRequire } from 'node:module';
import { Key } from '@pulumi/aws/kms';
import { keepStructsInProcess } from '../../lib/plan/in-process-structs';
import { planProgram } from '../../lib/plan/planner';

interface StructLike {
  toJavaScript(): Record<string, unknown>;
  getFieldsMap(): { getLength(): number };
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Struct } = createRequire(require.resolve('@pulumi/pulumi/runtime/resource'))('google-protobuf/google/protobuf/struct_pb') as {
  Struct: { fromJavaScript(value: Record<string, unknown>): StructLike };
};

/** Values with what a Struct changes: key order (integer-like keys too), nesting, nulls, numbers. */
const SAMPLE = { b: 1, a: { z: [1, null, 'x', { y: true, x: false }], c: 'é' }, '10': 0.5, '9': -3, C: { '': [] }, n: Number.MAX_SAFE_INTEGER };

describe('keepStructsInProcess', () => {
  it('reads back what the protobuf round trip gives, key order included, without building the protobuf', () => {
    const original = Struct.fromJavaScript;
    const expected = Struct.fromJavaScript(SAMPLE).toJavaScript();
    const restore = keepStructsInProcess();
    try {
      expect(Struct.fromJavaScript).not.toBe(original);
      const kept = Struct.fromJavaScript(SAMPLE);
      expect(JSON.stringify(kept.toJavaScript())).toBe(JSON.stringify(expected));
      // Anything beyond toJavaScript still answers as the protobuf would.
      expect(kept.getFieldsMap().getLength()).toBe(Object.keys(SAMPLE).length);
    } finally {
      restore();
    }
    expect(Struct.fromJavaScript).toBe(original);
  });

  it('copies the value when made, as the protobuf does', () => {
    const restore = keepStructsInProcess();
    try {
      const value = { list: [1, 2], inner: { a: 1 } };
      const kept = Struct.fromJavaScript(value);
      value.list.push(3);
      value.inner.a = 2;
      expect(kept.toJavaScript()).toEqual({ inner: { a: 1 }, list: [1, 2] });
    } finally {
      restore();
    }
  });

  it('refuses what a Struct cannot hold, with the protobuf error', () => {
    const message = (() => {
      try {
        Struct.fromJavaScript({ a: undefined });
      } catch (error) {
        return (error as Error).message;
      }
      return 'no error';
    })();
    const restore = keepStructsInProcess();
    try {
      expect(() => Struct.fromJavaScript({ a: undefined })).toThrow(message);
      expect(() => Struct.fromJavaScript({ a: [() => 1] })).toThrow(message);
    } finally {
      restore();
    }
  });

  it('is on for the plan only: outputs resolve to the mocks, and Structs are protobuf again after it', async () => {
    const original = Struct.fromJavaScript;
    let arn: string | undefined;
    const plan = await planProgram('s', { region: 'eu-west-1', accountId: '111111111111' }, () => {
      const key = new Key('k', { description: 'd', tags: { b: '2', a: '1' } });
      key.arn.apply((value) => (arn = value));
    });
    expect(plan.map((r) => [r.name, r.inputs])).toEqual([['k', { description: 'd', tags: { a: '1', b: '2' } }]]);
    expect(arn).toBe('arn:aws:kms:eu-west-1:111111111111:key/k');
    expect(Struct.fromJavaScript).toBe(original);
  });
});
