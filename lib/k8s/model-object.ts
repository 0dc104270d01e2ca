/**
 * Emits a typed Kubernetes model (kubernetes-models / @kubernetes-models/*) as a cdk8s
 * ApiObject. The model is validated against its upstream schema first, so a custom resource
 * with a wrong field type or a missing required field fails at synth time, not at apply time
 * (model-validation.ts: a ModelValidationError naming the object and the field).
 */
import type { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';
import { validateModel } from './model-validation';
import { PlainApiObject } from './plain-api-object';

/** What every kubernetes-models class provides. */
export interface KubernetesModel {
  apiVersion: string;
  kind: string;
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  validate(): void;
  toJSON(): Record<string, unknown>;
}

/** Add `model` to `scope` as an ApiObject with construct id `id`. */
export function emitModel(scope: Construct, id: string, model: KubernetesModel): ApiObject {
  validateModel(model, scope, id);
  const { apiVersion, kind, metadata, ...rest } = model.toJSON() as {
    apiVersion: string;
    kind: string;
    metadata?: Record<string, unknown>;
  };
  return new PlainApiObject(scope, id, { apiVersion, kind, metadata: metadata ?? {}, ...rest });
}
