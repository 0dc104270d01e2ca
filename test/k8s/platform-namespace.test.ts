import { PlatformNamespace } from '../../lib/k8s/platform-namespace';
import { validateObjects } from '../support/schema';
import { chart, synth } from './helpers';

describe('PlatformNamespace', () => {
  it('matches the snapshot', () => {
    const c = chart();
    new PlatformNamespace(c, 'ns', { name: 'ingress-nginx', environment: 'prod', podSecurity: 'baseline', labels: { 'istio-injection': 'enabled' } });
    expect(synth(c)).toMatchSnapshot();
  });

  it('enforces, audits and warns at restricted by default', () => {
    const c = chart();
    new PlatformNamespace(c, 'ns', { name: 'cert-manager', environment: 'dev' });
    const [ns] = synth(c);
    for (const mode of ['enforce', 'audit', 'warn']) {
      expect(ns.metadata.labels?.[`pod-security.kubernetes.io/${mode}`]).toBe('restricted');
      expect(ns.metadata.labels?.[`pod-security.kubernetes.io/${mode}-version`]).toBe('latest');
    }
    expect(ns.metadata.labels).toMatchObject({
      'app.kubernetes.io/managed-by': 'groundwork',
      'app.kubernetes.io/part-of': 'groundwork',
      'groundwork.dev/environment': 'dev',
    });
    expect(ns.metadata.name).toBe('cert-manager');
  });

  it('does not let an extra label weaken the Pod Security level', () => {
    const c = chart();
    new PlatformNamespace(c, 'ns', { name: 'x', environment: 'dev', labels: { 'pod-security.kubernetes.io/enforce': 'privileged' } });
    expect(synth(c)[0].metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  it('passes the upstream schema', () => {
    const c = chart();
    new PlatformNamespace(c, 'ns', { name: 'x', environment: 'dev' });
    expect(validateObjects(synth(c))).toEqual([]);
  });
});
