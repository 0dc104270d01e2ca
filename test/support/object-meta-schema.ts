/**
 * JSON Schema of meta/v1 ObjectMeta (Kubernetes 1.36; the field list of kubernetes-models 5.x's
 * ObjectMeta, OwnerReference and ManagedFieldsEntry) for the `metadata` of custom resources and
 * embedded resources. A CRD's schema cannot describe metadata (the API server substitutes
 * ObjectMeta), so we state it here; unknown metadata fields are errors as everywhere else.
 */
import type { JsonSchema } from './crd-schema';

const stringMap: JsonSchema = { type: 'object', additionalProperties: { type: 'string' } };
/** meta/v1 Time: RFC 3339, serialized as null when unset (kubectl and some generators emit that). */
const time: JsonSchema = { type: ['string', 'null'], format: 'date-time' };

const OWNER_REFERENCE: JsonSchema = {
  type: 'object',
  required: ['apiVersion', 'kind', 'name', 'uid'],
  additionalProperties: false,
  properties: {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    name: { type: 'string' },
    uid: { type: 'string' },
    controller: { type: 'boolean' },
    blockOwnerDeletion: { type: 'boolean' },
  },
};

const MANAGED_FIELDS_ENTRY: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    apiVersion: { type: 'string' },
    fieldsType: { type: 'string' },
    fieldsV1: { type: 'object' },
    manager: { type: 'string' },
    operation: { type: 'string' },
    subresource: { type: 'string' },
    time,
  },
};

export const OBJECT_META_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    name: { type: 'string' },
    generateName: { type: 'string' },
    namespace: { type: 'string' },
    labels: stringMap,
    annotations: stringMap,
    finalizers: { type: 'array', items: { type: 'string' } },
    ownerReferences: { type: 'array', items: OWNER_REFERENCE },
    managedFields: { type: 'array', items: MANAGED_FIELDS_ENTRY },
    uid: { type: 'string' },
    resourceVersion: { type: 'string' },
    selfLink: { type: 'string' },
    generation: { type: 'integer' },
    creationTimestamp: time,
    deletionTimestamp: time,
    deletionGracePeriodSeconds: { type: 'integer' },
  },
};
