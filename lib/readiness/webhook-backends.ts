/**
 * Admission webhooks as network flows: the API server calls each webhook's Service, which
 * translates to a target port on the pods it selects. A webhook whose Service, port or pods are
 * missing fails every matching request (failurePolicy Fail) or silently skips its check (Ignore).
 */
import { ofKind } from './kube-objects';
import { matchesSelector } from './label-selector';
import type { PodTemplate } from './pod-templates';
import { asObject, asObjects, asStringMap, refOf, type Finding, type RenderedObject } from './types';

/** One webhook's backend: the pods and the container port the API server ends up calling. */
export interface WebhookBackend {
  /** `ValidatingWebhookConfiguration/<name>` plus the webhook name. */
  webhook: string;
  /** Configuration object reference. */
  configuration: string;
  /** Service `namespace/name:port`. */
  service: string;
  /** Backend pod template. */
  template: PodTemplate;
  /** Container port the traffic reaches. */
  targetPort: number;
}

/** Backends of every service-based webhook, and findings for webhooks whose backend cannot be resolved. */
export function webhookBackends(objects: readonly RenderedObject[], templates: readonly PodTemplate[]): { backends: WebhookBackend[]; findings: Finding[] } {
  const backends: WebhookBackend[] = [];
  const findings: Finding[] = [];
  const services = ofKind(objects, 'Service');
  for (const cfg of [...ofKind(objects, 'ValidatingWebhookConfiguration'), ...ofKind(objects, 'MutatingWebhookConfiguration')]) {
    for (const w of asObjects(cfg.webhooks)) {
      const ref = asObject(asObject(w.clientConfig).service);
      if (!ref.name) continue; // url-based webhooks call out of the cluster
      const webhook = `${refOf(cfg)} webhook ${String(w.name)}`;
      const port = typeof ref.port === 'number' ? ref.port : 443;
      const where = `${String(ref.namespace)}/${String(ref.name)}:${port}`;
      const problem = (text: string, fix: string) => findings.push({ check: 'network.webhook-backend', object: refOf(cfg), problem: `webhook ${String(w.name)} → Service ${where}: ${text}`, fix });
      const svc = services.find((s) => s.metadata.namespace === ref.namespace && s.metadata.name === ref.name);
      if (!svc) {
        problem('the Service is not among the rendered objects', 'render the Service with the release, or point clientConfig.service at the one that exists');
        continue;
      }
      const svcSpec = asObject(svc.spec);
      const svcPort = asObjects(svcSpec.ports).find((p) => p.port === port);
      if (!svcPort) {
        problem(`the Service has no port ${port}`, 'match clientConfig.service.port to a Service port');
        continue;
      }
      const selector = asStringMap(svcSpec.selector);
      const pods = templates.filter((t) => t.namespace === ref.namespace && Object.keys(selector).length > 0 && matchesSelector({ matchLabels: selector }, t.labels));
      if (pods.length === 0) {
        problem(`no rendered pod matches the Service selector ${JSON.stringify(selector)}`, 'fix the Service selector or the pod labels');
        continue;
      }
      for (const t of pods) {
        const target = svcPort.targetPort ?? port;
        const resolved =
          typeof target === 'number'
            ? target
            : [...(t.spec.initContainers ?? []), ...t.spec.containers].flatMap((c) => c.ports ?? []).find((p) => p.name === target)?.containerPort;
        if (resolved === undefined) {
          problem(`targetPort "${String(target)}" is not a named container port of ${t.owner}`, 'name the container port as the Service targets it');
          continue;
        }
        backends.push({ webhook, configuration: refOf(cfg), service: where, template: t, targetPort: resolved });
      }
    }
  }
  return { backends, findings };
}
