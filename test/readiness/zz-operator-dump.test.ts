import { writeFileSync } from 'node:fs';
import { prod } from '../../stacks/environments';
import { renderedEnvironment } from '../support/rendered';
it('dumps', async () => {
  const env = await renderedEnvironment(prod);
  const pick = env.objects.filter((o: any) => ['Prometheus', 'Alertmanager', 'PodDisruptionBudget', 'NetworkPolicy', 'CiliumNetworkPolicy', 'Service'].includes(o.kind) || (o.kind === 'Deployment' && /operator/.test(o.metadata.name)));
  writeFileSync('/tmp/tmp.BfrZlrWHys/prod.json', JSON.stringify(pick, null, 1));
  writeFileSync('/tmp/tmp.BfrZlrWHys/kinds.json', JSON.stringify([...new Set(env.objects.map((o: any) => o.kind))]));
}, 600000);
