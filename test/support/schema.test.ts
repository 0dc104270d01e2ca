import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadManifestFile, validateObjects } from './schema';

const namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a', labels: { a: 'b' } } };
const certificate = {
  apiVersion: 'cert-manager.io/v1',
  kind: 'Certificate',
  metadata: { name: 'wildcard', namespace: 'istio-system' },
  spec: { secretName: 'wildcard-tls', dnsNames: ['*.example.com'], issuerRef: { name: 'letsencrypt', kind: 'ClusterIssuer' } },
};
const nodePool = {
  apiVersion: 'karpenter.sh/v1',
  kind: 'NodePool',
  metadata: { name: 'general' },
  spec: {
    template: {
      spec: {
        nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'default' },
        requirements: [{ key: 'karpenter.sh/capacity-type', operator: 'In', values: ['spot'] }],
      },
    },
  },
};

describe('validateObjects', () => {
  it('accepts valid core and CRD objects', () => {
    expect(validateObjects([namespace, certificate])).toEqual([]);
  });

  it('rejects a wrong-typed field', () => {
    const errors = validateObjects([{ ...namespace, metadata: { name: 'team-a', labels: { a: 1 } } }]);
    expect(errors).toEqual([expect.stringMatching(/Namespace team-a: \/metadata\/labels\/a: must be string/)]);
  });

  it('rejects a missing required field', () => {
    const { secretName: _omitted, ...spec } = certificate.spec;
    const errors = validateObjects([{ ...certificate, spec }]);
    expect(errors).toEqual([expect.stringMatching(/Certificate istio-system\/wildcard: \/spec: must have required property '?secretName'?/)]);
  });

  it('rejects an unknown field, at any depth', () => {
    const errors = validateObjects([
      { ...namespace, metadata: { ...namespace.metadata, lables: { x: 'y' } } },
      { ...certificate, spec: { ...certificate.spec, issuerRef: { ...certificate.spec.issuerRef, kidn: 'Issuer' } } },
      { ...namespace, specc: {} },
    ]);
    expect(errors).toEqual([
      expect.stringMatching(/#0 .*\/metadata\/lables: unknown field/),
      expect.stringMatching(/#1 .*\/spec\/issuerRef\/kidn: unknown field/),
      expect.stringMatching(/#2 .*\/specc: unknown field/),
    ]);
  });

  it('accepts arbitrary keys where the schema is a map (labels, annotations)', () => {
    expect(validateObjects([{ ...namespace, metadata: { name: 'x', annotations: { 'any/key': 'v' } } }])).toEqual([]);
  });

  it('knows properties named "description", which the compiled validators never read', () => {
    const priority = { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'p' }, value: 1, description: 'd' };
    expect(validateObjects([priority])).toEqual([]);
  });

  it('rejects an unknown apiVersion/kind instead of skipping it', () => {
    const errors = validateObjects([
      { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } },
      { apiVersion: 'v1', kind: 'Namespaces', metadata: { name: 'typo' } },
    ]);
    expect(errors).toHaveLength(2);
    expect(errors.every((e) => /unknown apiVersion\/kind/.test(e))).toBe(true);
  });

  it('validates Karpenter objects through the ESM package in a child process', () => {
    expect(validateObjects([nodePool])).toEqual([]);
    const bad = { ...nodePool, spec: { template: { spec: { nodeClassRef: { group: 1 } } } } };
    const errors = validateObjects([bad]);
    expect(errors.some((e) => /NodePool general: \/spec\/template\/spec: must have required property '?requirements'?/.test(e))).toBe(true);
    expect(errors.some((e) => /nodeClassRef\/group: must be string/.test(e))).toBe(true);
    const unknown = { ...nodePool, spec: { ...nodePool.spec, weigth: 10 } };
    expect(validateObjects([unknown])).toEqual([expect.stringMatching(/\/spec\/weigth: unknown field/)]);
  });
});

describe('loadManifestFile', () => {
  it('parses every document of a multi-document file and skips empty ones', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gw-schema-'));
    const file = join(dir, 'm.yaml');
    writeFileSync(file, 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n---\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: b\n');
    expect(loadManifestFile(file)).toEqual([
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'b' } },
    ]);
  });
});
