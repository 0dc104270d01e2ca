/**
 * Every AWS name the environment creates fits its limit and is unique (lib/spec/aws-names.ts):
 * AWS would otherwise refuse it in the middle of a deploy.
 */
import { ADDON_IDS } from '../addon-ids';
import { nameCollisions, namesTooLong, plannedNames, type NameKind, type NameSource, type NameTooLong, type PlannedName } from '../aws-names';
import type { SpecIssue } from '../errors';
import { compareText } from '../order';
import { EKS_ADDON_NAMES } from '../versions';
import { ENVIRONMENT_NAME } from './cluster';
import { asArray, asRecord, asString, DNS_LABEL, type Raw, type Rule } from './context';
import { karpenterProvisions } from './node-pools';

/** Names depend on these fields; a field that is already invalid is reported by its own rule. */
export function nameSource(input: Raw): NameSource | undefined {
  const name = asString(input.name);
  if (name === undefined || !ENVIRONMENT_NAME.test(name)) return undefined;
  const karpenter = karpenterProvisions(input);
  const nodePools = asArray(input.nodePools).map((p) => {
    const pool = asRecord(p) ?? {};
    const poolName = asString(pool.name);
    // Mirrors hasManagedNodeGroup (lib/cloud/node-pool.ts): with Karpenter only the system pool is a node group.
    return { name: poolName !== undefined && DNS_LABEL.test(poolName) ? poolName : '', managedNodeGroup: pool.role === 'system' || !karpenter };
  });
  // Every workload that may get an IRSA role, whether or not this spec enables it: a name must
  // not become invalid because an add-on is switched on later.
  // Bucket names embed both; a malformed one is reported by its own rule.
  const accountId = asString(input.accountId);
  const region = asString(input.region);
  const drRegion = asString(asRecord(input.backup)?.drRegion);
  const regionPattern = /^[a-z]{2}(-[a-z]+)+-\d$/;
  return {
    name,
    nodePools,
    karpenter,
    workloads: [...ADDON_IDS, ...EKS_ADDON_NAMES],
    ...(accountId !== undefined && /^\d{12}$/.test(accountId) && region !== undefined && regionPattern.test(region) ? { accountId, region } : {}),
    // A DR region equal to the primary is reported by rules/backup.ts, not as colliding replica names.
    ...(drRegion !== undefined && drRegion !== region && regionPattern.test(drRegion) ? { drRegion } : {}),
  };
}

/**
 * One issue per field whose value makes names too long, listing them; `fieldPath` renames the
 * field in the report (the NodePool construct reports `spec.nodePools[0].name` as `nodePool.name`).
 */
export function reportNamesTooLong(names: readonly PlannedName[], report: Parameters<Rule>[0]['report'], fieldPath: (field: string) => string = (f) => f): void {
  const byField = new Map<string, NameTooLong[]>();
  for (const long of namesTooLong(names)) byField.set(long.name.field, [...(byField.get(long.name.field) ?? []), long]);
  for (const [specField, longs] of [...byField].sort(([a], [b]) => compareText(a, b))) {
    const field = fieldPath(specField);
    const max = Math.min(...longs.map((l) => l.maxFieldLength));
    const list = longs.map((l) => `${l.name.kind} "${l.name.name}" of ${l.name.name.length} (${l.name.kind} names allow ${l.limit})`).join(', ');
    report(
      field,
      `${longs[0].name.fieldLength} characters make names that AWS or Kubernetes would refuse at deploy time: ${list}`,
      max > 0 ? `shorten ${field} to at most ${max} characters` : `shorten ${field}`,
    );
  }
}

export const awsNameRules: Rule = ({ input, report }) => {
  const source = nameSource(input);
  if (!source) return;
  const names = plannedNames(source).filter((n) => n.fieldLength > 0);
  reportNamesTooLong(names, report);
  for (const [first, second] of nameCollisions(names)) {
    report(second.field, `${second.kind} name "${second.name}" is used by both ${first.purpose} and ${second.purpose}`, `rename ${second.field} so the names differ`);
  }
};

/** Scope in which AWS keeps a kind of name unique; node groups are unique per cluster only. */
function uniquenessScope(kind: NameKind, spec: { accountId: string; region: string; name: string }): string {
  // Bucket names are global across every AWS account.
  if (kind === 'S3 bucket') return 'all of AWS';
  if (kind === 'IAM role' || kind === 'IAM inline policy') return `account ${spec.accountId}`;
  if (kind === 'EKS node group' || kind === 'Kubernetes label value') return `cluster ${spec.name} in ${spec.region}`;
  return `account ${spec.accountId} in ${spec.region}`;
}

/**
 * Names that two environments of one run would both create in the same account (and region):
 * `prod` with pool `a-system` and `prod-a` with pool `system` both make `prod-a-system-node`.
 * A single spec cannot see this; synth judges every environment it writes together.
 */
export function crossEnvironmentNameIssues(specs: ReadonlyArray<{ name: string; accountId: string; region: string; input: Raw }>): Array<{ env: string; issue: SpecIssue }> {
  const seen = new Map<string, { env: string; name: PlannedName }>();
  const out: Array<{ env: string; issue: SpecIssue }> = [];
  for (const spec of specs) {
    const source = nameSource(spec.input);
    if (!source) continue;
    for (const name of plannedNames(source).filter((n) => n.fieldLength > 0)) {
      const scope = uniquenessScope(name.kind, spec);
      const key = `${scope}\u0000${name.kind}\u0000${name.kind === 'IAM role' ? name.name.toLowerCase() : name.name}`;
      const first = seen.get(key);
      if (!first) seen.set(key, { env: spec.name, name });
      else if (first.env !== spec.name) {
        out.push({
          env: spec.name,
          issue: {
            path: name.field,
            problem: `${name.kind} name "${name.name}" (${name.purpose}) is also created by environment "${first.env}" (${first.name.purpose}) in ${scope}`,
            fix: `rename ${name.field} (or ${first.name.field} of "${first.env}") so the names differ`,
          },
        });
      }
    }
  }
  return out;
}
