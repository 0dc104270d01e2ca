import type { Addon } from '../../lib/addons/addon';
import { deepMerge, mergedValues } from '../../lib/blueprint/values';
import { applyDefaults } from '../../lib/spec/defaults';
import { dev } from '../../stacks/environments';

describe('deepMerge', () => {
  it('merges objects, replaces arrays and scalars, and records the overridden paths', () => {
    const paths: string[] = [];
    const out = deepMerge({ a: { b: 1, c: [1, 2] }, d: 'x' }, { a: { c: [3] }, d: 'y', e: { f: true } }, '', paths);
    expect(out).toEqual({ a: { b: 1, c: [3] }, d: 'y', e: { f: true } });
    expect(paths.sort()).toEqual(['a.c', 'd', 'e']);
  });

  it('does not mutate its inputs', () => {
    const base = { a: { b: 1 } };
    deepMerge(base, { a: { b: 2 } });
    expect(base).toEqual({ a: { b: 1 } });
  });
});

describe('mergedValues', () => {
  it('applies the spec overrides of the add-on last', () => {
    const spec = applyDefaults({ ...dev, addons: { ...dev.addons, overrides: { 'metrics-server': { replicas: 5 } } } });
    const addon: Addon = {
      id: 'metrics-server',
      description: '',
      chart: { repository: 'https://x', chart: 'x', version: '1.0.0', checked: '2026-11-24' },
      namespace: 'kube-system',
      dependsOn: () => [],
      isSelected: () => true,
      values: () => ({ replicas: 1, args: ['--a'] }),
    };
    expect(mergedValues(addon, { spec, enabled: new Set() })).toEqual({ values: { replicas: 5, args: ['--a'] }, blueprint: { replicas: 1, args: ['--a'] }, overriddenPaths: ['replicas'] });
  });
});
