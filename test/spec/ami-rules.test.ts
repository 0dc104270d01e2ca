/**
 * Node images in the spec: the default derived from the instance types, and one test per
 * message when an explicit `amiType` does not fit the types (or the types do not fit one image).
 */
import { AMI_TYPES, amiTypeTraits, defaultAmiType, karpenterAmiFamily } from '../../lib/spec/ami';
import { applyDefaults } from '../../lib/spec/defaults';
import { dev, issuesOf, prod } from './helpers';

describe('default amiType', () => {
  it.each([
    [['m6i.large', 'm5.large'], 'AL2023_x86_64_STANDARD'],
    [['m7g.large', 'c7gn.large'], 'AL2023_ARM_64_STANDARD'],
    [['g5.xlarge', 'g6.xlarge', 'g4dn.xlarge'], 'AL2023_x86_64_NVIDIA'],
    [['p4d.24xlarge'], 'AL2023_x86_64_NVIDIA'],
    [['p5.48xlarge'], 'AL2023_x86_64_NVIDIA'],
    [['g5g.xlarge'], 'AL2023_ARM_64_NVIDIA'],
    [['inf2.xlarge', 'inf1.xlarge'], 'AL2023_x86_64_NEURON'],
    [['trn1.2xlarge'], 'AL2023_x86_64_NEURON'],
  ])('%j → %s', (types, expected) => {
    expect(defaultAmiType(types)).toBe(expected);
  });

  it('keeps every stock pool on AL2023 x86_64 standard (no stock output changes)', () => {
    for (const env of [dev, prod]) for (const pool of applyDefaults(env).nodePools) expect(pool.amiType).toBe('AL2023_x86_64_STANDARD');
  });

  it('maps every AMI type to its Karpenter alias family', () => {
    expect(AMI_TYPES.map((t) => `${t}:${karpenterAmiFamily(t)}`)).toEqual(
      AMI_TYPES.map((t) => `${t}:${t.startsWith('BOTTLEROCKET') ? 'bottlerocket' : 'al2023'}`),
    );
    expect(amiTypeTraits('BOTTLEROCKET_ARM_64_NVIDIA')).toEqual({ os: 'bottlerocket', architecture: 'arm64', accelerator: 'nvidia' });
  });
});

describe('amiType rules', () => {
  // Pool 0 of prod is the on-demand system pool (one type): the simplest place to try images.
  const system = (change: (pool: Record<string, any>) => void) => issuesOf((s) => change(s.nodePools[0]));

  it('accepts an explicit image that fits (Bottlerocket on x86_64)', () => {
    expect(system((p) => (p.amiType = 'BOTTLEROCKET_x86_64'))).toEqual([]);
  });

  it('refuses a GPU type with a standard image', () => {
    expect(system((p) => Object.assign(p, { instanceTypes: ['g5.xlarge'], amiType: 'AL2023_x86_64_STANDARD' }))).toEqual([
      {
        path: 'spec.nodePools[0].amiType',
        problem: 'g5.xlarge has NVIDIA GPUs but AL2023_x86_64_STANDARD carries no accelerator drivers',
        fix: 'use amiType: "AL2023_x86_64_NVIDIA" (or omit amiType: it is derived from the instance types)',
      },
    ]);
  });

  it('refuses a GPU image on types without GPUs', () => {
    expect(system((p) => (p.amiType = 'BOTTLEROCKET_x86_64_NVIDIA'))).toEqual([
      {
        path: 'spec.nodePools[0].amiType',
        problem: 'm6i.xlarge has no accelerator but BOTTLEROCKET_x86_64_NVIDIA carries the NVIDIA drivers',
        fix: 'use amiType: "BOTTLEROCKET_x86_64" (or omit amiType: it is derived from the instance types)',
      },
    ]);
  });

  it('refuses Bottlerocket for Neuron types (no such node-group image), pointing at AL2023 Neuron', () => {
    expect(system((p) => Object.assign(p, { instanceTypes: ['inf2.xlarge'], amiType: 'BOTTLEROCKET_x86_64' }))).toEqual([
      {
        path: 'spec.nodePools[0].amiType',
        problem: 'inf2.xlarge has AWS Inferentia/Trainium (Neuron) chips but BOTTLEROCKET_x86_64 carries no accelerator drivers',
        fix: 'use amiType: "AL2023_x86_64_NEURON" (or omit amiType: it is derived from the instance types); Bottlerocket has no Neuron node-group image',
      },
    ]);
  });

  it('refuses an arm64 image with x86_64 types', () => {
    expect(system((p) => (p.amiType = 'AL2023_ARM_64_STANDARD'))).toEqual([
      {
        path: 'spec.nodePools[0].amiType',
        problem: 'AL2023_ARM_64_STANDARD is an arm64 image but m6i.xlarge is x86_64',
        fix: 'use amiType: "AL2023_x86_64_STANDARD" (or omit amiType: it is derived from the instance types)',
      },
    ]);
  });

  it('refuses mixed architectures in one pool', () => {
    expect(system((p) => (p.instanceTypes = ['m6i.xlarge', 'm7g.xlarge']))).toEqual([
      {
        path: 'spec.nodePools[0].instanceTypes',
        problem: 'pool mixes architectures: m6i.xlarge is x86_64, m7g.xlarge is arm64; one node group runs one image',
        fix: 'split the pool into one pool per architecture (Graviton types such as m7g.large in their own pool)',
      },
    ]);
  });

  it('refuses GPU and standard types in one pool', () => {
    expect(system((p) => (p.instanceTypes = ['m6i.xlarge', 'g5.xlarge']))).toEqual([
      {
        path: 'spec.nodePools[0].instanceTypes',
        problem: 'pool mixes accelerators: m6i.xlarge has no accelerator, g5.xlarge has NVIDIA GPUs; one node group runs one image',
        fix: 'put GPU / Neuron types in a pool of their own',
      },
    ]);
  });

  it('refuses an AMI type that does not exist (schema)', () => {
    expect(system((p) => (p.amiType = 'AL2_x86_64'))).toEqual([expect.objectContaining({ path: 'spec.nodePools[0].amiType' })]);
  });
});
