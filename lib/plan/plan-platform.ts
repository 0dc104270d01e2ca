/**
 * Offline plan of a Platform: its Pulumi program (`Platform.deploy`, exactly what
 * `pulumi up` runs) under mocks.
 */
import type { Platform } from '../blueprint/platform';
import { planProgram, type PlanOptions, type PlanRecord } from './planner';
import { assertWithinSizeLimit } from './size-limit';

/** Plan `platform` offline; resolves to every resource, sorted by type then name. Too big for this process: a SpecValidationError first. */
export async function planPlatform(platform: Platform, options: PlanOptions = {}): Promise<PlanRecord[]> {
  const { name, region, accountId, tenants } = platform.spec;
  const objects = platform.manifests().charts.reduce((n, chart) => n + chart.objects.length, 0);
  assertWithinSizeLimit({ name, tenants: tenants.length, objects });
  return planProgram(name, { region, accountId }, () => {
    platform.deploy();
  }, options);
}
