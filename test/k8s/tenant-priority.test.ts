import { PriorityClasses } from '../../lib/k8s/priority-classes';
import { Tenant, TENANT_FORBIDDEN_PRIORITY_CLASSES } from '../../lib/k8s/tenant';
import { validateObjects } from '../support/schema';
import { chart, STOCK, synth, type Obj } from './helpers';

const payments = STOCK.prod.tenants.find((t) => t.name === 'payments')!;

function tenantObjects(): Obj[] {
  const c = chart();
  new Tenant(c, 't', { tenant: payments, environment: 'prod', meshInjection: false, ingressFrom: { namespace: 'ingress-nginx' } });
  return synth(c);
}

/** ResourceQuota scope matching (scopeSelector, PriorityClass In): whether a pod of `priorityClassName` counts against `quota`. */
function counted(quota: Obj, priorityClassName: string | undefined): boolean {
  const exprs: Obj[] = quota.spec.scopeSelector?.matchExpressions ?? [];
  return exprs.every((e) => e.scopeName !== 'PriorityClass' || (e.operator === 'In' && priorityClassName !== undefined && e.values.includes(priorityClassName)));
}

describe('tenant priority', () => {
  const quota = tenantObjects().find((o) => o.kind === 'ResourceQuota' && o.metadata.name === 'platform-priority')!;

  it('admits no tenant pod at platform-critical or a built-in system class', () => {
    expect(quota.spec.hard).toEqual({ pods: '0' });
    for (const pc of ['platform-critical', 'system-cluster-critical', 'system-node-critical']) expect({ pc, counted: counted(quota, pc) }).toEqual({ pc, counted: true });
  });

  it("leaves the tenant classes (the global default, batch-low) to the tenant's own quota", () => {
    expect(counted(quota, undefined)).toBe(false);
    expect(counted(quota, 'workload-default')).toBe(false);
    expect(counted(quota, 'batch-low')).toBe(false);
  });

  it('forbids every class above workload-default that the foundation chart creates', () => {
    const c = chart();
    new PriorityClasses(c, 'pc', { environment: 'prod' });
    const above = synth(c).filter((o) => o.value > 1_000).map((o) => o.metadata.name);
    expect(above.filter((n) => !(TENANT_FORBIDDEN_PRIORITY_CLASSES as readonly string[]).includes(n))).toEqual([]);
  });

  it('passes the upstream schema', () => {
    expect(validateObjects([quota])).toEqual([]);
  });
});
