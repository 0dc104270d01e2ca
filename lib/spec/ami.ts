/**
 * Node images: which EKS AMI type a pool's instance types need (CPU architecture, GPU or Neuron
 * drivers) and what is wrong with an explicit choice. Shared by the spec rules and the
 * `NodePool` construct, so both report the same messages, and by Karpenter's EC2NodeClass.
 */

/**
 * EKS managed node group AMI types groundwork offers (EKS API `Nodegroup.amiType`). AL2 is
 * end-of-life; Bottlerocket has no Neuron image for node groups.
 */
export const AMI_TYPES = [
  'AL2023_x86_64_STANDARD',
  'AL2023_ARM_64_STANDARD',
  'AL2023_x86_64_NVIDIA',
  'AL2023_ARM_64_NVIDIA',
  'AL2023_x86_64_NEURON',
  'BOTTLEROCKET_x86_64',
  'BOTTLEROCKET_ARM_64',
  'BOTTLEROCKET_x86_64_NVIDIA',
  'BOTTLEROCKET_ARM_64_NVIDIA',
] as const;

/** An EKS AMI type. */
export type AmiType = (typeof AMI_TYPES)[number];

/** CPU architecture of an instance type or image. */
export type Architecture = 'x86_64' | 'arm64';
/** Accelerator drivers an instance type needs or an image carries. */
export type Accelerator = 'none' | 'nvidia' | 'neuron';
/** Operating system family (Karpenter alias family). */
export type OsFamily = 'al2023' | 'bottlerocket';

/** Graviton families carry a `g` after the generation (`m7g`, `c6gn`, `r8gd`, `g5g`); `g5` is an x86 GPU family; `a1` is Graviton 1. */
export function isArmInstanceType(instanceType: string): boolean {
  return /^[a-z]+\d+[a-z]*g[a-z]*\./.test(instanceType) || instanceType.startsWith('a1.');
}

/** Families with NVIDIA GPUs (EC2 accelerated computing: G and P families; g4ad is AMD, so absent). */
const NVIDIA_FAMILIES = /^(g4dn|g5|g5g|g6|g6e|g6f|gr6|gr6f|g7e|p3|p3dn|p4d|p4de|p5|p5e|p5en|p6-b200|p6-b300|p6e-gb200)$/;
/** Families with AWS Inferentia / Trainium chips (Neuron SDK drivers). */
const NEURON_FAMILIES = /^(inf1|inf2|trn1|trn1n|trn2|trn2u)$/;

/** Accelerator of an instance type, read from its family. */
export function acceleratorOf(instanceType: string): Accelerator {
  const family = instanceType.split('.')[0];
  if (NVIDIA_FAMILIES.test(family)) return 'nvidia';
  if (NEURON_FAMILIES.test(family)) return 'neuron';
  return 'none';
}

/** Architecture of an instance type. */
export function architectureOf(instanceType: string): Architecture {
  return isArmInstanceType(instanceType) ? 'arm64' : 'x86_64';
}

/** What an AMI type is made of. */
export function amiTypeTraits(amiType: AmiType): { os: OsFamily; architecture: Architecture; accelerator: Accelerator } {
  return {
    os: amiType.startsWith('BOTTLEROCKET') ? 'bottlerocket' : 'al2023',
    architecture: amiType.includes('ARM_64') ? 'arm64' : 'x86_64',
    accelerator: amiType.endsWith('NVIDIA') ? 'nvidia' : amiType.endsWith('NEURON') ? 'neuron' : 'none',
  };
}

/** The AMI type of `os` for an architecture and accelerator, or undefined when none exists (ARM Neuron, Bottlerocket Neuron). */
export function amiTypeFor(os: OsFamily, architecture: Architecture, accelerator: Accelerator): AmiType | undefined {
  return AMI_TYPES.find((t) => {
    const traits = amiTypeTraits(t);
    return traits.os === os && traits.architecture === architecture && traits.accelerator === accelerator;
  });
}

/**
 * Default AMI type of a pool: Amazon Linux 2023, ARM when every type is Graviton, NVIDIA or Neuron
 * drivers when the types have those chips. For a pool that mixes (an error reported by
 * `amiTypeProblems`) the first type decides.
 */
export function defaultAmiType(instanceTypes: readonly string[]): AmiType {
  const architecture: Architecture = instanceTypes.length > 0 && instanceTypes.every(isArmInstanceType) ? 'arm64' : 'x86_64';
  const accelerator = instanceTypes.length > 0 ? acceleratorOf(instanceTypes[0]) : 'none';
  return amiTypeFor('al2023', architecture, accelerator) ?? 'AL2023_x86_64_STANDARD';
}

/** One problem with a pool's image: which of the pool's fields it is about, what is wrong, the fix. */
export interface AmiProblem {
  field: 'instanceTypes' | 'amiType';
  problem: string;
  fix: string;
}

const ACCELERATOR_NAME: Record<Accelerator, string> = { none: 'no accelerator', nvidia: 'NVIDIA GPUs', neuron: 'AWS Inferentia/Trainium (Neuron) chips' };
const DRIVERS: Record<Accelerator, string> = { none: 'no accelerator drivers', nvidia: 'the NVIDIA drivers', neuron: 'the Neuron drivers' };

/**
 * What is wrong with a pool's types and (explicit) image: mixed architectures or accelerators in
 * one pool (a node group has one image), and an explicit `amiType` whose architecture or drivers
 * do not match the types.
 */
export function amiTypeProblems(instanceTypes: readonly string[], amiType: AmiType | undefined): AmiProblem[] {
  const problems: AmiProblem[] = [];
  if (instanceTypes.length === 0) return problems;
  const firstOf = <K extends string>(key: (t: string) => K): Map<K, string> => {
    const seen = new Map<K, string>();
    for (const t of instanceTypes) if (!seen.has(key(t))) seen.set(key(t), t);
    return seen;
  };
  const arches = firstOf(architectureOf);
  const accels = firstOf(acceleratorOf);
  if (arches.size > 1) {
    problems.push({
      field: 'instanceTypes',
      problem: `pool mixes architectures: ${[...arches].map(([a, t]) => `${t} is ${a}`).join(', ')}; one node group runs one image`,
      fix: 'split the pool into one pool per architecture (Graviton types such as m7g.large in their own pool)',
    });
  }
  if (accels.size > 1) {
    problems.push({
      field: 'instanceTypes',
      problem: `pool mixes accelerators: ${[...accels].map(([a, t]) => `${t} has ${ACCELERATOR_NAME[a]}`).join(', ')}; one node group runs one image`,
      fix: 'put GPU / Neuron types in a pool of their own',
    });
  }
  if (amiType === undefined || arches.size > 1 || accels.size > 1) return problems;
  const traits = amiTypeTraits(amiType);
  const [[architecture, archType]] = [...arches];
  const [[accelerator, accelType]] = [...accels];
  const suggested = amiTypeFor(traits.os, architecture, accelerator) ?? amiTypeFor('al2023', architecture, accelerator);
  const fix = `use amiType: "${suggested}" (or omit amiType: it is derived from the instance types)`;
  if (traits.architecture !== architecture) {
    problems.push({ field: 'amiType', problem: `${amiType} is an ${traits.architecture} image but ${archType} is ${architecture}`, fix });
  }
  if (traits.accelerator !== accelerator) {
    problems.push({
      field: 'amiType',
      problem: `${accelType} has ${ACCELERATOR_NAME[accelerator]} but ${amiType} carries ${DRIVERS[traits.accelerator]}`,
      fix: suggested === amiTypeFor(traits.os, architecture, accelerator) ? fix : `${fix}; ${traits.os === 'bottlerocket' ? 'Bottlerocket has no Neuron node-group image' : 'no such image exists'}`,
    });
  }
  return problems;
}

/** Bottlerocket's OS volume `/dev/xvda` in GiB (its AMI's size); images and pod storage live on the data volume `/dev/xvdb`, which gets the pool's disk size. */
export const BOTTLEROCKET_OS_VOLUME_GIB = 4;

/** Karpenter `amiSelectorTerms` alias family of an image: al2023 picks the NVIDIA / Neuron variant per instance type itself. */
export function karpenterAmiFamily(amiType: AmiType): OsFamily {
  return amiTypeTraits(amiType).os;
}
