/**
 * The package's public API is deliberate and documented: the names the `exports` entry points
 * export are exactly the reviewed list in public-api.json, and every exported name and every member
 * of an exported interface, class or object type has TSDoc; optional fields of inputs (Props, Args,
 * Options, the spec types) say what they default to with `@default`.
 *
 * `undocumented` in public-api.json is the remaining gap, a ratchet: it may only shrink (an entry
 * that is now documented, or gone, fails the test until it is removed from the list).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isInputType, publicSurface, unexportedReferences, type SurfaceItem } from '../support/public-surface';

interface Reviewed {
  exports: string[];
  undocumented: string[];
  noDefault: string[];
}

const reviewed = JSON.parse(readFileSync(join(__dirname, 'public-api.json'), 'utf8')) as Reviewed;
let surface: SurfaceItem[];

beforeAll(() => {
  surface = publicSurface();
}, 120_000);

describe('public API', () => {
  it('exports exactly the reviewed names (a new export is a conscious update of test/docs/public-api.json)', () => {
    const exported = surface.filter((i) => i.kind === 'export').map((i) => i.id);
    const added = exported.filter((n) => !reviewed.exports.includes(n));
    const removed = reviewed.exports.filter((n) => !exported.includes(n));
    expect({ added, removed }).toEqual({ added: [], removed: [] });
  });

  it('does not export internals (values building, mocks, rule helpers, readiness internals)', () => {
    const names = new Set(surface.filter((i) => i.kind === 'export').map((i) => i.id.split(':')[1]));
    for (const internal of ['deepMerge', 'mergedValues', 'PlanMocks', 'runRules', 'poolRules', 'evaluateDirection', 'readNetworkPolicies', 'injectMesh', 'cloneData', 'readTgz']) {
      expect(names.has(internal) ? internal : undefined).toBeUndefined();
    }
  });

  it('exports every type a public signature names (a team can import what the .d.ts files show)', () => {
    // Types from dependencies (cdk8s, Pulumi, kubernetes-models) are the dependency's to export.
    expect(unexportedReferences().map((r) => `${r.type} named by ${r.namedBy.join(', ')}`)).toEqual([]);
  }, 120_000);

  it('documents every exported name and member with TSDoc', () => {
    const missing = surface.filter((i) => !i.doc).map((i) => `${i.id} (${i.where})`);
    const known = new Set(reviewed.undocumented);
    expect(missing.filter((m) => !known.has(m.replace(/ \(.*\)$/, '')))).toEqual([]);
  });

  it('says the default of every optional input field with @default', () => {
    const missing = surface.filter((i) => i.optional && isInputType(i.owner!, i.where) && !i.hasDefault).map((i) => `${i.id} (${i.where})`);
    const known = new Set(reviewed.noDefault);
    expect(missing.filter((m) => !known.has(m.replace(/ \(.*\)$/, '')))).toEqual([]);
  });

  it('keeps the known gaps list current: it only shrinks', () => {
    const undocumented = new Set(surface.filter((i) => !i.doc).map((i) => i.id));
    const noDefault = new Set(surface.filter((i) => i.optional && isInputType(i.owner!, i.where) && !i.hasDefault).map((i) => i.id));
    expect({
      documentedNow: reviewed.undocumented.filter((id) => !undocumented.has(id)),
      defaultedNow: reviewed.noDefault.filter((id) => !noDefault.has(id)),
    }).toEqual({ documentedNow: [], defaultedNow: [] });
  });
});
