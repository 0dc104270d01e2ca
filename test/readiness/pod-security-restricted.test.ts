import { checkPodSecurity, evaluatePodSecurity, rulesFor } from '../../lib/readiness/pod-security';
import { readNamespaces } from '../../lib/readiness/namespaces';
import { RESTRICTED_RULES } from '../../lib/readiness/pod-security-restricted';
import type { PodSpec } from '../../lib/readiness/pod-templates';
import { goodContainer, goodSpec, namespaceObject, namespacesOf, template } from './helpers';

const c = goodContainer;
const sc = (extra: Record<string, unknown>) => ({ ...goodContainer().securityContext, ...extra });

/** One failing and one passing pod per restricted-only control. */
const CASES: Array<{ rule: string; fail: PodSpec; pass: PodSpec }> = [
  { rule: 'restrictedVolumes', fail: goodSpec({ volumes: [{ name: 'nfs', nfs: { server: 'x', path: '/' } }] }), pass: goodSpec({ volumes: [{ name: 'a', configMap: { name: 'c' } }, { name: 'b', projected: { sources: [] } }, { name: 'defaulted' }] }) },
  { rule: 'allowPrivilegeEscalation', fail: goodSpec({ containers: [c('app', { securityContext: sc({ allowPrivilegeEscalation: undefined }) })] }), pass: goodSpec() },
  { rule: 'allowPrivilegeEscalation', fail: goodSpec({ containers: [c('app', { securityContext: sc({ allowPrivilegeEscalation: true }) })] }), pass: goodSpec() },
  { rule: 'runAsNonRoot', fail: goodSpec({ containers: [c('app', { securityContext: sc({ runAsNonRoot: undefined }) })] }), pass: goodSpec({ securityContext: { runAsNonRoot: true }, containers: [c('app', { securityContext: sc({ runAsNonRoot: undefined }) })] }) },
  { rule: 'runAsNonRoot', fail: goodSpec({ securityContext: { runAsNonRoot: true }, containers: [c('app', { securityContext: sc({ runAsNonRoot: false }) })] }), pass: goodSpec() },
  { rule: 'runAsUser', fail: goodSpec({ securityContext: { runAsUser: 0 } }), pass: goodSpec({ securityContext: { runAsUser: 65532 } }) },
  { rule: 'runAsUser', fail: goodSpec({ containers: [c('app', { securityContext: sc({ runAsUser: 0 }) })] }), pass: goodSpec() },
  { rule: 'seccompProfile_restricted', fail: goodSpec({ containers: [c('app', { securityContext: sc({ seccompProfile: undefined }) })] }), pass: goodSpec({ securityContext: { seccompProfile: { type: 'RuntimeDefault' } }, containers: [c('app', { securityContext: sc({ seccompProfile: undefined }) })] }) },
  { rule: 'seccompProfile_restricted', fail: goodSpec({ securityContext: { seccompProfile: { type: 'Unconfined' } } }), pass: goodSpec({ containers: [c('app', { securityContext: sc({ seccompProfile: { type: 'Localhost', localhostProfile: 'p.json' } }) })] }) },
  { rule: 'capabilities_restricted', fail: goodSpec({ containers: [c('app', { securityContext: sc({ capabilities: {} }) })] }), pass: goodSpec({ containers: [c('app', { securityContext: sc({ capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } }) })] }) },
  { rule: 'capabilities_restricted', fail: goodSpec({ containers: [c('app', { securityContext: sc({ capabilities: { drop: ['ALL'], add: ['CHOWN'] } }) })] }), pass: goodSpec() },
  { rule: 'procMount_restricted', fail: goodSpec({ hostUsers: false, containers: [c('app', { securityContext: sc({ procMount: 'Unmasked' }) })] }), pass: goodSpec({ containers: [c('app', { securityContext: sc({ procMount: 'Default' }) })] }) },
];

describe('Pod Security restricted', () => {
  it.each(CASES.map((k, i) => [`${k.rule} #${i}`, k] as const))('%s: refuses the failing pod with the rule named and admits the passing one', (_n, k) => {
    expect(evaluatePodSecurity({ annotations: {}, spec: k.fail }, 'restricted').map((v) => v.rule.id)).toEqual([k.rule]);
    expect(evaluatePodSecurity({ annotations: {}, spec: k.pass }, 'restricted')).toEqual([]);
  });

  it('has a failing and a passing fixture for every restricted rule', () => {
    expect(new Set(CASES.map((k) => k.rule))).toEqual(new Set(RESTRICTED_RULES.map((r) => r.id)));
  });

  it('restricted includes baseline, minus the baseline rules its own rules replace', () => {
    const ids = rulesFor('restricted').map((r) => r.id);
    expect(ids).toContain('hostPathVolumes');
    expect(ids).not.toContain('capabilities_baseline');
    expect(ids).not.toContain('seccompProfile_baseline');
    // A NET_ADMIN container is reported once, by the stricter rule.
    const v = evaluatePodSecurity({ annotations: {}, spec: goodSpec({ containers: [c('app', { securityContext: sc({ capabilities: { drop: ['ALL'], add: ['NET_ADMIN'] } }) })] }) }, 'restricted');
    expect(v.map((x) => x.rule.id)).toEqual(['capabilities_restricted']);
  });

  it('checks init and ephemeral containers too', () => {
    const spec = goodSpec({ initContainers: [{ name: 'init', image: 'x:1' }], ephemeralContainers: [{ name: 'debug', image: 'x:1' }] });
    const containers = new Set(evaluatePodSecurity({ annotations: {}, spec }, 'restricted').map((v) => v.container));
    expect(containers).toEqual(new Set(['init', 'debug']));
  });

  it('refuses a pod without seccomp in a restricted namespace, naming the rule, the namespace and the container', () => {
    const ns = namespacesOf(namespaceObject('apps', 'restricted'));
    const findings = checkPodSecurity([template(goodSpec({ containers: [c('app', { securityContext: sc({ seccompProfile: undefined }) })] }))], ns);
    expect(findings).toEqual([
      expect.objectContaining({
        check: 'pod-security.seccompProfile_restricted',
        object: 'Deployment/apps/app',
        container: 'app',
        problem: expect.stringContaining('refused by Pod Security "restricted" (namespace apps, enforce label)'),
        fix: expect.stringContaining('RuntimeDefault'),
      }),
    ]);
  });

  it('judges each namespace by its own enforce label; unlabelled and undeclared namespaces are privileged (EKS default)', () => {
    const spec = goodSpec({ hostNetwork: true });
    const ns = namespacesOf(namespaceObject('base', 'baseline'), namespaceObject('open'));
    expect(checkPodSecurity([template(spec, { namespace: 'base' })], ns).map((f) => f.check)).toEqual(['pod-security.hostNamespaces']);
    expect(checkPodSecurity([template(spec, { namespace: 'open' }), template(spec, { namespace: 'kube-system' })], ns)).toEqual([]);
    expect(ns.get('kube-system')).toEqual(expect.objectContaining({ level: 'privileged', levelSource: 'eks-default' }));
  });

  it('lets an explicit override set the level of a namespace the objects do not label', () => {
    const ns = readNamespaces([], { 'kube-system': 'baseline' });
    expect(checkPodSecurity([template(goodSpec({ hostPID: true }), { namespace: 'kube-system' })], ns).map((f) => f.check)).toEqual(['pod-security.hostNamespaces']);
  });
});
