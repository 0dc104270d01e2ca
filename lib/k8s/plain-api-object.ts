/**
 * An ApiObject built from plain JSON props (a kubernetes-models object, a parsed manifest), which
 * renders without cdk8s's per-value resolution. `ApiObject.toJson` runs every value of every
 * object through the app's resolvers and then sanitizes (sorts keys, drops null/undefined) in a
 * second full copy: in a 1000-tenant synth that is most of cdk8s's 2 s. For props that hold no
 * token, lazy or class instance the resolvers change nothing, so one sanitizing copy gives the
 * same JSON. Anything else (a token somewhere, a JSON patch, custom app resolvers,
 * `CDK8S_DISABLE_SORT`) takes cdk8s's own path, so `chart.toJson()` is what it always was.
 */
import { ApiObject, App, ImplicitTokenResolver, LazyResolver, NumberStringUnionResolver, type ApiObjectProps, type JsonPatch } from 'cdk8s';
import type { Construct } from 'constructs';

/** Returned by {@link plainSanitized} when a value is not plain JSON (cdk8s must resolve it). */
const NOT_PLAIN = Symbol('not plain');

/**
 * What cdk8s's `sanitizeValue(resolve(value))` gives for plain JSON data — keys sorted, null and
 * undefined object members dropped (array members become undefined) — or NOT_PLAIN as soon as
 * something could be a token: any function, or any object that is not a plain object or array.
 */
function plainSanitized(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'function') return NOT_PLAIN;
  if (typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) {
      const item = plainSanitized(value[i]);
      if (item === NOT_PLAIN) return NOT_PLAIN;
      out[i] = item;
    }
    return out;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return NOT_PLAIN;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const item = plainSanitized((value as Record<string, unknown>)[key]);
    if (item === NOT_PLAIN) return NOT_PLAIN;
    if (item !== undefined) out[key] = item;
  }
  return out;
}

/** Apps whose resolvers are only cdk8s's built-in ones (which leave plain JSON unchanged). */
const builtInResolversOnly = new WeakMap<App, boolean>();

function resolvesPlainDataUnchanged(app: App): boolean {
  let known = builtInResolversOnly.get(app);
  if (known === undefined) {
    known = app.resolvers.every((r) => r instanceof LazyResolver || r instanceof ImplicitTokenResolver || r instanceof NumberStringUnionResolver);
    builtInResolversOnly.set(app, known);
  }
  return known;
}

/** A cdk8s ApiObject that renders plain JSON props in one copy instead of resolve + sanitize. */
export class PlainApiObject extends ApiObject {
  // ApiObject keeps both private: our own references to read them back.
  private readonly plainProps: ApiObjectProps;
  private patched = false;

  constructor(scope: Construct, id: string, props: ApiObjectProps) {
    super(scope, id, props);
    this.plainProps = props;
  }

  public override addJsonPatch(...ops: JsonPatch[]): void {
    this.patched = true;
    super.addJsonPatch(...ops);
  }

  public override toJson(): any {
    if (this.patched || process.env.CDK8S_DISABLE_SORT || !resolvesPlainDataUnchanged(App.of(this))) return super.toJson();
    const json = plainSanitized({ ...this.plainProps, metadata: this.metadata.toJson() });
    if (json === NOT_PLAIN) return super.toJson();
    // ApiObject.toJson's key order: apiVersion, kind and metadata first, then the rest (sorted).
    const { apiVersion, kind, metadata, ...rest } = json as Record<string, unknown>;
    return { ...(apiVersion !== undefined ? { apiVersion } : {}), ...(kind !== undefined ? { kind } : {}), ...(metadata !== undefined ? { metadata } : {}), ...rest };
  }
}
