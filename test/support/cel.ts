/**
 * Runs the CEL rules (`x-kubernetes-validations`) that crd-validator.ts collected, with
 * cel-evaluate.mjs (cel-js is ESM-only; both run in the model worker, see object-check.ts).
 * Values are typed the way the API server types them for CEL: schema integers (and int-or-string
 * numbers, and numbers under preserve-unknown-fields, which decode as int64) become CEL ints
 * (BigInt); `type: number` stays a double. Rules that cannot be evaluated faithfully are counted
 * as skipped (`CelStatistics`), never passed or failed on a guess.
 */
import type { CelRule, JsonSchema } from './crd-schema';
import type { Problem } from './crd-validator';

/** CEL rules of one schema node and the value they apply to (collected during the schema pass). */
export interface CelJob {
  rules: CelRule[];
  /** The value of the node, after defaulting. */
  value: unknown;
  /** The translated schema node, to type the value. */
  schema: JsonSchema;
  /** JSON pointer of the node in the object. */
  pointer: string;
  /** JSON pointer of the node in the CRD's openAPIV3Schema. */
  schemaPath: string;
}

/** What cel-evaluate.mjs returns per job. */
export interface JobResult {
  problems: Problem[];
  evaluated: number;
  skipped: Array<{ rule: string; reason: string }>;
}

function typeList(schema: JsonSchema | undefined): string[] {
  const t = schema?.type;
  return Array.isArray(t) ? (t as string[]) : typeof t === 'string' ? [t] : [];
}

/** The value as CEL sees it: BigInt for integers unless the schema says `number`. */
export function toCelValue(value: unknown, schema: JsonSchema | undefined): unknown {
  if (typeof value === 'number') {
    const types = typeList(schema);
    const double = types.includes('number') && !types.includes('integer');
    return !double && Number.isInteger(value) ? BigInt(value) : value;
  }
  if (Array.isArray(value)) return value.map((item) => toCelValue(item, schema?.items as JsonSchema | undefined));
  if (value !== null && typeof value === 'object') {
    const properties = (schema?.properties ?? {}) as Record<string, JsonSchema>;
    const additional = typeof schema?.additionalProperties === 'object' ? (schema.additionalProperties as JsonSchema) : undefined;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toCelValue(v, properties[k] ?? additional)]));
  }
  return value;
}

/** CEL rules evaluated and skipped (rule → reason) by one evaluation. */
export interface CelStatistics {
  evaluated: number;
  skipped: Array<[rule: string, reason: string]>;
}

/** Evaluate the jobs of several objects in one batch; problems per object index. */
export function evaluateCel(
  items: ReadonlyArray<{ index: number; jobs: CelJob[] }>,
  evaluateJobs: (jobs: unknown[]) => JobResult[],
): { problems: Array<{ index: number; problems: Problem[] }>; statistics: CelStatistics } {
  const statistics: CelStatistics = { evaluated: 0, skipped: [] };
  const jobs = items.flatMap((item) => item.jobs);
  if (jobs.length === 0) return { problems: [], statistics };
  const results = evaluateJobs(jobs.map((j) => ({ rules: j.rules, value: toCelValue(j.value, j.schema), pointer: j.pointer, schemaPath: j.schemaPath })));
  let next = 0;
  const problems = items.map(({ index, jobs: own }) => {
    const found: Problem[] = [];
    for (let i = 0; i < own.length; i++) {
      const result = results[next++];
      statistics.evaluated += result.evaluated;
      for (const s of result.skipped) statistics.skipped.push([s.rule, s.reason]);
      found.push(...result.problems);
    }
    return { index, problems: found };
  });
  return { problems, statistics };
}
