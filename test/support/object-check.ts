/**
 * The schema check of schema.ts, run in the model worker (model-worker.mjs, plain Node): custom
 * resources against the CRDs of the object set, everything else against the model packages,
 * CEL rules evaluated.
 *
 * Why in the worker: compiling and running the CRD validators (ajv) was most of the schema
 * tests' time under jest, whose vm sandbox runs code about three times slower than Node does,
 * and whose fresh module registry per test file compiled every CRD again in each file. The
 * worker lives as long as the jest worker process (sync-worker.ts), so a CRD is translated and
 * compiled once for all the files a process runs, at Node's speed.
 *
 * CRDs travel once: the caller sends a CRD whole the first time and by its content hash after
 * (`WireObject`); the worker keeps every CRD it was sent.
 */
import type { CelStatistics, JobResult } from './cel';
import { evaluateCel } from './cel';
import { indexCrds, isCrd } from './crd-index';
import { fieldPath } from './field-path';
import { compileReport, schemaFor, validateWith, validatorFor, type CompileReport, type CrdObject, type Problem } from './crd-validator';

/** An object as sent to the worker: a CRD as `{ crd, id }` (first time) or `{ crdRef }`, anything else as it is. */
export type WireObject = { object: object } | { crd: object; id: string } | { crdRef: string };

/** What the model packages say of each object (model-worker.mjs). */
export type ModelResult = { modeledBy: string | null; problems: Problem[] };

/** The ESM halves of the check, which model-worker.mjs provides. */
export interface CheckDependencies {
  validateModels(objects: object[]): Promise<ModelResult[]>;
  evaluateJobs(jobs: unknown[]): JobResult[];
}

/** The reply of one check (see schema.ts's `ValidationReport`). */
export interface CheckReply {
  errors: string[];
  validatedBy: Array<string | undefined>;
  cel: CelStatistics;
}

/** Every CRD sent so far, by the hash of its JSON text. */
const crdsById = new Map<string, object>();

/** The objects of `wire`; a CRD reference the worker never got is an error of the caller. */
export function decode(wire: readonly WireObject[]): object[] {
  return wire.map((w) => {
    if ('object' in w) return w.object;
    if ('crd' in w) {
      crdsById.set(w.id, w.crd);
      return w.crd;
    }
    const known = crdsById.get(w.crdRef);
    if (!known) throw new Error(`object-check: CRD ${w.crdRef} was never sent to this worker`);
    return known;
  });
}

type Meta = { name?: unknown; namespace?: unknown };

/** `Kind/namespace/name` (cluster-scoped: `Kind/name`). */
function identify(obj: Record<string, unknown>, index: number): string {
  const meta = (obj.metadata ?? {}) as Meta;
  const name = typeof meta.name === 'string' ? meta.name : `<unnamed #${index}>`;
  const kind = typeof obj.kind === 'string' ? obj.kind : '<no kind>';
  return typeof meta.namespace === 'string' ? `${kind}/${meta.namespace}/${name}` : `${kind}/${name}`;
}

/** Validate `objects` (v1 Lists already flattened) with `extraCrds` installed besides their own CRDs. */
export async function checkObjects(objects: Record<string, unknown>[], extraCrds: readonly object[], deps: CheckDependencies): Promise<CheckReply> {
  const crds = indexCrds([...extraCrds, ...objects.filter(isCrd)]);
  const errors: string[] = crds.problems.map((p) => `CustomResourceDefinition/${p}`);
  // Every installed CRD's schemas must be structural, even for kinds nothing here instantiates.
  for (const crd of crds.crds) {
    crd.spec.versions.forEach((version, i) => {
      const schema = schemaFor(crd, version);
      if (schema instanceof Error) errors.push(`CustomResourceDefinition/${crd.metadata.name}: spec.versions[${i}].schema.${schema.message}`);
    });
  }
  // Per object, so the messages come in the order of the objects whichever validator ran.
  const perObject: string[][] = objects.map(() => []);
  const report = (index: number, problems: Problem[]): void => {
    for (const p of problems) perObject[index].push(`${identify(objects[index], index)}: ${fieldPath(p.pointer)}: ${p.message}`);
  };
  const validatedBy: Array<string | undefined> = objects.map(() => undefined);
  const toModels: number[] = [];
  const cel: Array<{ index: number; jobs: ReturnType<typeof validateWith>['cel'] }> = [];

  objects.forEach((obj, index) => {
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
    const results = await deps.validateModels(toModels.map((i) => objects[i]));
    toModels.forEach((index, i) => {
      const { apiVersion, kind } = objects[index];
      const result = results[i];
      if (result.modeledBy === null) {
        report(index, [{ pointer: '', message: `${String(apiVersion)}/${String(kind)}: no installed CRD defines it and no schema package models it, so it cannot be validated (and the API server would not know it)` }]);
      } else {
        validatedBy[index] = result.modeledBy;
        report(index, result.problems);
      }
    });
  }
  const evaluated = evaluateCel(cel, deps.evaluateJobs);
  for (const { index, problems } of evaluated.problems) report(index, problems);
  return { errors: [...errors, ...perObject.flat()], validatedBy, cel: evaluated.statistics };
}

/** `compileReport` of `crds` (the caller sends CRDs only). */
export function checkCrdCompilation(crds: readonly object[]): CompileReport {
  return compileReport(crds as CrdObject[]);
}
