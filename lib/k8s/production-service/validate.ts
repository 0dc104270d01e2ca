/**
 * Prop validation at the construct boundary (team repos pass props directly): every problem at
 * once, each naming the prop, what is wrong and the fix, in the spec's error format.
 */
import { TENANT_METRICS_PORT } from '../../addons/monitors';
import { invalidMessage, sortIssues, type SpecIssue } from '../../spec/errors';
import { printable } from '../../spec/printable';
import type { PlatformFacts } from './platform';
import { PRODUCTION_SERVICE_DEFAULTS as D, type ProductionServiceProps, type ResolvedServiceProps } from './props';

/** Longest service name: room for the `-canary` suffix within a 63-character DNS label. */
export const MAX_SERVICE_NAME = 50;

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const QUANTITY = /^([0-9]+(\.[0-9]+)?|\.[0-9]+)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;
const MEMORY_QUANTITY = /^([0-9]+(\.[0-9]+)?|\.[0-9]+)(k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;
const TAG = /:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}(@sha256:[a-f0-9]{64})?$/;
const DIGEST = /@sha256:[a-f0-9]{64}$/;
const LATEST = /:latest(@sha256:[a-f0-9]{64})?$/;
const CALLER = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?)\/([a-z0-9]([-a-z0-9.]*[a-z0-9])?)$/;
const EXAMPLE_DIGEST = `@sha256:${'0'.repeat(4)}…`;

/** Props that failed validation; the message lists every problem. */
export class ProductionServiceValidationError extends Error {
  /** The problems, sorted by prop. */
  readonly issues: SpecIssue[];

  constructor(name: string, issues: readonly SpecIssue[]) {
    const sorted = sortIssues(issues);
    super(invalidMessage(`ProductionService "${printable(name)}"`, sorted));
    this.name = 'ProductionServiceValidationError';
    this.issues = sorted;
  }
}

type Issues = SpecIssue[];
const issue = (out: Issues, path: string, problem: string, fix: string): void => void out.push({ path, problem, fix });
const show = (v: unknown): string => JSON.stringify(v) ?? String(v);

function checkPort(out: Issues, path: string, value: unknown): void {
  if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > 65535) {
    issue(out, path, `${show(value)} is not a TCP port`, 'use an integer from 1 to 65535, e.g. 8080');
  } else if ((value as number) >= 15000 && (value as number) <= 15099) {
    issue(out, path, `${value} is in 15000–15099, which the Istio sidecar reserves`, 'listen on another port, e.g. 8080');
  }
}

function checkImage(out: Issues, path: string, image: unknown, facts: PlatformFacts): void {
  if (typeof image !== 'string' || image === '') return issue(out, path, 'is required', 'name the image, e.g. "<registry>/team/api:1.4.2@sha256:<digest>"');
  const production = facts.spec.tier === 'production';
  if ((!TAG.test(image) && !DIGEST.test(image)) || LATEST.test(image)) {
    issue(out, path, `"${image}" has no tag or digest, or is tagged latest: what runs would change without a deploy`, `pin a version, e.g. "${image.replace(/[:@].*$/, '')}:1.4.2${production ? EXAMPLE_DIGEST : ''}"`);
  } else if (production && !DIGEST.test(image)) {
    issue(out, path, `"${image}" has no digest; production admits images pinned by digest only`, `append the digest: "${image}@sha256:<digest>" (docker buildx imagetools inspect prints it)`);
  }
  const registries = facts.spec.security.allowedRegistries;
  if (!registries.some((r) => image.startsWith(r))) {
    issue(out, path, `"${image}" is not from a registry the platform admits`, `push it to one of: ${registries.join(', ')}`);
  }
}

function checkQuantity(out: Issues, path: string, value: unknown, memory: boolean): void {
  if (value === undefined) return;
  const ok = typeof value === 'string' && (memory ? MEMORY_QUANTITY : QUANTITY).test(value) && Number.parseFloat(value) > 0;
  if (!ok) issue(out, path, `${show(value)} is not a positive ${memory ? 'memory' : 'CPU'} quantity`, memory ? 'use bytes with a suffix, e.g. "256Mi" or "1Gi"' : 'use cores or millicores, e.g. "250m" or "1"');
}

/** Bytes of a memory quantity already checked by `checkQuantity`. */
function bytes(q: string): number {
  const m = /^([0-9.]+)([A-Za-z]*)$/.exec(q)!;
  const units: Record<string, number> = { '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
  return Number.parseFloat(m[1]) * units[m[2]];
}

function checkPath(out: Issues, path: string, value: unknown): void {
  if (value !== undefined && (typeof value !== 'string' || !value.startsWith('/') || /\s/.test(value))) {
    issue(out, path, `${show(value)} is not an absolute HTTP path`, 'start it with "/" and use no spaces, e.g. "/readyz"');
  }
}

function positiveInt(out: Issues, path: string, value: unknown, fix: string, min = 1, max = Number.MAX_SAFE_INTEGER): void {
  if (value !== undefined && (!Number.isInteger(value) || (value as number) < min || (value as number) > max)) issue(out, path, `${show(value)} is out of range (${min}–${max === Number.MAX_SAFE_INTEGER ? '∞' : max})`, fix);
}

/** Validate `props` against the platform and apply the defaults; throws one aggregated error. */
export function resolveServiceProps(id: string, props: ProductionServiceProps, facts: PlatformFacts): ResolvedServiceProps {
  const out: Issues = [];
  const { spec } = facts;
  const name = props.name ?? id;
  if (typeof name !== 'string' || name.length > MAX_SERVICE_NAME || !DNS_LABEL.test(name)) {
    issue(out, 'name', `${show(name)} is not a DNS-1123 label of at most ${MAX_SERVICE_NAME} characters`, 'use lowercase letters, digits and "-", starting and ending with a letter or digit, e.g. "checkout-api"');
  }
  const tenants = spec.tenants.map((t) => t.name);
  if (!tenants.includes(props.namespace)) {
    issue(out, 'namespace', `${show(props.namespace)} is not a tenant of environment "${spec.name}"`, tenants.length > 0 ? `use one of: ${tenants.join(', ')}` : 'add the tenant to the spec first');
  }
  checkImage(out, 'image', props.image, facts);
  checkPort(out, 'port', props.port ?? D.port);
  const r = props.resources ?? {};
  checkQuantity(out, 'resources.cpu', r.cpu, false);
  checkQuantity(out, 'resources.memory', r.memory, true);
  checkQuantity(out, 'resources.memoryLimit', r.memoryLimit, true);
  const memory = r.memory ?? D.memory;
  const memoryLimit = r.memoryLimit ?? memory;
  if (out.every((i) => !i.path.startsWith('resources.memory')) && bytes(memoryLimit) < bytes(memory)) {
    issue(out, 'resources.memoryLimit', `${memoryLimit} is below the memory request ${memory}`, `raise it to at least ${memory}, or lower resources.memory`);
  }
  const p = props.probes ?? {};
  checkPath(out, 'probes.readinessPath', p.readinessPath);
  checkPath(out, 'probes.livenessPath', p.livenessPath);
  positiveInt(out, 'probes.startupSeconds', p.startupSeconds, 'give the seconds a pod may take to start, e.g. 60', 5, 3600);

  const floor = spec.tier === 'development' ? 1 : 2;
  const min = props.replicas?.min ?? Math.max(spec.profile.replicas, floor);
  const max = props.replicas?.max ?? Math.max(D.maxReplicas, min);
  positiveInt(out, 'replicas.min', props.replicas?.min, 'use a positive integer, e.g. 3');
  positiveInt(out, 'replicas.max', props.replicas?.max, 'use a positive integer, e.g. 10');
  if (Number.isInteger(min) && min < floor) issue(out, 'replicas.min', `${min} leaves a ${spec.tier} service down during a node drain or a zone outage`, `use at least ${floor}`);
  if (Number.isInteger(min) && Number.isInteger(max) && min > max) issue(out, 'replicas', `min ${min} is greater than max ${max}`, `lower replicas.min or raise replicas.max to at least ${min}`);
  positiveInt(out, 'replicas.cpuTargetPercent', props.replicas?.cpuTargetPercent, 'use a percent of the CPU request, e.g. 70', 1, 100);

  const callers = (props.callers ?? []).flatMap((c, i) => {
    const m = typeof c === 'string' ? CALLER.exec(c) : null;
    if (!m) {
      issue(out, `callers[${i}]`, `${show(c)} is not a caller`, 'name it as "<namespace>/<service account>", e.g. "team-b/checkout"');
      return [];
    }
    return [{ namespace: m[1], serviceAccount: m[3] }];
  });

  const expose = props.expose ?? true;
  const domain = spec.domain;
  const defaultHost = `${name}-${props.namespace}.${domain ?? ''}`;
  const hostnames = [...(props.hostnames ?? (expose && domain ? [defaultHost] : []))].sort();
  if (expose && !domain) issue(out, 'expose', `environment "${spec.name}" has no domain, so its edge serves no hostnames`, 'set expose: false for a cluster-internal service, or set the spec\'s domain');
  // A bad name already reported would only repeat itself in the default hostname.
  if (domain && (props.hostnames !== undefined || !out.some((i) => i.path === 'name'))) {
    hostnames.forEach((h, i) => {
      // The edge listener and its wildcard certificate cover exactly one label under the domain.
      if (typeof h !== 'string' || !h.endsWith(`.${domain}`) || !DNS_LABEL.test(h.slice(0, -domain.length - 1))) {
        issue(out, `hostnames[${i}]`, `${show(h)} is not one label (≤ 63 characters) under the edge's domain ${domain}`, `set hostnames to names like "${name}.${domain}"`);
      }
    });
  }
  checkPath(out, 'pathPrefix', props.pathPrefix);

  const c = props.canary;
  if (c) {
    checkImage(out, 'canary.image', c.image, facts);
    if (typeof c.weight !== 'number' || !Number.isInteger(c.weight) || c.weight < 0 || c.weight > 100) {
      issue(out, 'canary.weight', `${show(c.weight)} is not a percent of traffic`, 'use an integer from 0 to 100 (the stable Deployment gets 100 - weight)');
    }
    positiveInt(out, 'canary.replicas', c.replicas, 'use a positive integer, e.g. 1');
    if (!expose) issue(out, 'canary', 'a canary takes its share of edge traffic, and the service is not exposed', 'set expose: true, or remove canary');
  }
  if (props.metrics) {
    const metricsPort = props.metrics.port ?? TENANT_METRICS_PORT;
    if (metricsPort !== TENANT_METRICS_PORT) {
      issue(out, 'metrics.port', `${show(metricsPort)} is not the platform's tenant metrics port`, `serve metrics on ${TENANT_METRICS_PORT}: the platform's Prometheus may reach tenant pods on that port only (and the sidecar's 15090)`);
    }
    if (metricsPort === (props.port ?? D.port)) issue(out, 'metrics.port', `${metricsPort} is the traffic port`, `serve the application on another port: ${TENANT_METRICS_PORT} is opened to Prometheus alone`);
    checkPath(out, 'metrics.path', props.metrics.path);
  }
  const labels = { 'groundwork.dev/team': props.namespace, ...(props.labels ?? {}), 'app.kubernetes.io/name': name };
  const missing = spec.security.requiredLabels.filter((l) => !labels[l as keyof typeof labels]);
  if (missing.length > 0) {
    issue(out, 'labels', `missing the labels the platform requires on every pod: ${missing.join(', ')}`, `add them, e.g. labels: { ${missing.map((l) => `'${l}': '…'`).join(', ')} }`);
  }
  if (out.length > 0) throw new ProductionServiceValidationError(String(name), out);
  return {
    name,
    namespace: props.namespace,
    image: props.image,
    port: props.port ?? D.port,
    labels,
    env: { ...(props.env ?? {}) },
    resources: { cpu: r.cpu ?? D.cpu, memory, memoryLimit },
    probes: { readinessPath: p.readinessPath ?? D.readinessPath, livenessPath: p.livenessPath ?? D.livenessPath, startupSeconds: p.startupSeconds ?? D.startupSeconds },
    replicas: { min, max, cpuTargetPercent: props.replicas?.cpuTargetPercent ?? D.cpuTargetPercent },
    callers,
    expose,
    hostnames,
    pathPrefix: props.pathPrefix ?? D.pathPrefix,
    canary: c ? { image: c.image, weight: c.weight, replicas: c.replicas ?? D.canaryReplicas } : undefined,
    metrics: props.metrics ? { port: props.metrics.port ?? TENANT_METRICS_PORT, path: props.metrics.path ?? D.metricsPath } : undefined,
  };
}
