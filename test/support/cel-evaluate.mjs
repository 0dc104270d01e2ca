/**
 * Evaluates CRD `x-kubernetes-validations` rules with @marcbachmann/cel-js (in model-worker.mjs:
 * the package is ESM-only). The environment is standard CEL plus the parts of Kubernetes' CEL
 * libraries that the CRDs we install use (regex find/findAll, URLs, IPs, a few string helpers).
 *
 * A rule that evaluates to false is a validation error, as on the API server. A rule we cannot
 * evaluate faithfully is never guessed: it is reported back as not evaluated, with the reason —
 * a function our environment lacks, a runtime error (the API server would reject the object on
 * most of those, but a gap in our environment looks the same, so we do not claim either), or a
 * transition rule (`oldSelf`: on create there is no old object and the API server skips it).
 *
 * Job    { rules: CelRule[], value, pointer, schemaPath }   (value: integers as BigInt)
 * Result { problems: {pointer, message}[], evaluated: number, skipped: {rule, reason}[] }
 */
import { isIP } from 'node:net';
import { Environment } from '@marcbachmann/cel-js';

/** Kubernetes' `url()` value (k8s.io/apiserver/pkg/cel/library/urls.go). */
class KubeURL {
  constructor(text) {
    this.absolutePath = text.startsWith('/');
    this.url = new URL(text, 'http://path-only.invalid');
  }
}

function isRequestURI(text) {
  if (text.startsWith('/')) return true;
  try {
    return new URL(text).protocol.length > 1;
  } catch {
    return false;
  }
}

function kubeEnvironment() {
  const env = new Environment({ unlistedVariablesAreDyn: true, enableOptionalTypes: true, homogeneousAggregateLiterals: false });
  env.registerType('URL', KubeURL);
  // cel-js ships some of these already (lowerAscii, trim, …): its own overload wins.
  const method = (name, receiverType, params, returnType, handler) => {
    try {
      env.registerFunction({ name, receiverType, returnType, params: params.map((type, i) => ({ name: `a${i}`, type })), handler });
    } catch (err) {
      if (!/overlaps with existing overload/.test(err.message)) throw err;
    }
  };
  method('find', 'string', ['string'], 'string', (s, re) => new RegExp(re, 'u').exec(s)?.[0] ?? '');
  method('findAll', 'string', ['string'], 'list<string>', (s, re) => [...s.matchAll(new RegExp(re, 'gu'))].map((m) => m[0]));
  method('lowerAscii', 'string', [], 'string', (s) => s.replace(/[A-Z]/g, (c) => c.toLowerCase()));
  method('upperAscii', 'string', [], 'string', (s) => s.replace(/[a-z]/g, (c) => c.toUpperCase()));
  method('trim', 'string', [], 'string', (s) => s.trim());
  method('replace', 'string', ['string', 'string'], 'string', (s, a, b) => s.split(a).join(b));
  method('getScheme', 'URL', [], 'string', (u) => (u.absolutePath ? '' : u.url.protocol.replace(/:$/, '')));
  method('getHostname', 'URL', [], 'string', (u) => (u.absolutePath ? '' : u.url.hostname.replace(/^\[|\]$/g, '')));
  method('getHost', 'URL', [], 'string', (u) => (u.absolutePath ? '' : u.url.host));
  method('getPort', 'URL', [], 'string', (u) => (u.absolutePath ? '' : u.url.port));
  method('getEscapedPath', 'URL', [], 'string', (u) => u.url.pathname);
  env.registerFunction({ name: 'url', returnType: 'URL', params: [{ name: 'text', type: 'string' }], handler: (t) => new KubeURL(t) });
  env.registerFunction({ name: 'isURL', returnType: 'bool', params: [{ name: 'text', type: 'string' }], handler: isRequestURI });
  env.registerFunction({ name: 'isIP', returnType: 'bool', params: [{ name: 'text', type: 'string' }], handler: (t) => isIP(t) !== 0 });
  return env;
}

let env;
const parsed = new Map();

function compile(expression) {
  if (!parsed.has(expression)) {
    try {
      parsed.set(expression, { program: env.parse(expression) });
    } catch (err) {
      parsed.set(expression, { error: `does not parse: ${err.message.split('\n')[0]}` });
    }
  }
  return parsed.get(expression);
}

/** `.spec.x['y'][0]` (a rule's fieldPath) → `/spec/x/y/0`. */
function fieldPathPointer(fieldPath) {
  const parts = [];
  const re = /\.([A-Za-z_][\w-]*)|\[['"]([^'"]*)['"]\]|\[(\d+)\]/gy;
  let m;
  while ((m = re.exec(fieldPath)) !== null) parts.push(m[1] ?? m[2] ?? m[3]);
  return parts.map((p) => `/${p.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

function evaluateJob(job) {
  const result = { problems: [], evaluated: 0, skipped: [] };
  for (const rule of job.rules) {
    if (/\boldSelf\b/.test(rule.rule)) {
      result.skipped.push({ rule: rule.rule, reason: 'transition rule (oldSelf): not evaluated on create' });
      continue;
    }
    const compiled = compile(rule.rule);
    if (compiled.error) {
      result.skipped.push({ rule: rule.rule, reason: compiled.error });
      continue;
    }
    let value;
    try {
      value = compiled.program({ self: job.value });
    } catch (err) {
      result.skipped.push({ rule: rule.rule, reason: `evaluation error: ${err.message.split('\n')[0]}` });
      continue;
    }
    if (typeof value !== 'boolean') {
      result.skipped.push({ rule: rule.rule, reason: `evaluates to ${typeof value}, not bool` });
      continue;
    }
    result.evaluated++;
    if (value) continue;
    let message = rule.message || `failed rule: ${rule.rule}`;
    if (rule.messageExpression) {
      const expr = compile(rule.messageExpression);
      try {
        const text = expr.program ? expr.program({ self: job.value }) : undefined;
        if (typeof text === 'string' && text !== '') message = text;
      } catch {
        // the static message stands, as on the API server
      }
    }
    const pointer = job.pointer + (rule.fieldPath ? fieldPathPointer(rule.fieldPath) : '');
    result.problems.push({ pointer, message: `${message} (x-kubernetes-validations rule: ${rule.rule})` });
  }
  return result;
}

export function evaluateJobs(jobs) {
  env ??= kubeEnvironment();
  return jobs.map(evaluateJob);
}
