/**
 * A 1000-tenant environment plans every tenant's resources, no more and no fewer: each tenant
 * gets exactly what one tenant adds to the environment, under its own name (not timed: the bench
 * measures speed).
 */
import { Platform } from '../../lib/blueprint/platform';
import { planPlatform } from '../../lib/plan/plan-platform';
import type { PlanRecord } from '../../lib/plan/planner';
import { prod } from '../../stacks/environments';

const TENANTS = 1000;
const tenantName = (i: number): string => `gen-${String(i).padStart(4, '0')}`;
const withTenants = (count: number): Promise<PlanRecord[]> =>
  planPlatform(Platform.fromSpec({ ...prod, tenants: Array.from({ length: count }, (_, i) => ({ name: tenantName(i + 1), editors: [`${tenantName(i + 1)}-developers`] })) }));

/** A resource as a comparable line, the tenant's name replaced: the same line for every tenant. */
const line = (r: PlanRecord, tenant: string): string => JSON.stringify([r.type, r.name, r.parent, r.inputs]).split(tenant).join('<tenant>');

describe('prod with 1000 generated tenants', () => {
  it("plans, for every tenant, exactly the resources one tenant adds, and the rest of the environment keeps its own", async () => {
    const [none, one, many] = [await withTenants(0), await withTenants(1), await withTenants(TENANTS)];
    const key = (r: PlanRecord): string => `${r.type} ${r.name}`;
    const base = new Set(none.map(key));
    // What one tenant adds: resources of its own (its name in theirs).
    const added = one.filter((r) => !base.has(key(r)));
    expect(added.length).toBeGreaterThan(5);
    expect(added.every((r) => r.name.includes(tenantName(1)))).toBe(true);
    const perTenant = added.map((r) => line(r, tenantName(1))).sort();

    expect(many).toHaveLength(none.length + TENANTS * added.length);
    const byTenant = new Map<string, string[]>();
    for (const r of many) {
      const match = /gen-\d{4}/.exec(r.name);
      if (!match || base.has(key(r))) continue;
      byTenant.set(match[0], [...(byTenant.get(match[0]) ?? []), line(r, match[0])]);
    }
    expect(byTenant.size).toBe(TENANTS);
    expect(many.filter((r) => base.has(key(r))).map(key)).toEqual(none.map(key));
    for (const [tenant, lines] of byTenant) {
      if (JSON.stringify(lines.sort()) !== JSON.stringify(perTenant)) expect({ tenant, lines }).toEqual({ tenant, lines: perTenant });
    }
  }, 300_000);
});
