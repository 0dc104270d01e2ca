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
 * that nothing models is an error: nothing escapes validation. The model packages are ESM and run
 * in a worker thread (model-worker.mjs); the CRD schemas compile once per process.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { evaluateCel } from './cel';
import { indexCrds, isCrd } from './crd-index';
import { schemaFor, validateWith, validatorFor, type Problem } from './crd-validator';
import { callWorker } from './sync-worker';

/** Options of `validateObjects`. */
export interface ValidateOptions {
  /** CRDs the platform installs besides those among the objects (e.g. the Gateway API bundle). @default none */
  crds?: readonly object[];
}

const MODEL_WORKER = join(__dirname, 'model-worker.mjs');

type Meta = { name?: unknown; namespace?: unknown };

/** `Kind/namespace/name` (cluster-scoped: `Kind/name`). */
function identify(obj: Record<string, unknown>, index: number): string {
  const meta = (obj.metadata ?? {}) as Meta;
  const name = typeof meta.name === 'string' ? meta.name : `<unnamed #${index}>`;
  const kind = typeof obj.kind === 'string' ? obj.kind : '<no kind>';
  return typeof meta.namespace === 'string' ? `${kind}/${meta.namespace}/${name}` : `${kind}/${name}`;
}

/** JSON pointer → `spec.containers[0].image`; keys that are not identifiers are bracketed. */
export function fieldPath(pointer: string): string {
  if (pointer === '') return '(root)';
  return pointer
    .split('/')
    .slice(1)
    .map((raw) => raw.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, key) => {
      if (/^\d+$/.test(key)) return `${path}[${key}]`;
      if (/^[A-Za-z_$][\w$-]*$/.test(key)) return path ? `${path}.${key}` : key;
      return `${path}[${JSON.stringify(key)}]`;
    }, '');
}

/** A `v1 List` is applied item by item (kubectl and Helm flatten it), so it is validated so. */
function flatten(objects: readonly object[]): Record<string, unknown>[] {
  return objects.flatMap((raw) => {
    const obj = raw as Record<string, unknown>;
    if (obj.apiVersion === 'v1' && obj.kind === 'List' && Array.isArray(obj.items)) return flatten(obj.items as object[]);
    return [obj];
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

/** Validate `objects` and say which schema judged each one. */
export function validationReport(objects: readonly object[], options: ValidateOptions = {}): ValidationReport {
  const all = flatten(objects);
  const crds = indexCrds([...(options.crds ?? []), ...all.filter(isCrd)]);
  const errors: string[] = crds.problems.map((p) => `CustomResourceDefinition/${p}`);
  // Every installed CRD's schemas must be structural, even for kinds nothing here instantiates.
  for (const crd of crds.crds) {
    crd.spec.versions.forEach((version, i) => {
      const schema = schemaFor(crd, version);
      if (schema instanceof Error) errors.push(`CustomResourceDefinition/${crd.metadata.name}: spec.versions[${i}].schema.${schema.message}`);
    });
  }
  // Per object, so the messages come in the order of the objects whichever validator ran.
  const perObject: string[][] = all.map(() => []);
  const report = (index: number, problems: Problem[]): void => {
    for (const p of problems) perObject[index].push(`${identify(all[index], index)}: ${fieldPath(p.pointer)}: ${p.message}`);
  };
  const validatedBy: Array<string | undefined> = all.map(() => undefined);
  const toModels: number[] = [];
  const cel: Array<{ index: number; jobs: ReturnType<typeof validateWith>['cel'] }> = [];

  all.forEach((obj, index) => {
    const { apiVersion, kind } = obj;
    if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
      report(index, [{ pointer: '', message: 'apiVersion and kind must be strings' }]);
      return;
    }
    const match = crds.lookup(apiVersion, kind);
    if (!match) {
      toModels.push(index);
      return;
    }
    if ('error' in match) {
      report(index, [{ pointer: '/apiVersion', message: match.error }]);
      return;
    }
    const validate = validatorFor(match.crd, match.version);
    if (validate instanceof Error) {
      report(index, [{ pointer: '', message: validate.message }]);
      return;
    }
    validatedBy[index] = `crd ${match.crd.metadata.name}`;
    const result = validateWith(validate, obj);
    report(index, result.problems);
    if (result.cel.length > 0) cel.push({ index, jobs: result.cel });
  });

  if (toModels.length > 0) {
    const results = callWorker<Array<{ modeledBy: string | null; problems: Problem[] }>>(MODEL_WORKER, {
      type: 'models',
      objects: toModels.map((i) => all[i]),
    });
    toModels.forEach((index, i) => {
      const { apiVersion, kind } = all[index];
      const result = results[i];
      if (result.modeledBy === null) {
        report(index, [{ pointer: '', message: `${String(apiVersion)}/${String(kind)}: no installed CRD defines it and no schema package models it, so it cannot be validated (and the API server would not know it)` }]);
      } else {
        validatedBy[index] = result.modeledBy;
        report(index, result.problems);
      }
    });
  }
  for (const { index, problems } of evaluateCel(cel)) report(index, problems);
  return { errors: [...errors, ...perObject.flat()], validatedBy, objects: all };
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
