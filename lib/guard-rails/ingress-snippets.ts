/**
 * `ingress-snippets`: whoever may create an Ingress must not be able to inject raw NGINX
 * configuration (CVE-2021-25742, CVE-2025-1974 class): it runs with the controller's service
 * account, which reads every Secret of the cluster.
 */
import type { GuardRailRule } from './violation';
import { weakenedSettings, type WeakSetting } from './weak-settings';

const KEEP = 'remove the override: tenants get routing through Ingress fields, not NGINX snippets';

const SETTINGS: readonly WeakSetting[] = [
  {
    path: ['controller', 'allowSnippetAnnotations'],
    weakens: (v) => (v === true ? 'allowSnippetAnnotations: true lets every Ingress author inject raw NGINX configuration' : undefined),
    fix: KEEP,
  },
  {
    path: ['controller', 'config', 'allow-snippet-annotations'],
    weakens: (v) => (v === true || v === 'true' ? 'config allow-snippet-annotations "true" lets every Ingress author inject raw NGINX configuration' : undefined),
    fix: KEEP,
  },
  {
    path: ['controller', 'config', 'annotations-risk-level'],
    weakens: (v) => (v === 'Critical' ? 'annotations-risk-level "Critical" admits the snippet annotations' : undefined),
    fix: 'remove the override (the controller\'s default, High, refuses snippet annotations)',
  },
  {
    path: ['controller', 'enableAnnotationValidations'],
    weakens: (v) => (v === false ? 'enableAnnotationValidations: false lets annotations carry arbitrary NGINX directives' : undefined),
    fix: 'remove the override (annotation validation stays on)',
  },
];

export const ingressSnippets: GuardRailRule = (input) => weakenedSettings(input, 'ingress-snippets', 'ingress-nginx', SETTINGS);
