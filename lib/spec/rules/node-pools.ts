/**
 * Rules for node pools: sizes, diversification of spot capacity, the system pool, and what
 * Karpenter needs to know about the pools it provisions.
 */
import { labelValueProblem, qualifiedNameProblem, reservedNodeLabelProblem, reservedTaintProblem } from '../kubernetes-keys';
import { AMI_TYPES, amiTypeProblems, type AmiType } from '../ami';
import { asArray, asNumber, asRecord, asString, DNS_LABEL, duplicates, type Raw, type Rule } from './context';
import { zoneCount } from './existing-vpc';

const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9]+$/;
const MIN_SPOT_TYPES = 3;
/** Root volume: below 20 GiB the AMI and images do not fit; gp3 volumes stop at 16 TiB. */
const DISK_GIB = { min: 20, max: 16384 } as const;
/** EKS service quota "Nodes per managed node group" (default, per region; docs.aws.amazon.com/eks/latest/userguide/service-quotas.html). */
export const MAX_NODE_GROUP_SIZE = 450;
/** The EKS node group API: label keys, label values and taint keys of at most 63 characters, at most 50 taints. */
const EKS_KEY_MAX = 63;
const EKS_MAX_TAINTS = 50;

/**
 * vCPUs of an EC2 instance type read from its size: `large` 2, `xlarge` 4, `<N>xlarge` 4N (every
 * current family, x86 and Graviton); undefined for sizes without a fixed count (`medium`, `metal`…).
 * An upper bound: families without SMT (hpc6a, hpc6id) have fewer, never more.
 */
export function instanceVcpus(instanceType: string): number | undefined {
  const size = instanceType.split('.')[1] ?? '';
  if (size === 'large') return 2;
  const m = /^(\d*)xlarge$/.exec(size);
  return m ? 4 * Number(m[1] || 1) : undefined;
}

/** Whether Karpenter provisions the spec's workload pools (Karpenter is the autoscaler and not disabled). */
export function karpenterProvisions(input: Raw): boolean {
  const addons = asRecord(input.addons) ?? {};
  // 'karpenter' is the autoscaler default (defaults.ts).
  return (addons.autoscaler ?? 'karpenter') === 'karpenter' && !asArray(addons.disabled).includes('karpenter');
}

/** Where a rule reports a problem: field path, what is wrong, the fix. */
export type Report = (p: string, problem: string, fix: string) => void;

/** Label keys and values; `nodeGroup` adds what the EKS node group API refuses on top of Kubernetes. */
function labelRules(labels: Raw, path: string, nodeGroup: boolean, report: Report): void {
  for (const key of Object.keys(labels).sort()) {
    const at = `${path}.labels.${key}`;
    const keyProblem = qualifiedNameProblem(key) ?? reservedNodeLabelProblem(key);
    if (keyProblem) report(at, `label key "${key}" ${keyProblem}`, 'use a key of your own domain, e.g. "example.com/workload-size" or "workload-size"');
    else if (nodeGroup && key.length > EKS_KEY_MAX) report(at, `label key "${key}" is ${key.length} characters; EKS node groups take keys of at most ${EKS_KEY_MAX}`, `shorten the key to at most ${EKS_KEY_MAX} characters, prefix included`);
    const value = asString(labels[key]);
    if (value === undefined) continue;
    const valueProblem = labelValueProblem(value);
    if (valueProblem) report(at, `label value "${value}" ${valueProblem}`, 'use at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit');
    else if (nodeGroup && value === '') report(at, 'label value is empty; EKS node groups refuse empty label values', 'give the label a value, e.g. "true"');
  }
}

/** Taint keys, values, duplicates and count. */
function taintRules(taints: unknown[], path: string, nodeGroup: boolean, report: Report): void {
  const seen = new Map<string, number>();
  taints.forEach((value, j) => {
    const taint = asRecord(value) ?? {};
    const key = asString(taint.key);
    if (key === undefined || key === '') return;
    const keyProblem = qualifiedNameProblem(key) ?? reservedTaintProblem(key);
    if (keyProblem) report(`${path}.taints[${j}].key`, `taint key "${key}" ${keyProblem}`, 'use a key of your own domain, e.g. "example.com/dedicated"');
    else if (nodeGroup && key.length > EKS_KEY_MAX) report(`${path}.taints[${j}].key`, `taint key "${key}" is ${key.length} characters; EKS node groups take keys of at most ${EKS_KEY_MAX}`, `shorten the key to at most ${EKS_KEY_MAX} characters, prefix included`);
    const text = asString(taint.value);
    const valueProblem = text === undefined ? undefined : labelValueProblem(text);
    if (valueProblem) report(`${path}.taints[${j}].value`, `taint value "${text}" ${valueProblem}`, 'use at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit');
    // The API server refuses two taints with the same key and effect.
    const identity = `${key}:${String(taint.effect)}`;
    const first = seen.get(identity);
    if (first !== undefined) report(`${path}.taints[${j}]`, `taint ${identity} repeats taints[${first}]`, 'keep one taint per key and effect');
    else seen.set(identity, j);
  });
  if (nodeGroup && taints.length > EKS_MAX_TAINTS) report(`${path}.taints`, `${taints.length} taints; EKS node groups take at most ${EKS_MAX_TAINTS}`, `keep at most ${EKS_MAX_TAINTS} taints`);
}

/**
 * Every rule on one pool, reported under `path` (`spec.nodePools[1]`, or a construct's own
 * name): shared by the spec and the `NodePool` construct (lib/cloud/node-pool.ts), so both say
 * the same. `karpenter`: Karpenter provisions the environment's workload pools.
 */
export function poolRules(pool: Raw, path: string, karpenter: boolean, report: Report): void {
  // Mirrors hasManagedNodeGroup (lib/cloud/node-pool.ts): with Karpenter only the system pool is a node group.
  const nodeGroup = pool.role === 'system' || !karpenter;
  const name = asString(pool.name);
  if (name !== undefined && !DNS_LABEL.test(name)) {
    report(`${path}.name`, `"${name}" is not a lowercase DNS label`, 'use lowercase letters, digits and dashes, e.g. "spot-general"');
  }
  const [min, desired, max] = [asNumber(pool.minSize), asNumber(pool.desiredSize), asNumber(pool.maxSize)];
  if (min !== undefined && max !== undefined && min > max) {
    report(`${path}.minSize`, `minSize ${min} is greater than maxSize ${max}`, `lower minSize or raise maxSize to at least ${min}`);
  }
  if (desired !== undefined && min !== undefined && max !== undefined && min <= max && (desired < min || desired > max)) {
    report(`${path}.desiredSize`, `desiredSize ${desired} is outside [minSize ${min}, maxSize ${max}]`, `set desiredSize between ${min} and ${max}`);
  }
  if (max !== undefined && max < 1) {
    report(`${path}.maxSize`, 'maxSize must be at least 1', 'set maxSize ≥ 1 (or remove the pool)');
  }
  if (nodeGroup && max !== undefined && max > MAX_NODE_GROUP_SIZE) {
    report(
      `${path}.maxSize`,
      `maxSize ${max} is above the ${MAX_NODE_GROUP_SIZE} nodes EKS allows per managed node group (service quota "Nodes per managed node group")`,
      `set maxSize ≤ ${MAX_NODE_GROUP_SIZE} and split the capacity over several pools${pool.role === 'system' ? '' : ", or let Karpenter provision it (addons.autoscaler: 'karpenter')"}`,
    );
  }
  const types = asArray(pool.instanceTypes).filter((t): t is string => typeof t === 'string');
  if (Array.isArray(pool.instanceTypes) && types.length === 0) {
    report(`${path}.instanceTypes`, 'no instance types', 'list at least one EC2 instance type, e.g. m6i.large');
  }
  types.forEach((type, i) => {
    if (!INSTANCE_TYPE.test(type)) report(`${path}.instanceTypes[${i}]`, `"${type}" is not an EC2 instance type`, 'use a type such as m6i.xlarge');
  });
  for (const dup of duplicates(types)) report(`${path}.instanceTypes`, `"${dup}" is listed more than once`, 'list each type once');
  if (pool.capacity === 'spot' && types.length > 0) {
    if (types.length < MIN_SPOT_TYPES) {
      report(
        `${path}.instanceTypes`,
        `spot pools need at least ${MIN_SPOT_TYPES} instance types (got ${types.length})`,
        'add types of the same size, e.g. m6i.xlarge, m5.xlarge, m6a.xlarge',
      );
    }
    const sizes = [...new Set(types.map((t) => t.split('.')[1]))].sort();
    if (sizes.length > 1) {
      report(`${path}.instanceTypes`, `spot pool mixes sizes ${sizes.join(', ')}`, 'use one size so spot capacity is interchangeable (the autoscaler assumes identical nodes)');
    }
  }
  const amiType = asString(pool.amiType);
  // An unknown value is the schema's (or, for the construct, amiTypeValueRule's) to report.
  const known = (AMI_TYPES as readonly string[]).includes(amiType ?? '');
  const typesOk = types.filter((t) => INSTANCE_TYPE.test(t));
  for (const p of amiTypeProblems(typesOk, known ? (amiType as AmiType) : undefined)) report(`${path}.${p.field}`, p.problem, p.fix);
  const disk = asNumber(pool.diskSizeGiB);
  if (disk !== undefined && (disk < DISK_GIB.min || disk > DISK_GIB.max)) {
    report(`${path}.diskSizeGiB`, `${disk} GiB is outside ${DISK_GIB.min}–${DISK_GIB.max} (the image needs ${DISK_GIB.min}; gp3 volumes stop at 16 TiB)`, 'use 50–200 GiB for most pools');
  }
  labelRules(asRecord(pool.labels) ?? {}, path, nodeGroup, report);
  taintRules(asArray(pool.taints), path, nodeGroup, report);
  for (const key of Object.keys(asRecord(pool.labels) ?? {}).filter((k) => k.startsWith('groundwork.dev/pool'))) {
    report(`${path}.labels.${key}`, `"${key}" is set by groundwork itself`, 'remove it; use your own label key');
  }
  if (karpenter && pool.role !== 'system') {
    // The pool's Karpenter NodePool is capped at maxSize nodes through its CPU limit (maxSize × vCPUs).
    types.forEach((type, i) => {
      if (INSTANCE_TYPE.test(type) && instanceVcpus(type) === undefined) {
        report(
          `${path}.instanceTypes[${i}]`,
          `the vCPU count of "${type}" is not known, so its Karpenter NodePool cannot be capped at maxSize`,
          'use large, xlarge or <N>xlarge types, or set addons.autoscaler: "cluster-autoscaler"',
        );
      }
    });
  }
}

export const nodePoolRules: Rule = ({ input, report }) => {
  if (!Array.isArray(input.nodePools)) return;
  const pools = input.nodePools.map((p) => asRecord(p) ?? {});
  if (pools.length === 0) {
    report('spec.nodePools', 'no node pools', 'add an on-demand system pool and at least one general pool');
    return;
  }
  const karpenter = karpenterProvisions(input);
  pools.forEach((pool, i) => poolRules(pool, `spec.nodePools[${i}]`, karpenter, report));
  for (const dup of duplicates(pools.map((p) => asString(p.name)).filter((n): n is string => n !== undefined))) {
    report('spec.nodePools', `pool name "${dup}" is used more than once`, 'give every pool a unique name');
  }
  const system = pools.map((p, i) => ({ p, i })).filter(({ p }) => p.role === 'system');
  if (system.length === 0) {
    report('spec.nodePools', 'no system pool', 'add a pool with role: "system" and capacity: "on-demand" for the platform add-ons');
  } else if (system.length > 1) {
    report('spec.nodePools', `${system.length} system pools`, 'keep one pool with role: "system"');
  }
  const azs = zoneCount(input);
  for (const { p, i } of system) {
    if (p.capacity === 'spot') {
      report(`spec.nodePools[${i}].capacity`, 'the system pool is on spot capacity', 'use capacity: "on-demand": a spot reclaim would take DNS, ingress and the mesh control plane with it');
    }
    const min = asNumber(p.minSize);
    const needed = input.tier === 'production' ? azs : 2;
    if (min !== undefined && min < needed) {
      report(
        `spec.nodePools[${i}].minSize`,
        `the system pool needs at least ${needed} nodes (got ${min})`,
        input.tier === 'production' ? `set minSize: ${needed} (one node per availability zone)` : 'set minSize: 2 so one node can drain during upgrades',
      );
    }
  }
};
