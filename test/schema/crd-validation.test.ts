/**
 * Custom resources are judged by the CRD the platform installs, with the API server's
 * structural-schema semantics — and stricter where the API server would silently drop data.
 */
import { join } from 'node:path';
import { validateObjects } from '../support/schema';
import { workerState } from '../support/sync-worker';

const MODEL_WORKER = join(__dirname, '..', 'support', 'model-worker.mjs');

const widgetSchema = {
  type: 'object',
  properties: {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: { type: 'object', properties: { name: { type: 'string', maxLength: 20 } } },
    spec: {
      type: 'object',
      required: ['size', 'mode'],
      'x-kubernetes-validations': [{ rule: 'self.size <= self.maxSize', message: 'size must not exceed maxSize', fieldPath: '.size' }],
      properties: {
        size: { type: 'integer', format: 'int32', minimum: 1 },
        maxSize: { type: 'integer', default: 10 },
        mode: { type: 'string', enum: ['fast', 'safe'], default: 'safe' },
        port: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] },
        config: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { level: { type: 'integer' } } },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        note: { type: 'string', nullable: true },
        expires: { type: 'string', format: 'date-time' },
        template: { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true },
        tags: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } },
        ports: {
          type: 'array',
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['name'],
          items: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, number: { type: 'integer' } } },
        },
        target: {
          type: 'object',
          properties: { host: { type: 'string' }, ip: { type: 'string' } },
          oneOf: [{ required: ['host'] }, { required: ['ip'] }],
        },
        immutable: { type: 'string', 'x-kubernetes-validations': [{ rule: 'self == oldSelf', message: 'immutable' }] },
      },
    },
    status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
  },
};

const widgetCrd = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.example.com' },
  spec: {
    group: 'example.com',
    scope: 'Namespaced',
    names: { kind: 'Widget', plural: 'widgets', singular: 'widget', listKind: 'WidgetList' },
    versions: [
      { name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: widgetSchema } },
      { name: 'v1beta1', served: false, storage: false, schema: { openAPIV3Schema: widgetSchema } },
    ],
  },
};

const widget = (spec: Record<string, unknown>, metadata: Record<string, unknown> = {}): object => ({
  apiVersion: 'example.com/v1',
  kind: 'Widget',
  metadata: { name: 'w', namespace: 'apps', ...metadata },
  spec: { size: 3, ...spec },
});

/** Validate widgets with the CRD installed alongside them (as a chart would install it). */
const check = (...objects: object[]): string[] => validateObjects([widgetCrd, ...objects]);

describe('custom resources against the installed CRD', () => {
  it('accepts a valid object; defaults fill required fields as the API server does', () => {
    expect(check(widget({}))).toEqual([]);
  });

  it('rejects a field the CRD does not declare, at any depth (the API server would prune it)', () => {
    expect(check(widget({ sise: 3 }), widget({ ports: [{ name: 'a', numbr: 1 }] }), { ...(widget({}) as object), extra: 1 })).toEqual([
      'Widget/apps/w: spec.sise: unknown field: the CRD schema does not declare it, so the API server would silently prune it',
      'Widget/apps/w: spec.ports[0].numbr: unknown field: the CRD schema does not declare it, so the API server would silently prune it',
      'Widget/apps/w: extra: unknown field: the CRD schema does not declare it, so the API server would silently prune it',
    ]);
  });

  it('rejects a wrong type, an enum miss and a bound violation', () => {
    expect(check(widget({ size: '3', mode: 'slow' }))).toEqual([
      'Widget/apps/w: spec.size: must be integer',
      'Widget/apps/w: spec.mode: must be one of "fast", "safe"',
    ]);
    expect(check(widget({ size: 0 }))).toEqual(['Widget/apps/w: spec.size: must be >= 1']);
  });

  it('keeps unknown fields under x-kubernetes-preserve-unknown-fields, but checks the declared ones', () => {
    expect(check(widget({ config: { anything: { goes: [1, 'x'] }, level: 2 } }))).toEqual([]);
    expect(check(widget({ config: { level: 'high' } }))).toEqual(['Widget/apps/w: spec.config.level: must be integer']);
  });

  it('accepts an integer or a string for x-kubernetes-int-or-string, nothing else', () => {
    expect(check(widget({ port: 8080 }), widget({ port: 'http' }))).toEqual([]);
    expect(check(widget({ port: true }))).toContain('Widget/apps/w: spec.port: must be integer,string');
  });

  it('allows null only where the schema is nullable', () => {
    expect(check(widget({ note: null }))).toEqual([]);
    expect(check(widget({ expires: null }))).toEqual(['Widget/apps/w: spec.expires: is null, but the field is not nullable (must be string)']);
  });

  it('treats maps (additionalProperties) as open, with typed values', () => {
    expect(check(widget({ labels: { 'any/key': 'v' } }))).toEqual([]);
    expect(check(widget({ labels: { a: 1 } }))).toEqual(['Widget/apps/w: spec.labels.a: must be string']);
  });

  it('requires apiVersion and kind of an embedded resource and checks its metadata', () => {
    expect(check(widget({ template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { x: 1 } } }))).toEqual([]);
    expect(check(widget({ template: { metadata: { nmae: 'p' } } }))).toEqual([
      'Widget/apps/w: spec.template.apiVersion: required field is missing',
      'Widget/apps/w: spec.template.kind: required field is missing',
      'Widget/apps/w: spec.template.metadata.nmae: unknown field: the CRD schema does not declare it, so the API server would silently prune it',
    ]);
  });

  it('checks metadata as ObjectMeta, with the CRD restrictions on the name', () => {
    expect(check(widget({}, { labels: { a: 'b' }, annotations: { c: 'd' } }))).toEqual([]);
    expect(check(widget({}, { name: 'a-name-longer-than-twenty' }))).toEqual(['Widget/apps/a-name-longer-than-twenty: metadata.name: must NOT have more than 20 characters']);
    expect(check(widget({}, { lables: {} }))).toEqual([
      'Widget/apps/w: metadata.lables: unknown field: the CRD schema does not declare it, so the API server would silently prune it',
    ]);
  });

  it('rejects duplicates in x-kubernetes-list-type set and map lists', () => {
    expect(check(widget({ tags: ['a', 'a'] }))).toEqual(['Widget/apps/w: spec.tags: must NOT have duplicate items (items ## 1 and 0 are identical)']);
    expect(check(widget({ ports: [{ name: 'http', number: 80 }, { name: 'http', number: 81 }] }))).toEqual([
      'Widget/apps/w: spec.ports[1]: duplicate entry: same name as item 0 (x-kubernetes-list-type: map)',
    ]);
  });

  it('validates formats the API server validates', () => {
    expect(check(widget({ expires: '2026-01-01T00:00:00Z' }))).toEqual([]);
    expect(check(widget({ expires: 'tomorrow' }))).toEqual(['Widget/apps/w: spec.expires: must match format "date-time"']);
    expect(check(widget({ size: 2 ** 31 }))).toContain('Widget/apps/w: spec.size: must match format "int32"');
  });

  it('evaluates value validations in junctors without pruning there', () => {
    expect(check(widget({ target: { host: 'h' } }))).toEqual([]);
    expect(check(widget({ target: { host: 'h', ip: '10.0.0.1' } }))).toEqual(['Widget/apps/w: spec.target: must match exactly one schema in oneOf']);
  });

  it('evaluates CEL rules (after defaulting) and reports their message at their fieldPath', () => {
    expect(check(widget({ size: 10 }))).toEqual([]);
    expect(check(widget({ size: 11 }))).toEqual([
      'Widget/apps/w: spec.size: size must not exceed maxSize (x-kubernetes-validations rule: self.size <= self.maxSize)',
    ]);
    // Transition rules need the old object; on create the API server does not run them.
    expect(check(widget({ immutable: 'x' }))).toEqual([]);
  });

  it('chooses the CRD version by apiVersion and rejects unserved or undefined versions', () => {
    expect(check({ ...(widget({}) as object), apiVersion: 'example.com/v1beta1' })).toEqual([
      'Widget/apps/w: apiVersion: CRD widgets.example.com does not serve version v1beta1 (served: v1)',
    ]);
    expect(check({ ...(widget({}) as object), apiVersion: 'example.com/v2' })).toEqual([
      'Widget/apps/w: apiVersion: CRD widgets.example.com has no version v2 (served: v1)',
    ]);
  });

  it('takes CRDs from options.crds too (e.g. the Gateway API bundle applied outside any chart)', () => {
    expect(validateObjects([widget({ sise: 1 })], { crds: [widgetCrd] })).toHaveLength(1);
  });

  it('reports a CRD installed twice with different specs', () => {
    const other = { ...widgetCrd, spec: { ...widgetCrd.spec, scope: 'Cluster' } };
    expect(validateObjects([widgetCrd, other])).toEqual([
      'CustomResourceDefinition/widgets.example.com: installed twice with different specs; the one applied last wins',
    ]);
  });

  it('rejects a CRD whose schema is not structural, even with no object of its kind', () => {
    const bad = JSON.parse(JSON.stringify(widgetCrd)) as typeof widgetCrd;
    (bad.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.tags as Record<string, unknown>)['x-kubernetes-list-type'] = 'bag';
    expect(validateObjects([bad])).toEqual([
      'CustomResourceDefinition/widgets.example.com: spec.versions[0].schema.openAPIV3Schema/properties/spec/properties/tags/x-kubernetes-list-type: must be atomic, set or map',
    ]);
  });

  it('validates each item of a v1 List, as kubectl and Helm apply them one by one', () => {
    expect(check({ apiVersion: 'v1', kind: 'List', metadata: {}, items: [widget({ sise: 1 })] })).toEqual([
      'Widget/apps/w: spec.sise: unknown field: the CRD schema does not declare it, so the API server would silently prune it',
    ]);
  });
});

describe('the model worker that runs the check (object-check.ts)', () => {
  const sentCrds = (): Set<string> => workerState<Set<string>>(MODEL_WORKER, 'crds sent', () => new Set());

  it('receives a CRD once and judges later objects by it, by content, not by name', () => {
    const copy = structuredClone(widgetCrd);
    const before = sentCrds().size;
    expect(validateObjects([copy, widget({ size: 30 })])).toEqual([
      'Widget/apps/w: spec.size: size must not exceed maxSize (x-kubernetes-validations rule: self.size <= self.maxSize)',
    ]);
    const afterFirst = sentCrds().size;
    expect(validateObjects([structuredClone(widgetCrd), widget({ size: 30 })])).toHaveLength(1);
    expect(sentCrds().size).toBe(afterFirst); // the same content travels by reference
    expect(afterFirst - before).toBeLessThanOrEqual(1);
    // A CRD of the same name with another schema is another CRD.
    const longer = structuredClone(widgetCrd);
    longer.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.size = { type: 'integer', format: 'int32', minimum: 100 } as never;
    expect(validateObjects([longer, widget({ size: 30 })])).toEqual(['Widget/apps/w: spec.size: must be >= 100']);
    expect(sentCrds().size).toBe(afterFirst + 1);
  });

  it('serves every test file of the process: a fresh module registry finds the same worker and what it holds', () => {
    check(widget({}));
    let isolated: Set<string> | undefined;
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const again = require('../support/sync-worker') as typeof import('../support/sync-worker');
      isolated = again.workerState<Set<string>>(MODEL_WORKER, 'crds sent', () => new Set());
    });
    expect(isolated).toBe(sentCrds());
  });
});
