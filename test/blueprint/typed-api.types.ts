/**
 * Type-level cases, checked by `npm test`'s `tsc -p tsconfig.json --noEmit` (this file is under
 * `test/`, which tsconfig includes). Each `@ts-expect-error` must meet an error: if the typing
 * regresses and a wrong spec compiles, the directive itself is reported as unused and tsc fails.
 * Nothing here runs; test/blueprint/typed-api.test.ts imports it so jest checks it exists.
 */
import { typedOverrides } from '../../lib/addons/overrides';
import { Platform } from '../../lib/blueprint/platform';
import type { EnvironmentSpec } from '../../lib/spec/types';
import { dev } from '../../stacks/environments';

/** Never called: the cases only have to compile (or fail to, where marked). */
export function typedApiCases(): unknown[] {
  return [
    Platform.fromSpec({ ...dev, name: 'typed' }),
    // @ts-expect-error a field EnvironmentSpec does not have (excess property check)
    Platform.fromSpec({ ...dev, nodePool: [] }),
    // @ts-expect-error a field of the wrong type
    Platform.fromSpec({ ...dev, availabilityZones: 'three' }),
    // @ts-expect-error a misspelt nested field (endpoint.public)
    Platform.fromSpec({ ...dev, endpoint: { pubilc: true } }),
    // @ts-expect-error a misspelt field inside an array element
    Platform.fromSpec({ ...dev, nodePools: [{ ...dev.nodePools[0], minSiz: 1 }] }),
    // Files stay open: untyped data goes through the run-time validation.
    Platform.fromUnknown(JSON.parse('{}') as unknown),
    typedOverrides({ 'metrics-server': { replicas: 2 } }),
    // @ts-expect-error a misspelt top-level key of an add-on's values
    typedOverrides({ 'metrics-server': { replicaCont: 2 } }),
    // @ts-expect-error an add-on id that does not exist
    typedOverrides({ 'metrics-servr': {} }),
  ];
}

/** A spec variable typed once is accepted as is. */
export const typedSpec: EnvironmentSpec = dev;
