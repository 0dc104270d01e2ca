import { sortKeys, toCanonicalJson, toYamlDocuments } from '../../lib/blueprint/canonical';

describe('canonical output', () => {
  it('sorts keys recursively and keeps array order', () => {
    expect(JSON.stringify(sortKeys({ b: 1, a: { d: [3, 1], c: undefined, b: 2 } }))).toBe('{"a":{"b":2,"d":[3,1]},"b":1}');
  });
  it('renders the same bytes whatever the insertion order', () => {
    expect(toCanonicalJson({ x: 1, y: 2 })).toBe(toCanonicalJson({ y: 2, x: 1 }));
    expect(toYamlDocuments([{ kind: 'A', apiVersion: 'v1' }, { b: 1 }])).toBe('apiVersion: v1\nkind: A\n---\nb: 1\n');
  });
  it('writes what sorting a copy would, whether a part is canonical already or not, and leaves the input as it was', () => {
    class Model {
      constructor(public z = 1, public a = { y: 2, b: undefined }) {}
    }
    const nullProto = Object.assign(Object.create(null) as Record<string, unknown>, { b: 1, a: 2 });
    const inputs: unknown[] = [
      { a: 1, b: { c: [1, { d: 2, e: [3] }], f: 'x' } }, // canonical throughout
      { a: 1, b: { c: [1, { e: [3], d: 2 }] } }, // unsorted deep inside an array
      { a: undefined, b: [undefined, null, { c: undefined }] }, // undefined members dropped, array items kept
      { b: new Model(), a: new Date(0), c: nullProto, d: [new Model()] },
      [{ b: 1, a: 2 }, [[{ y: 1, x: 2 }]], 'plain', 7, null],
      { same: { k: 1 }, other: { k: 1 } },
    ];
    for (const input of inputs) {
      const before = JSON.stringify(input);
      expect(toCanonicalJson(input)).toBe(`${JSON.stringify(sortKeys(input), null, 2)}\n`);
      if (input && typeof input === 'object' && !Array.isArray(input)) {
        expect(toYamlDocuments([input])).toBe(toYamlDocuments([sortKeys(input) as object]));
      }
      expect(JSON.stringify(input)).toBe(before);
    }
  });
});
