/**
 * Translates a CRD version's `openAPIV3Schema` (a Kubernetes structural schema) into the JSON
 * Schema that ajv compiles, with the API server's semantics made explicit:
 *
 * - unknown fields: the API server silently PRUNES fields a structural schema does not declare
 *   (unless `x-kubernetes-preserve-unknown-fields`), so a misspelt or misplaced field vanishes
 *   without an error. We turn every such field into an error (`additionalProperties: false`).
 * - `x-kubernetes-int-or-string` → integer or string; `nullable` → null allowed (OAS 3.0.3:
 *   it widens `type` only, so an enum must still list null).
 * - `x-kubernetes-embedded-resource` → apiVersion and kind required, metadata is an ObjectMeta.
 * - the root's `metadata` is always an ObjectMeta (a CRD may only restrict name/generateName).
 * - `x-kubernetes-list-type: set` → unique items; `map` → unique `x-kubernetes-list-map-keys`.
 * - `x-kubernetes-validations` (CEL) → the `k8sCel` keyword, which collects the rules and the
 *   values they apply to for evaluation after the schema pass (cel.ts).
 * - OpenAPI 3.0's boolean `exclusiveMinimum`/`exclusiveMaximum` → JSON Schema's numeric form.
 * Inside `allOf`/`anyOf`/`oneOf`/`not` a structural schema may only state value validations, so
 * those subtrees never get `additionalProperties: false` (a branch listing one property must not
 * reject the others) and never carry defaults (the API server does not apply them there).
 */
import { OBJECT_META_SCHEMA } from './object-meta-schema';

/** A node of a Kubernetes structural schema (JSONSchemaProps). */
export type KubeSchema = Record<string, unknown>;

/** A JSON Schema node as ajv compiles it. */
export type JsonSchema = Record<string, unknown>;

/** One CEL rule of `x-kubernetes-validations`. */
export interface CelRule {
  /** The CEL expression; `self` is the value of the node, `oldSelf` the previous one. */
  rule: string;
  /** The message the API server returns when the rule is false. @default "failed rule: <rule>" */
  message?: string;
  /** A CEL expression producing the message. @default none */
  messageExpression?: string;
  /** The field the error is reported on, relative to the node. @default the node */
  fieldPath?: string;
  /** The error reason. @default FieldValueInvalid */
  reason?: string;
  /** Whether the rule is optional on update (transition rules only). @default false */
  optionalOldSelf?: boolean;
}

/** Keywords of JSONSchemaProps that carry documentation or client hints only. */
const ANNOTATIONS = new Set(['description', 'title', 'example', 'externalDocs', 'x-kubernetes-map-type']);

/** Value validations copied as they are (same meaning in OpenAPI 3.0 and JSON Schema draft-07). */
const VALUE_KEYWORDS = [
  'enum', 'pattern', 'minLength', 'maxLength', 'minimum', 'maximum', 'multipleOf',
  'minItems', 'maxItems', 'uniqueItems', 'minProperties', 'maxProperties', 'required', 'format',
] as const;

const HANDLED = new Set<string>([
  ...ANNOTATIONS, ...VALUE_KEYWORDS, 'type', 'nullable', 'default', 'properties', 'additionalProperties',
  'items', 'allOf', 'anyOf', 'oneOf', 'not', 'exclusiveMinimum', 'exclusiveMaximum',
  'x-kubernetes-int-or-string', 'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-embedded-resource',
  'x-kubernetes-list-type', 'x-kubernetes-list-map-keys', 'x-kubernetes-validations',
]);

/** Where in the CRD schema we are, for error messages about the schema itself. */
interface Context {
  /** Inside allOf/anyOf/oneOf/not: value validations only. */
  junctor: boolean;
  /** JSON pointer into openAPIV3Schema. */
  pointer: string;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function typeOf(node: KubeSchema): string | string[] | undefined {
  const base: string[] = node['x-kubernetes-int-or-string'] === true ? ['integer', 'string'] : typeof node.type === 'string' ? [node.type] : [];
  if (base.length === 0) return undefined;
  if (node.nullable === true) base.push('null');
  return base.length === 1 ? base[0] : base;
}

function numericBounds(node: KubeSchema, out: JsonSchema): void {
  // OpenAPI 3.0: `exclusiveMinimum: true` modifies `minimum`; draft-07 wants the bound itself.
  if (node.exclusiveMinimum === true && typeof node.minimum === 'number') {
    out.exclusiveMinimum = node.minimum;
    delete out.minimum;
  }
  if (node.exclusiveMaximum === true && typeof node.maximum === 'number') {
    out.exclusiveMaximum = node.maximum;
    delete out.maximum;
  }
}

function embeddedResource(out: JsonSchema): void {
  const properties = (out.properties ?? {}) as Record<string, JsonSchema>;
  out.properties = { ...properties, apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: OBJECT_META_SCHEMA };
  out.required = [...new Set([...((out.required as string[] | undefined) ?? []), 'apiVersion', 'kind'])];
}

/** The Kubernetes extensions' allowed values (the API server rejects a CRD with others). */
function checkExtensions(node: KubeSchema, at: Context): void {
  const fail = (key: string, why: string): never => {
    throw new Error(`${at.pointer}/${key}: ${why}`);
  };
  for (const key of ['x-kubernetes-int-or-string', 'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-embedded-resource', 'nullable']) {
    if (node[key] !== undefined && typeof node[key] !== 'boolean') fail(key, 'must be a boolean');
  }
  const listType = node['x-kubernetes-list-type'];
  if (listType !== undefined && !['atomic', 'set', 'map'].includes(listType as string)) fail('x-kubernetes-list-type', 'must be atomic, set or map');
  const keys = node['x-kubernetes-list-map-keys'];
  if (keys !== undefined && (listType !== 'map' || !Array.isArray(keys) || !keys.every((k) => typeof k === 'string'))) {
    fail('x-kubernetes-list-map-keys', 'must be a list of strings, with x-kubernetes-list-type: map');
  }
  const mapType = node['x-kubernetes-map-type'];
  if (mapType !== undefined && !['granular', 'atomic'].includes(mapType as string)) fail('x-kubernetes-map-type', 'must be granular or atomic');
  const rules = node['x-kubernetes-validations'];
  if (rules !== undefined && (!Array.isArray(rules) || !rules.every((r) => isObject(r) && typeof r.rule === 'string'))) {
    fail('x-kubernetes-validations', 'must be a list of {rule: string, …}');
  }
  if (at.junctor) {
    for (const key of ['default', 'nullable', 'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-embedded-resource']) {
      if (node[key] !== undefined && node[key] !== false) fail(key, 'not allowed inside allOf/anyOf/oneOf/not (structural schema)');
    }
  }
}

/** Translate one node; throws on keywords a v1 CRD schema may not use. */
function translate(node: unknown, at: Context): JsonSchema {
  if (!isObject(node)) throw new Error(`${at.pointer || '/'}: schema node is not an object`);
  for (const key of Object.keys(node)) {
    if (!HANDLED.has(key)) throw new Error(`${at.pointer}/${key}: keyword not supported in a CRD schema`);
  }
  checkExtensions(node, at);
  const out: JsonSchema = {};
  const type = typeOf(node);
  if (type !== undefined) out.type = type;
  for (const key of VALUE_KEYWORDS) if (node[key] !== undefined) out[key] = node[key];
  numericBounds(node, out);
  if (!at.junctor && node.default !== undefined) out.default = node.default;

  if (isObject(node.properties)) {
    out.properties = Object.fromEntries(
      Object.entries(node.properties).map(([name, child]) => [name, translate(child, { ...at, pointer: `${at.pointer}/properties/${name}` })]),
    );
  }
  if (isObject(node.additionalProperties)) {
    out.additionalProperties = translate(node.additionalProperties, { ...at, pointer: `${at.pointer}/additionalProperties` });
  } else if (node.additionalProperties === false) {
    out.additionalProperties = false;
  }
  if (node.items !== undefined) out.items = translate(node.items, { ...at, pointer: `${at.pointer}/items` });
  for (const junctor of ['allOf', 'anyOf', 'oneOf'] as const) {
    const branches = node[junctor];
    if (Array.isArray(branches)) {
      out[junctor] = branches.map((b, i) => translate(b, { junctor: true, pointer: `${at.pointer}/${junctor}/${i}` }));
    }
  }
  if (node.not !== undefined) out.not = translate(node.not, { junctor: true, pointer: `${at.pointer}/not` });

  if (node['x-kubernetes-embedded-resource'] === true) embeddedResource(out);
  const listType = node['x-kubernetes-list-type'];
  if (listType === 'set') out.uniqueItems = true;
  if (listType === 'map' && Array.isArray(node['x-kubernetes-list-map-keys'])) out.k8sListMapKeys = node['x-kubernetes-list-map-keys'];
  const rules = node['x-kubernetes-validations'];
  if (Array.isArray(rules) && rules.length > 0) out.k8sCel = { rules: rules as CelRule[], schemaPath: at.pointer };

  const isObjectNode = node.type === 'object' || (node.type === undefined && isObject(node.properties));
  const preserves = node['x-kubernetes-preserve-unknown-fields'] === true;
  // Pruning: an object node keeps only the fields it declares, unless it preserves unknown ones
  // or is a map (additionalProperties schema). In a junctor the outer node decides.
  if (!at.junctor && isObjectNode && !preserves && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

/** The JSON Schema of a whole custom resource of one CRD version. */
export function customResourceSchema(openAPIV3Schema: unknown): JsonSchema {
  const root = translate(openAPIV3Schema, { junctor: false, pointer: '' });
  const declared = (root.properties ?? {}) as Record<string, JsonSchema>;
  // The API server always knows apiVersion, kind and metadata at the root; a CRD may restrict
  // metadata.name / generateName only (a pattern or maxLength), never add metadata fields.
  const metaRestrictions = (declared.metadata?.properties ?? {}) as Record<string, JsonSchema>;
  const metadata: JsonSchema = {
    ...OBJECT_META_SCHEMA,
    properties: {
      ...(OBJECT_META_SCHEMA.properties as Record<string, JsonSchema>),
      ...(metaRestrictions.name ? { name: { type: 'string', ...metaRestrictions.name } } : {}),
      ...(metaRestrictions.generateName ? { generateName: { type: 'string', ...metaRestrictions.generateName } } : {}),
    },
  };
  root.properties = { ...declared, apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata };
  root.type = 'object';
  return root;
}
