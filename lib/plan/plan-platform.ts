/**
 * Offline plan of a Platform: its Pulumi program (`Platform.deploy`, exactly what
 * `pulumi up` runs) under mocks.
 */
import type { Platform } from '../blueprint/platform';
import { planProgram, type PlanRecord } from './planner';

/** Plan `platform` offline; resolves to every resource, sorted by type then name. */
export function planPlatform(platform: Platform): Promise<PlanRecord[]> {
  const { name, region, accountId } = platform.spec;
  return planProgram(name, { region, accountId }, () => {
    platform.deploy();
  });
}
