/**
 * `spec.tenants[].access`: IAM roles that log in to a tenant's namespace. Each is a role ARN
 * EKS accepts as an access-entry principal (lib/spec/iam.ts, the same check as `spec.admins`),
 * listed once per tenant, never also a platform admin, and an access block grants someone.
 * A role in several tenants is fine: it gets one access entry with each tenant's group.
 * One pass over every listed role: cost grows with the roles, not with tenants × tenants.
 */
import { principalPartitionProblem, rolePrincipalProblem } from '../iam';
import { PARTITION } from '../regions';
import { TENANT_ACCESS_FIELDS, TENANT_ACCESS_LEVELS } from '../tenant-access';
import { asArray, asRecord, asString, type Rule } from './context';

export const tenantAccessRules: Rule = ({ input, report }) => {
  const platformAdmins = new Set(asArray(input.admins).filter((a): a is string => typeof a === 'string'));
  asArray(input.tenants).forEach((value, i) => {
    const tenant = asRecord(value);
    const access = asRecord(tenant?.access);
    if (!access) return;
    const path = `spec.tenants[${i}].access`;
    const seen = new Map<string, string>();
    let listed = 0;
    for (const level of TENANT_ACCESS_LEVELS) {
      const field = TENANT_ACCESS_FIELDS[level];
      asArray(access[field]).forEach((entry, j) => {
        const arn = asString(entry);
        if (arn === undefined) return;
        listed++;
        const at = `${path}.${field}[${j}]`;
        const bad = rolePrincipalProblem(arn) ?? principalPartitionProblem(arn, PARTITION);
        if (bad) {
          report(at, bad.problem, bad.fix);
          return;
        }
        const first = seen.get(arn);
        if (first !== undefined) {
          report(at, `"${arn}" is listed more than once in this tenant (also ${first})`, 'list each role once, at the one level it needs: admin includes developer, developer includes viewer');
          return;
        }
        seen.set(arn, `access.${field}[${j}]`);
        if (platformAdmins.has(arn)) {
          report(
            at,
            `"${arn}" is a platform admin (spec.admins) and a tenant role; EKS keeps one access entry per principal, and cluster-admin already reaches every namespace`,
            `remove it from ${path}.${field}, or from spec.admins if it should only reach this tenant`,
          );
        }
      });
    }
    // An unknown key is a shape error already (a misspelt level): "grants no role" would mislead.
    const known: readonly string[] = Object.values(TENANT_ACCESS_FIELDS);
    if (listed === 0 && Object.keys(access).every((key) => known.includes(key))) {
      report(path, 'grants no role: nobody logs in through it', 'list IAM role ARNs under admins, developers or viewers, or remove access');
    }
  });
};
