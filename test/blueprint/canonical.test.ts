import { sortKeys, toCanonicalJson, toYamlDocuments } from '../../lib/blueprint/canonical';

describe('canonical output', () => {
  it('sorts keys recursively and keeps array order', () => {
    expect(JSON.stringify(sortKeys({ b: 1, a: { d: [3, 1], c: undefined, b: 2 } }))).toBe('{"a":{"b":2,"d":[3,1]},"b":1}');
  });
  it('renders the same bytes whatever the insertion order', () => {
    expect(toCanonicalJson({ x: 1, y: 2 })).toBe(toCanonicalJson({ y: 2, x: 1 }));
    expect(toYamlDocuments([{ kind: 'A', apiVersion: 'v1' }, { b: 1 }])).toBe('apiVersion: v1\nkind: A\n---\nb: 1\n');
  });
});
