/**
 * `helm template` output as objects: every non-empty document (lists flattened, as Helm's
 * client applies them), read with the YAML 1.1 scalar rules Kubernetes' Go YAML reader applies
 * (`yes`/`on` are booleans, `0755` is octal) so a value means here what it means to the API
 * server; sorted (kind, namespace, name) so output order never depends on template order;
 * written back with keys sorted and every ambiguous string quoted.
 */
import { parseAllDocuments, type Tags } from 'yaml';
import { sortKeys, toYamlDocuments } from '../blueprint/canonical';
import type { KubeObject } from '../blueprint/manifests';

// go-yaml (under sigs.k8s.io/yaml) has no sexagesimal numbers, and converting to JSON turns
// timestamps back into strings: keep both as strings instead of the YAML 1.1 schema's types.
const customTags = (tags: Tags): Tags =>
  tags.filter((tag) => {
    const t = tag as { tag?: string; format?: string };
    return t.tag !== 'tag:yaml.org,2002:timestamp' && t.format !== 'TIME';
  });

// Parsed documents by text. CRD bundles are most of the bytes and the same document recurs
// across renders (two API-version rounds, every environment): parse each text once per process.
const parsed = new Map<string, unknown>();
const PARSED_LIMIT = 4000;

function parseDocumentText(text: string, where: string): unknown[] {
  if (parsed.has(text)) return [parsed.get(text)];
  const values = parseAllDocuments(text, { version: '1.1', customTags }).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`${where}: invalid YAML: ${doc.errors[0].message}`);
    return doc.toJS({ maxAliasCount: -1 }) as unknown;
  });
  if (values.length === 1) {
    if (parsed.size >= PARSED_LIMIT) parsed.clear();
    parsed.set(text, values[0]);
  }
  return values;
}

/**
 * A `List` (`kind: List`, or any `<Kind>List` with `items`) as the objects Helm applies: its
 * client flattens lists into their items before sending them to the API server.
 */
function flattenLists(value: unknown): unknown[] {
  const list = value as { kind?: unknown; items?: unknown } | null;
  if (list && typeof list === 'object' && typeof list.kind === 'string' && list.kind.endsWith('List') && Array.isArray(list.items)) {
    return list.items.flatMap(flattenLists);
  }
  return [value];
}

/** Every object of a multi-document YAML stream (lists flattened); throws on a document that is not an object. */
export function parseManifestStream(text: string, where: string): KubeObject[] {
  const objects: KubeObject[] = [];
  // A `---` line at column 0 starts a document (even after a block scalar), so splitting there
  // gives the same documents as the parser would.
  const values = text.split(/^---[ \t]*$/m).flatMap((chunk) => parseDocumentText(chunk, where));
  for (const value of values.flatMap(flattenLists)) {
    if (value === null || value === undefined) continue; // empty documents between `---`
    const object = value as KubeObject;
    if (typeof object !== 'object' || Array.isArray(object) || typeof object.kind !== 'string' || typeof object.apiVersion !== 'string') {
      throw new Error(`${where}: a rendered document is not a Kubernetes object: ${JSON.stringify(value).slice(0, 200)}`);
    }
    // sortKeys copies: the memoised document is never handed out or mutated.
    const copy = sortKeys(object);
    copy.metadata ??= {};
    objects.push(copy);
  }
  return objects;
}

/** Give namespaced objects without a namespace the release namespace, as `helm install` does. */
export function defaultNamespaces(objects: KubeObject[], namespace: string, scopeOf: (apiVersion: string, kind: string) => string): KubeObject[] {
  return objects.map((o) =>
    o.metadata.namespace || scopeOf(o.apiVersion, o.kind) === 'Cluster' ? o : sortKeys({ ...o, metadata: { ...o.metadata, namespace } }),
  );
}

const identity = (o: KubeObject): [string, string, string, string] => [o.kind, o.metadata.namespace ?? '', o.metadata.name ?? '', o.apiVersion];

/** Objects sorted by kind, namespace, name (then apiVersion, then content: a total order). */
export function sortObjects(objects: readonly KubeObject[]): KubeObject[] {
  // The content is the tiebreak of objects with one identity (rare): serialized only for those.
  const keyed = objects.map((o): { o: KubeObject; id: string[]; text?: string } => ({ o, id: identity(o) }));
  const textOf = (k: (typeof keyed)[number]): string => (k.text ??= JSON.stringify(k.o));
  keyed.sort((a, b) => {
    for (let i = 0; i < a.id.length; i++) {
      if (a.id[i] !== b.id[i]) return a.id[i] < b.id[i] ? -1 : 1;
    }
    const at = textOf(a);
    const bt = textOf(b);
    return at < bt ? -1 : at > bt ? 1 : 0;
  });
  return keyed.map((k) => k.o);
}

/** Canonical multi-document YAML of rendered objects (`---` between documents). */
export function renderedYaml(objects: readonly KubeObject[]): string {
  // version 1.1: strings such as "yes", "on" or "1_000" are quoted, so Go YAML readers agree.
  return toYamlDocuments(objects, '1.1');
}
