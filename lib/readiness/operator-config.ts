/**
 * What prometheus-operator is told on its command line, read from the rendered operator
 * Deployment: the config-reloader image and resources it puts into every Prometheus and
 * Alertmanager pod, the default base images, and the labels it adds to everything it creates.
 * Flags it does not pass take the operator's documented defaults (Documentation/operator.md,
 * generated from cmd/operator/main.go).
 */
import { parseImage } from './images';
import { asObject, asObjects, type RenderedObject } from './types';

/** Resources of an operator-built container. */
export interface ContainerResourcesModel {
  requests: Record<string, string>;
  limits: Record<string, string>;
}

/** The operator settings that shape the StatefulSets it creates. */
export interface OperatorConfig {
  /** The operator Deployment read (`Kind/namespace/name`), or none: defaults only. @default none */
  source?: string;
  /** Image of the config-reloader containers; without a tag when the operator's version is unknown. */
  reloaderImage: string;
  /** Resources of the config-reloader containers (`--config-reloader-*`; "0" unsets one). */
  reloaderResources: ContainerResourcesModel;
  /** `--prometheus-default-base-image`. */
  prometheusBaseImage: string;
  /** `--alertmanager-default-base-image`. */
  alertmanagerBaseImage: string;
  /** `--thanos-default-base-image`. */
  thanosBaseImage: string;
  /** `--labels`: added to every object and pod the operator creates. */
  labels: Record<string, string>;
}

/** The operator's own image repository (its tag is the version of the reloader it defaults to). */
const OPERATOR_REPOSITORY = /(^|\/)prometheus-operator\/prometheus-operator$/;

/** Flag defaults of the operator binary (CLI reference). */
const DEFAULTS = {
  'config-reloader-cpu-request': '10m',
  'config-reloader-cpu-limit': '10m',
  'config-reloader-memory-request': '50Mi',
  'config-reloader-memory-limit': '50Mi',
  'prometheus-default-base-image': 'quay.io/prometheus/prometheus',
  'alertmanager-default-base-image': 'quay.io/prometheus/alertmanager',
  'thanos-default-base-image': 'quay.io/thanos/thanos',
} as const;

/** `--name=value` / `-name=value` arguments; the chart passes every flag in this form (a split `--name value` is not read). */
function flags(args: unknown): Map<string, string> {
  const out = new Map<string, string>();
  for (const a of Array.isArray(args) ? args.map(String) : []) {
    const m = /^--?([a-z0-9.-]+)=(.*)$/.exec(a);
    if (m) out.set(m[1], m[2]);
  }
  return out;
}

/** `--labels=k=v,k2=v2` as a map. */
function labelFlag(value: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of (value ?? '').split(',').filter(Boolean)) {
    const eq = pair.indexOf('=');
    if (eq > 0) out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return out;
}

/** The operator container among the objects: its image is the operator's, or it names a config-reloader image. */
function operatorContainer(objects: readonly RenderedObject[]): { owner: RenderedObject; container: Record<string, unknown> } | undefined {
  for (const o of objects) {
    if (o.kind !== 'Deployment') continue;
    for (const c of asObjects(asObject(asObject(asObject(o.spec).template).spec).containers)) {
      const image = typeof c.image === 'string' ? parseImage(c.image).repository : '';
      if (OPERATOR_REPOSITORY.test(image) || flags(c.args).has('prometheus-config-reloader')) return { owner: o, container: c };
    }
  }
  return undefined;
}

/**
 * The operator's configuration from the rendered objects. Namespace scoping (`--namespaces`,
 * instance selectors) is not modelled: every rendered Prometheus/Alertmanager is taken as
 * reconciled, which judges more pods, never fewer. Without an operator Deployment the flag
 * defaults apply and the reloader image carries no tag (its version would be the operator's).
 */
export function readOperatorConfig(objects: readonly RenderedObject[]): OperatorConfig {
  const found = operatorContainer(objects);
  const f = flags(found?.container.args);
  const flag = (name: keyof typeof DEFAULTS) => f.get(name) ?? DEFAULTS[name];
  const operatorTag = found && typeof found.container.image === 'string' ? parseImage(found.container.image).tag : undefined;
  const reloaderImage = f.get('prometheus-config-reloader') ?? `quay.io/prometheus-operator/prometheus-config-reloader${operatorTag ? `:${operatorTag}` : ''}`;
  const set = (out: Record<string, string>, key: string, value: string) => {
    if (value !== '0' && value !== '') out[key] = value;
  };
  const requests: Record<string, string> = {};
  const limits: Record<string, string> = {};
  set(requests, 'cpu', flag('config-reloader-cpu-request'));
  set(requests, 'memory', flag('config-reloader-memory-request'));
  set(limits, 'cpu', flag('config-reloader-cpu-limit'));
  set(limits, 'memory', flag('config-reloader-memory-limit'));
  return {
    ...(found ? { source: `Deployment/${found.owner.metadata.namespace ?? 'default'}/${found.owner.metadata.name ?? ''}` } : {}),
    reloaderImage,
    reloaderResources: { requests, limits },
    prometheusBaseImage: flag('prometheus-default-base-image'),
    alertmanagerBaseImage: flag('alertmanager-default-base-image'),
    thanosBaseImage: flag('thanos-default-base-image'),
    labels: labelFlag(f.get('labels')),
  };
}
