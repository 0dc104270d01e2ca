import { hashCrdSchemas, schemaDigest, serialize, test as handles } from './snapshot-serializer';

const crd = (schema: object) => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'gateways.gateway.networking.k8s.io' },
  spec: { versions: [{ name: 'v1', schema: { openAPIV3Schema: schema } }] },
});

describe('snapshot serializer', () => {
  it('replaces every openAPIV3Schema (manifests and cloud.json inputs) by the digest of its canonical JSON, leaving the rest', () => {
    const schema = { type: 'object', properties: { spec: { type: 'object' } } };
    const group = { type: 'kubernetes:yaml:ConfigGroup', inputs: { objs: [crd(schema)] } };
    const record = { type: 'kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition', inputs: crd(schema) };
    const [hashedGroup, hashedRecord] = hashCrdSchemas([group, record] as const);
    expect(hashedGroup.inputs.objs[0].spec.versions[0]).toEqual({ name: 'v1', schema: { openAPIV3Schema: schemaDigest(schema) } });
    expect(hashedRecord.inputs.spec.versions[0].schema.openAPIV3Schema).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(hashedRecord.inputs.metadata).toEqual(record.inputs.metadata);
    // The input is left intact: the files written to dist/ keep their schemas.
    expect(record.inputs.spec.versions[0].schema.openAPIV3Schema).toBe(schema);
  });

  it('hashes independently of key order, and differently when the schema changes', () => {
    expect(schemaDigest({ a: 1, b: { c: [1, 2] } })).toBe(schemaDigest({ b: { c: [1, 2] }, a: 1 }));
    expect(schemaDigest({ a: 1, b: { c: [1, 2] } })).not.toBe(schemaDigest({ a: 1, b: { c: [2, 1] } }));
  });

  it('handles objects holding a schema, and refuses text rendered before hashing', () => {
    expect(handles(crd({ type: 'object' }))).toBe(true);
    expect(handles(hashCrdSchemas(crd({ type: 'object' })))).toBe(false);
    expect(handles('openAPIV3Schema:\n  type: object\n')).toBe(true);
    expect(handles(`openAPIV3Schema: ${schemaDigest({})}\n`)).toBe(false);
    expect(handles(`"openAPIV3Schema": "${schemaDigest({})}"`)).toBe(false);
    expect(() => serialize('openAPIV3Schema:\n  type: object\n', {}, '', 0, [], () => '')).toThrow('call hashCrdSchemas()');
  });

  it('is applied to object snapshots', () => {
    expect(crd({ type: 'object' })).toMatchInlineSnapshot(`
{
  "apiVersion": "apiextensions.k8s.io/v1",
  "kind": "CustomResourceDefinition",
  "metadata": {
    "name": "gateways.gateway.networking.k8s.io",
  },
  "spec": {
    "versions": [
      {
        "name": "v1",
        "schema": {
          "openAPIV3Schema": "sha256:${schemaDigest({ type: 'object' }).slice(7)}",
        },
      },
    ],
  },
}
`);
  });
});
