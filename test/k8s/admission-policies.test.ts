import { extractPodTemplates, allContainers } from '../../lib/readiness/pod-templates';
import { operatorWorkloads } from '../../lib/readiness/operator-workloads';
import { renderedEnvironment } from '../support/rendered';
import { dev, prod } from '../../stacks/environments';
it('dump', async () => {
  for (const spec of [dev, prod]) {
    const env = await renderedEnvironment(spec);
    const objs = [...env.releases.flatMap((r) => r.objects.map((o: any) => ({ ...o, metadata: { ...o.metadata, namespace: o.metadata?.namespace ?? r.namespace } }))), ...env.manifests];
    const t = extractPodTemplates([...objs, ...operatorWorkloads(objs as any)] as any);
    const lines = t.map((p) => {
      const s = p.spec;
      const cs = allContainers(s);
      const flags = [s.hostNetwork && 'hostNet', s.hostPID && 'hostPID', s.hostIPC && 'hostIPC', (s.volumes ?? []).some((v) => v.hostPath) && 'hostPath',
        cs.some((c) => c.container.securityContext?.privileged) && 'priv',
        cs.some((c) => !c.container.resources?.requests?.cpu || !c.container.resources?.requests?.memory || !c.container.resources?.limits?.memory) && 'nores:' + cs.filter((c) => !c.container.resources?.requests?.cpu || !c.container.resources?.requests?.memory || !c.container.resources?.limits?.memory).map(c=>c.container.name).join(','),
        p.ownerKind === 'Deployment' && s.containers.some((c) => !c.readinessProbe) && 'noready',
      ].filter(Boolean).join(' ');
      return `${p.owner} ${flags} ${[...new Set(cs.map((c) => c.container.image))].join(' ')}`;
    });
    console.log(spec.name + '\n' + lines.join('\n') + '\n' + JSON.stringify(env.spec.security) + env.spec.kubernetesVersion + ' tenants:' + env.spec.tenants.map(t=>t.name));
  }
}, 600000);
