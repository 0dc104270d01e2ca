/**
 * Validating a typed Kubernetes model against its upstream schema before it is emitted. Istio
 * kinds run the validators compiled at build time (istio-models.ts says why); every other model
 * runs its own `validate()`, already precompiled by its package. Either way a failure names the
 * object and the field.
 */
import type { Construct } from 'constructs';
import { objectRef } from '../readiness/types';
import { ISTIO_MODELS } from './istio-models';
import * as generated from './istio-validators.generated';
import type { KubernetesModel } from './model-object';

/** One schema violation, as ajv reports it (`verbose`: with the failing keyword's schema). */
export interface SchemaError {
  /** JSON pointer of the field, e.g. `/spec/action`. */
  instancePath: string;
  /** Keyword that failed, e.g. `enum`. */
  keyword: string;
  /** JSON pointer of the keyword in the schema. */
  schemaPath: string;
  /** What is wrong, e.g. `must be equal to one of the allowed values`. @default none */
  message?: string;
  /** The keyword's schema value. @default none */
  schema?: unknown;
}

/** A model that does not match its schema; the message names the object and each field. */
export class ModelValidationError extends Error {
  /** `Kind/namespace/name` of the object. */
  readonly object: string;
  /** Every violation, as the validator reported them (empty when it threw something else). */
  readonly errors: readonly SchemaError[];

  constructor(object: string, where: string, cause: unknown) {
    const errors = (cause as { errors?: SchemaError[] } | undefined)?.errors ?? [];
    super(`Invalid ${object} (construct ${where}): ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'ModelValidationError';
    this.object = object;
    this.errors = errors;
  }
}

type GeneratedValidate = ((data: unknown) => boolean) & { errors?: SchemaError[] | null };

const istioValidators = new Map<object, GeneratedValidate>(
  Object.entries(ISTIO_MODELS).map(([name, model]) => [model.prototype, (generated as Record<string, GeneratedValidate>)[name]]),
);

/**
 * What @kubernetes-models/validate@3 does with ajv's errors (so the generated path fails with the
 * same errors and message as `model.validate()`): a nullable `$ref` is `oneOf: [ref, null]`, and
 * when the value fails the ref, the `null` branch's "must be null" and the `oneOf` itself are noise.
 */
function withoutNullableRefErrors(errors: readonly SchemaError[]): SchemaError[] {
  const excluded = new Set<string>();
  const kept: SchemaError[] = [];
  for (const error of errors) {
    if (error.keyword === 'oneOf') {
      const nullBranch = (error.schema as { type?: string }[] | undefined)?.findIndex((s) => s.type === 'null') ?? -1;
      if (nullBranch > -1) {
        excluded.add(`${error.schemaPath}/${nullBranch}/type`);
        continue;
      }
    }
    kept.push(error);
  }
  return kept.filter((e) => !excluded.has(e.schemaPath));
}

/** The violations as one line, worded as ajv's `errorsText`. */
function errorsText(errors: readonly SchemaError[]): string {
  return errors.map((e) => `data${e.instancePath} ${e.message}`).join(', ');
}

function runValidate(model: KubernetesModel): void {
  const validate = istioValidators.get(Object.getPrototypeOf(model));
  if (!validate) return model.validate();
  if (validate(model) || !validate.errors) return;
  const errors = withoutNullableRefErrors(validate.errors);
  throw Object.assign(new Error(errorsText(errors)), { errors });
}

/** Throw a {@link ModelValidationError} if `model`, to be construct `id` in `scope`, does not match its schema. */
export function validateModel(model: KubernetesModel, scope: Construct, id: string): void {
  try {
    runValidate(model);
  } catch (e) {
    const where = scope.node.path ? `${scope.node.path}/${id}` : id;
    throw new ModelValidationError(objectRef(model.kind, model.metadata?.namespace, model.metadata?.name), where, e);
  }
}
