/**
 * Who logs in to the cluster: one EKS access entry per IAM principal, for platform admins
 * (`spec.admins`, cluster-admin through the EKS access policy) and tenant roles
 * (`spec.tenants[].access`, Kubernetes groups that only the tenant namespace's RoleBindings bind,
 * lib/k8s/tenant.ts). EKS allows one entry per principal, so a role in several tenants gets one
 * entry with every tenant's group. The cluster runs `authenticationMode: 'API'`: these entries
 * are the only way in, no aws-auth ConfigMap.
 */
import { createHash } from 'node:crypto';
import type * as pulumi from '@pulumi/pulumi';
import * as eks from '@pulumi/aws/eks';
import { compareText } from '../spec/order';
import { TENANT_ACCESS_FIELDS, TENANT_ACCESS_LEVELS, tenantAccessGroup } from '../spec/tenant-access';
import type { ResolvedSpec } from '../spec/types';

/** EKS access policy granting full cluster administration. */
export const CLUSTER_ADMIN_POLICY_ARN = 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy';

/** What one IAM principal's access entry grants. */
export interface AccessGrant {
  /** The IAM role ARN, path included (EKS needs the full ARN). */
  readonly principalArn: string;
  /** Kubernetes groups the entry puts the principal in (tenant levels), sorted. */
  readonly kubernetesGroups: readonly string[];
  /** Cluster-admin through the EKS access policy (`spec.admins`). */
  readonly clusterAdmin: boolean;
}

/**
 * Every principal's grant, one per principal: platform admins in spec order (their logical names
 * predate tenant access and must not move), then tenant roles sorted by ARN with their groups
 * merged and sorted. Linear in the listed roles.
 */
export function accessGrants(spec: Pick<ResolvedSpec, 'admins' | 'tenants'>): AccessGrant[] {
  const groups = new Map<string, Set<string>>();
  for (const tenant of spec.tenants) {
    for (const level of TENANT_ACCESS_LEVELS) {
      for (const arn of tenant.access?.[TENANT_ACCESS_FIELDS[level]] ?? []) {
        let set = groups.get(arn);
        if (!set) groups.set(arn, (set = new Set()));
        set.add(tenantAccessGroup(tenant.name, level));
      }
    }
  }
  const sorted = (arn: string): string[] => [...(groups.get(arn) ?? [])].sort(compareText);
  const admins = [...new Set(spec.admins)];
  const adminSet = new Set(admins);
  return [
    ...admins.map((arn) => ({ principalArn: arn, kubernetesGroups: sorted(arn), clusterAdmin: true })),
    ...[...groups.keys()]
      .filter((arn) => !adminSet.has(arn))
      .sort(compareText)
      .map((arn) => ({ principalArn: arn, kubernetesGroups: sorted(arn), clusterAdmin: false })),
  ];
}

/** Readable logical-name suffix of a principal: the last segment of its ARN (the role name). */
function principalSuffix(arn: string): string {
  return arn.split('/').pop()!.toLowerCase().replace(/[^a-z0-9-]/g, '-');
}

/** Inputs of {@link createAccessEntries}. */
export interface AccessEntriesArgs {
  /** The cluster the entries belong to. */
  readonly clusterName: pulumi.Input<string>;
  /** Admins and tenants of the validated environment. */
  readonly spec: Pick<ResolvedSpec, 'admins' | 'tenants'>;
  /** Tags on every entry. */
  readonly tags: Record<string, string>;
}

/**
 * One STANDARD access entry per principal (`<name>-admin-<role>` for platform admins,
 * `<name>-access-<role>-<hash of the ARN>` for tenant roles), and the cluster-admin policy association for admins.
 * Tenant entries carry groups only, never an access policy: what they may do is the namespace's
 * RoleBindings, nothing cluster-wide.
 */
export function createAccessEntries(parent: pulumi.Resource, name: string, args: AccessEntriesArgs): eks.AccessEntry[] {
  const opts = { parent };
  // Same role name in two accounts (or paths) must not collide on the logical name.
  const seenAdmins = new Set<string>();
  return accessGrants(args.spec).map((grant) => {
    const base = principalSuffix(grant.principalArn);
    let logical: string;
    if (grant.clusterAdmin) {
      const suffix = seenAdmins.has(base) ? `${base}-${seenAdmins.size}` : base;
      seenAdmins.add(suffix);
      logical = `${name}-admin-${suffix}`;
    } else {
      // Named from the principal alone, never from its neighbours: a renamed entry is replaced,
      // and EKS refuses the new entry while the old one still holds the principal.
      logical = `${name}-access-${base}-${createHash('sha256').update(grant.principalArn).digest('hex').slice(0, 8)}`;
    }
    const entry = new eks.AccessEntry(
      logical,
      {
        clusterName: args.clusterName,
        principalArn: grant.principalArn,
        type: 'STANDARD',
        ...(grant.kubernetesGroups.length > 0 ? { kubernetesGroups: [...grant.kubernetesGroups] } : {}),
        tags: args.tags,
      },
      opts,
    );
    if (grant.clusterAdmin) {
      new eks.AccessPolicyAssociation(
        logical,
        { clusterName: args.clusterName, principalArn: grant.principalArn, policyArn: CLUSTER_ADMIN_POLICY_ARN, accessScope: { type: 'cluster' } },
        { parent, dependsOn: [entry] },
      );
    }
    return entry;
  });
}
