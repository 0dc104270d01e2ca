/**
 * The values-key check itself: typos fail with a suggestion, open maps and defaults of `{}` /
 * `null` accept any key, arrays are not descended, subcharts and `global.` count, schemas and
 * Istio's hoisted defaults count, and allow-list entries need their template as evidence.
 */
import { join } from 'node:path';
import type { ChartArchive } from '../../lib/render/chart-archive';
import { lookupChart, lookupSchema } from '../../lib/render/declared-values';
import { checkValuesKeys, valuePaths } from '../../lib/render/values-keys';
import { testChartCache } from '../support/rendered';

const archive = (file: string): string => join(testChartCache()!, file);
const check = (file: string, values: Record<string, unknown>, allow = {}): Array<{ path: string; problem: string }> =>
  checkValuesKeys([{ release: 'r', archive: archive(file), values }], allow).map(({ path, problem }) => ({ path, problem }));

function chart(values: Record<string, unknown>, extra: Partial<ChartArchive> = {}): ChartArchive {
  return { name: 'c', version: '1.0.0', files: new Map(), values, schema: undefined, subcharts: new Map(), ...extra };
}

describe('checkValuesKeys on real charts', () => {
  it('catches a typo and suggests the key the chart declares', () => {
    expect(check('ingress-nginx-4.15.1.tgz', { controller: { replicaCont: 2, replicaCount: 2 } })).toEqual([
      { path: 'controller.replicaCont', problem: expect.stringContaining('not declared by ingress-nginx 4.15.1 (values.yaml); did you mean controller.replicaCount?') },
    ]);
  });

  it('accepts keys under free-form maps and empty defaults, and never descends into arrays', () => {
    const values = {
      controller: {
        nodeSelector: { 'groundwork.dev/pool-role': 'system' }, // default { kubernetes.io/os: linux }
        podAnnotations: { anything: 'x' }, // default {}
        extraArgs: { 'enable-ssl-passthrough': 'true' },
        tolerations: [{ key: 'CriticalAddonsOnly', operatorr: 'Exists' }],
      },
    };
    expect(check('ingress-nginx-4.15.1.tgz', values)).toEqual([]);
  });

  it('reads subchart values under their key and global values of subcharts', () => {
    expect(check('argo-cd-10.1.1.tgz', { 'redis-ha': { haproxy: { enabled: true } }, global: { compatibility: { openshift: {} } } })).toEqual([]);
    expect(check('argo-cd-10.1.1.tgz', { 'redis-ha': { haproxyy: { enabled: true } } }).map((p) => p.path)).toEqual(['redis-ha.haproxyy.enabled']);
  });

  it("reads Istio's defaults from _internal_defaults_do_not_set", () => {
    expect(check('istiod-1.30.3.tgz', { replicaCount: 2, global: { proxy: { resources: {} } } })).toEqual([]);
    expect(check('istiod-1.30.3.tgz', { replicaCout: 2 }).map((p) => p.path)).toEqual(['replicaCout']);
  });

  it('says when a map is set where the chart declares a scalar or a list', () => {
    expect(check('ingress-nginx-4.15.1.tgz', { controller: { replicaCount: { min: 2 } } })).toEqual([
      { path: 'controller.replicaCount.min', problem: expect.stringContaining('declares controller.replicaCount as a scalar, not a map') },
    ]);
  });

  it('accepts an allow-listed key only while its template still mentions it', () => {
    const values = { controller: { undeclaredKnob: true } };
    const entry = (template: string): Record<string, unknown> => ({ 'ingress-nginx': [{ path: 'controller.undeclaredKnob', template, reason: 'test' }] });
    expect(check('ingress-nginx-4.15.1.tgz', values)).toHaveLength(1);
    expect(check('ingress-nginx-4.15.1.tgz', values, entry('templates/controller-deployment.yaml'))).toEqual([
      { path: 'controller.undeclaredKnob', problem: expect.stringContaining('templates/controller-deployment.yaml, which no longer mentions "undeclaredKnob"') },
    ]);
    expect(check('ingress-nginx-4.15.1.tgz', values, entry('templates/nope.yaml'))[0].problem).toContain('does not have');
  });
});

describe('declared values', () => {
  it('lists leaf paths, stopping at arrays, empty maps and nulls', () => {
    expect(valuePaths({ a: { b: 1, c: [{ d: 1 }], e: {}, f: null } })).toEqual([['a', 'b'], ['a', 'c'], ['a', 'e'], ['a', 'f']]);
  });

  it('accepts anything below a null or {} default, but not at the top of an empty values.yaml', () => {
    expect(lookupChart(chart({ extra: null, open: {} }), ['extra', 'x', 'y']).declared).toBe(true);
    expect(lookupChart(chart({ extra: null, open: {} }), ['open', 'x']).declared).toBe(true);
    expect(lookupChart(chart({}), ['anything']).declared).toBe(false);
  });

  it('uses values.schema.json properties, refs and combinators; open only where nothing is named', () => {
    const schema = {
      $defs: { webhook: { type: 'object', properties: { timeoutSeconds: { type: 'integer' } } } },
      type: 'object',
      additionalProperties: true,
      properties: {
        webhook: { $ref: '#/$defs/webhook' },
        podLabels: { type: 'object', additionalProperties: { type: 'string' } },
        mode: { allOf: [{ properties: { a: {} } }, { properties: { b: {} } }] },
      },
    };
    expect(lookupSchema(schema, ['webhook', 'timeoutSeconds'])).toBe(true);
    expect(lookupSchema(schema, ['webhook', 'timeoutSecond'])).toBe(false);
    expect(lookupSchema(schema, ['podLabels', 'team'])).toBe(true);
    expect(lookupSchema(schema, ['mode', 'b'])).toBe(true);
    // additionalProperties: true next to named properties does not make typos valid.
    expect(lookupSchema(schema, ['webhok'])).toBe(false);
    expect(lookupChart(chart({}, { schema }), ['webhook', 'timeoutSeconds']).declared).toBe(true);
  });
});
