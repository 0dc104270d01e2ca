import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fieldPath, loadManifestFile, validateObjects } from './schema';

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
const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'apps' },
  spec: {
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.29' }] } },
  },
};
const unknownField = 'unknown field: not in the kubernetes-models-1.36 schema, so the API server would drop it (or reject it under strict field validation)';

describe('validateObjects: built-in kinds (kubernetes-models, Kubernetes 1.36)', () => {
  it('accepts valid objects', () => {
    expect(validateObjects([namespace, deployment])).toEqual([]);
  });

  it('knows fields added up to Kubernetes 1.36 (PodSpec.hostnameOverride is 1.34)', () => {
    const spec = { ...deployment.spec.template.spec, hostnameOverride: 'web' };
    expect(validateObjects([{ ...deployment, spec: { ...deployment.spec, template: { ...deployment.spec.template, spec } } }])).toEqual([]);
  });

  it('rejects a wrong-typed field', () => {
    expect(validateObjects([{ ...namespace, metadata: { name: 'team-a', labels: { a: 1 } } }])).toEqual(['Namespace/team-a: metadata.labels.a: must be string']);
  });

  it('rejects a missing required field', () => {
    const { selector: _omitted, ...spec } = deployment.spec;
    expect(validateObjects([{ ...deployment, spec }])).toEqual(['Deployment/apps/web: spec.selector: required field is missing']);
  });

  it('rejects an unknown field, at any depth', () => {
    const containers = [{ ...deployment.spec.template.spec.containers[0], imagePullPolicyy: 'Always' }];
    expect(
      validateObjects([
        { ...namespace, metadata: { ...namespace.metadata, lables: { x: 'y' } } },
        { ...deployment, spec: { ...deployment.spec, template: { ...deployment.spec.template, spec: { containers } } } },
        { ...namespace, specc: {} },
      ]),
    ).toEqual([
      `Namespace/team-a: metadata.lables: ${unknownField}`,
      `Deployment/apps/web: spec.template.spec.containers[0].imagePullPolicyy: ${unknownField}`,
      `Namespace/team-a: specc: ${unknownField}`,
    ]);
  });

  it('accepts arbitrary keys where the schema is a map (labels, annotations)', () => {
    expect(validateObjects([{ ...namespace, metadata: { name: 'x', annotations: { 'any/key': 'v' } } }])).toEqual([]);
  });

  it('knows properties named "description", which the compiled validators never read', () => {
    const priority = { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'p' }, value: 1, description: 'd' };
    expect(validateObjects([priority])).toEqual([]);
  });

  it('validates ValidatingAdmissionPolicy (admissionregistration.k8s.io/v1)', () => {
    const policy = {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicy',
      metadata: { name: 'p' },
      spec: { failurePolicy: 'Fail', validations: [{ expression: 'true' }], matchConstraints: { resourceRules: [] } },
    };
    expect(validateObjects([policy])).toEqual([]);
    expect(validateObjects([{ ...policy, spec: { ...policy.spec, validation: [] } }])).toEqual([`ValidatingAdmissionPolicy/p: spec.validation: ${unknownField}`]);
  });

  it('rejects an unknown apiVersion/kind instead of skipping it', () => {
    const errors = validateObjects([
      { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } },
      { apiVersion: 'v1', kind: 'Namespaces', metadata: { name: 'typo' } },
    ]);
    expect(errors).toEqual([
      'Widget/w: (root): example.com/v1/Widget: no installed CRD defines it and no schema package models it, so it cannot be validated (and the API server would not know it)',
      'Namespaces/typo: (root): v1/Namespaces: no installed CRD defines it and no schema package models it, so it cannot be validated (and the API server would not know it)',
    ]);
  });
});

describe('validateObjects: custom resources whose CRD the object set does not install', () => {
  it('falls back to the @kubernetes-models package that models them', () => {
    expect(validateObjects([certificate])).toEqual([]);
    const { secretName: _omitted, ...spec } = certificate.spec;
    expect(validateObjects([{ ...certificate, spec }])).toEqual(['Certificate/istio-system/wildcard: spec.secretName: required field is missing']);
    const typo = { ...certificate, spec: { ...certificate.spec, issuerRef: { ...certificate.spec.issuerRef, kidn: 'Issuer' } } };
    expect(validateObjects([typo])).toEqual([
      'Certificate/istio-system/wildcard: spec.issuerRef.kidn: unknown field: not in the @kubernetes-models/cert-manager schema, so the API server would drop it (or reject it under strict field validation)',
    ]);
  });

  it('validates Karpenter objects through the ESM-only package in the worker', () => {
    expect(validateObjects([nodePool])).toEqual([]);
    const errors = validateObjects([{ ...nodePool, spec: { template: { spec: { nodeClassRef: { group: 1 } } } } }]);
    expect(errors).toContain('NodePool/general: spec.template.spec.requirements: required field is missing');
    expect(errors).toContain('NodePool/general: spec.template.spec.nodeClassRef.group: must be string');
  });
});

describe('fieldPath', () => {
  it('writes JSON pointers as field paths, bracketing indices and keys that are not identifiers', () => {
    expect(fieldPath('')).toBe('(root)');
    expect(fieldPath('/spec/containers/0/image')).toBe('spec.containers[0].image');
    expect(fieldPath('/metadata/labels/app.kubernetes.io~1name')).toBe('metadata.labels["app.kubernetes.io/name"]');
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
