/**
 * The typed entry and the untyped one: `Platform.fromSpec` is typed for EnvironmentSpec literals
 * (the compile-time cases are in typed-api.types.ts, checked by tsc), `Platform.fromUnknown`
 * takes file data and reports the same problems at run time.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Platform } from '../../lib/blueprint/platform';
import { SpecValidationError } from '../../lib/spec/errors';
import { dev } from '../../stacks/environments';

describe('typed programmatic API', () => {
  it('keeps a file of @ts-expect-error cases that tsc checks (wrong field, wrong type, misspelt nested field, override typo)', () => {
    const cases = readFileSync(join(__dirname, 'typed-api.types.ts'), 'utf8');
    expect(cases.match(/@ts-expect-error/g)?.length).toBeGreaterThanOrEqual(6);
    for (const typo of ['nodePool:', "'three'", 'pubilc', 'minSiz', 'replicaCont']) expect(cases).toContain(typo);
  });

  it('fromUnknown refuses the same misspelt fields at run time, naming the field', () => {
    const input: unknown = JSON.parse(JSON.stringify({ ...dev, endpoint: { ...dev.endpoint, pubilc: true } }));
    expect(() => Platform.fromUnknown(input)).toThrow(SpecValidationError);
    expect(() => Platform.fromUnknown(input)).toThrow(/spec\.endpoint\.pubilc/);
  });

  it('fromSpec and fromUnknown give the same platform for the same spec', () => {
    expect(Platform.fromUnknown(JSON.parse(JSON.stringify(dev))).spec).toEqual(Platform.fromSpec(dev).spec);
  });
});
