/**
 * What a chart declares at a values key path: its values.yaml (with Istio's
 * `_internal_defaults_do_not_set` block hoisted, as its templates do), its values.schema.json
 * `properties`, and its subcharts under their key (plus `global.`). Keys under a default of
 * `{}`, `null`, a free-form map (labels, annotations, nodeSelector, extraArgs) or a Kubernetes
 * block (resources, securityContext, affinity, probes) are open.
 */
import type { ChartArchive } from './chart-archive';

/** Outcome of looking a path up. */
export type Lookup =
  | { declared: true }
  | { declared: false; depth: number; siblings: string[]; found?: 'list' | 'scalar' };

type Json = Record<string, unknown>;
const isMap = (v: unknown): v is Json => !!v && typeof v === 'object' && !Array.isArray(v);

/** Maps whose keys are data (labels, annotations, selectors, flags), not chart settings. */
const FREE_FORM_KEY = /(annotations|labels)$|^(nodeSelector|extraArgs)$/i;
/**
 * Kubernetes API blocks charts pass through whole (`toYaml .Values.resources`): their fields are
 * Kubernetes', not the chart's, and the rendered objects are schema-validated field by field.
 */
const KUBERNETES_BLOCK_KEY = /^(resources|(pod|container)?securityContext|affinity|(liveness|readiness|startup)Probe)$/i;

/** A map whose keys are data or a Kubernetes block, not settings: its name says so, or its keys are not identifiers. */
function isFreeForm(name: string | undefined, node: Json): boolean {
  return (name !== undefined && (FREE_FORM_KEY.test(name) || KUBERNETES_BLOCK_KEY.test(name))) || Object.keys(node).some((k) => /[/.]/.test(k));
}

function deepMerge(base: Json, over: Json): Json {
  const out: Json = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = isMap(out[k]) && isMap(v) ? deepMerge(out[k] as Json, v) : v;
  return out;
}

const HOISTED = '_internal_defaults_do_not_set';

/** values.yaml as the templates see it. */
function effectiveValues(chart: ChartArchive): Json {
  const hoisted = chart.values[HOISTED];
  // Istio charts keep their defaults under this key and merge them to the top in templates/zzz_profile.yaml.
  const reads = [...chart.files].some(([path, data]) => path.startsWith('templates/') && data.includes(HOISTED));
  if (!isMap(hoisted) || !reads) return chart.values;
  const { [HOISTED]: _omit, ...rest } = chart.values;
  void _omit;
  return deepMerge(hoisted, rest);
}

/** Look `path` up in a values tree. */
export function lookupValues(tree: Json, path: readonly string[]): Lookup {
  let node: unknown = tree;
  let name: string | undefined;
  for (let depth = 0; depth < path.length; depth++) {
    if (node === null || node === undefined) return { declared: true };
    if (!isMap(node)) return { declared: false, depth, siblings: [], found: Array.isArray(node) ? 'list' : 'scalar' };
    if (depth > 0 && (Object.keys(node).length === 0 || isFreeForm(name, node))) return { declared: true };
    const key = path[depth];
    if (!(key in node)) return { declared: false, depth, siblings: Object.keys(node) };
    node = node[key];
    name = key;
  }
  return { declared: true };
}

function resolveRef(root: Json, schema: Json, seen = 0): Json {
  const ref = schema.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#') || seen > 32) return schema;
  const target = ref
    .slice(1)
    .split('/')
    .filter(Boolean)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, key) => (isMap(node) ? node[key] : undefined), root);
  if (!isMap(target)) return schema;
  const { $ref: _ref, ...rest } = schema;
  void _ref;
  return { ...resolveRef(root, target, seen + 1), ...rest };
}

/** The schema and every branch it combines (allOf/anyOf/oneOf/then/else), refs resolved. */
function branches(root: Json, schema: Json, depth = 0): Json[] {
  const resolved = resolveRef(root, schema);
  const out = [resolved];
  if (depth > 8) return out;
  for (const key of ['allOf', 'anyOf', 'oneOf']) {
    const list = resolved[key];
    if (Array.isArray(list)) for (const s of list) if (isMap(s)) out.push(...branches(root, s, depth + 1));
  }
  for (const key of ['then', 'else']) if (isMap(resolved[key])) out.push(...branches(root, resolved[key] as Json, depth + 1));
  return out;
}

const allowsObject = (s: Json): boolean => s.type === undefined || s.type === 'object' || (Array.isArray(s.type) && s.type.includes('object'));

/** Whether `path` is declared by a values.schema.json (named properties; open maps without any). */
export function lookupSchema(root: Json, path: readonly string[]): boolean {
  let nodes: Json[] = [root];
  for (const key of path) {
    const next: Json[] = [];
    let open = false;
    for (const node of nodes.flatMap((n) => branches(root, n))) {
      const props = isMap(node.properties) ? node.properties : undefined;
      const patterns = isMap(node.patternProperties) ? node.patternProperties : undefined;
      if (props && isMap(props[key])) next.push(props[key] as Json);
      if (patterns) for (const [re, s] of Object.entries(patterns)) if (isMap(s) && new RegExp(re).test(key)) next.push(s);
      if (!props && !patterns && node.additionalProperties !== false && allowsObject(node)) open = true;
      else if (props && isMap(node.additionalProperties) && !(key in props)) next.push(node.additionalProperties as Json);
    }
    if (open) return true;
    if (next.length === 0) return false;
    nodes = next;
  }
  return true;
}

/** Whether `chart` (with its subcharts) declares `path`; the values.yaml lookup for messages. */
export function lookupChart(chart: ChartArchive, path: readonly string[]): Lookup {
  const own = lookupValues(effectiveValues(chart), path);
  if (own.declared) return own;
  if (chart.schema && lookupSchema(chart.schema, path)) return { declared: true };
  const sub = chart.subcharts.get(path[0]);
  if (sub && path.length > 1 && lookupChart(sub, path.slice(1)).declared) return { declared: true };
  if (path[0] === 'global' && [...chart.subcharts.values()].some((s) => lookupChart(s, path).declared)) return { declared: true };
  return own;
}
