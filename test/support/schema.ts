/**
 * Validates every object the platform deploys against the schema the cluster will judge it by:
 *
 * - custom resources whose CRD the object set installs (the charts' CRDs, the Gateway API
 *   bundle, `options.crds`): that CRD's openAPIV3Schema for the object's served version, with
 *   ajv and Kubernetes' structural-schema semantics (crd-schema.ts), CEL rules included (cel.ts);
 * - built-in kinds: kubernetes-models 5.x, whose schemas are Kubernetes 1.36's;
 * - custom resources whose CRD is not in the set: the @kubernetes-models/* package that models
 *   them (cert-manager, Istio, Argo CD, prometheus-operator, Karpenter).
 * Unknown fields are errors everywhere (the API server would drop them), and an apiVersion/kind
 * that nothing models is an error: nothing escapes validation. The check runs in a worker thread
 * (model-worker.mjs, object-check.ts): the model packages are ESM, and there the CRD schemas
 * compile once per jest worker process, at Node's speed.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { CelStatistics } from './cel';
import { isCrd } from './crd-index';
import type { CompileReport } from './crd-validator';
import type { CheckReply, WireObject } from './object-check';
import { callWorker, workerState } from './sync-worker';

export { fieldPath } from './field-path';

/** Options of `validateObjects`. */
export interface ValidateOptions {
  /** CRDs the platform installs besides those among the objects (e.g. the Gateway API bundle). @default none */
  crds?: readonly object[];
}

const MODEL_WORKER = join(__dirname, 'model-worker.mjs');

/** CEL rules evaluated and skipped (rule → reason) by this test file's validations, for reports. */
export const celStatistics = { evaluated: 0, skipped: new Map<string, string>() };

/** A v1 List is applied item by item (kubectl and Helm flatten it), so it is validated so. */
function flatten(objects: readonly object[]): Record<string, unknown>[] {
  return objects.flatMap((raw) => {
    const obj = raw as Record<string, unknown>;
    if (obj.apiVersion === 'v1' && obj.kind === 'List' && Array.isArray(obj.items)) return flatten(obj.items as object[]);
    return [obj];
  });
}

/** Content hashes of CRD objects, by identity (rendered environments share their objects). */
const crdIds = new WeakMap<object, string>();

/** `objects` for the worker: each CRD whole the first time the worker gets it, by its hash after. */
function toWire(objects: readonly object[]): WireObject[] {
  const sent = workerState<Set<string>>(MODEL_WORKER, 'crds sent', () => new Set());
  return objects.map((object) => {
    if (!isCrd(object)) return { object };
    let id = crdIds.get(object);
    if (id === undefined) {
      id = createHash('sha256').update(JSON.stringify(object)).digest('hex');
      crdIds.set(object, id);
    }
    if (sent.has(id)) return { crdRef: id };
    sent.add(id);
    return { crd: object, id };
  });
}

/** What validated each object, and the problems found. */
export interface ValidationReport {
  /** `Kind/namespace/name: <field path>: <problem>`, in object order; empty when all are valid. */
  errors: string[];
  /** Per object (v1 Lists flattened): `crd <name>` or the model package that validated it; undefined when nothing could. */
  validatedBy: Array<string | undefined>;
  /** The objects validated (v1 Lists flattened into their items). */
  objects: Record<string, unknown>[];
}

/** Every schema problem of `objects` as `Kind/namespace/name: <field path>: <problem>`; empty when all are valid. */
export function validateObjects(objects: readonly object[], options: ValidateOptions = {}): string[] {
  return validationReport(objects, options).errors;
}

/** Validate `objects` and say which schema judged each one (in the model worker: object-check.ts). */
export function validationReport(objects: readonly object[], options: ValidateOptions = {}): ValidationReport {
  const all = flatten(objects);
  const reply = callWorker<CheckReply>(MODEL_WORKER, { type: 'check', objects: toWire(all), crds: toWire(options.crds ?? []) });
  record(reply.cel);
  return { errors: reply.errors, validatedBy: reply.validatedBy, objects: all };
}

function record(statistics: CelStatistics): void {
  celStatistics.evaluated += statistics.evaluated;
  for (const [rule, reason] of statistics.skipped) celStatistics.skipped.set(rule, reason);
}

/** What compiling every served version of the CRDs among `objects` meets (crd-validator.ts's `compileReport`). */
export function crdCompilation(objects: readonly object[]): CompileReport {
  return callWorker<CompileReport>(MODEL_WORKER, { type: 'compile', objects: toWire(objects.filter(isCrd)) });
}

/** The objects of a multi-document YAML file (empty documents skipped). */
export function loadManifestFile(path: string): object[] {
  return parseManifests(readFileSync(path, 'utf8'), path);
}

/** The objects of multi-document YAML text (empty documents skipped); `source` names it in errors. */
export function parseManifests(text: string, source = '<yaml>'): object[] {
  const objects: object[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) throw new Error(`${source}: ${doc.errors.map((e) => e.message).join('; ')}`);
    const value = doc.toJS() as unknown;
    if (value !== null && value !== undefined) objects.push(value as object);
  }
  return objects;
}
