/** The Pulumi program (`pulumi up --stack payments-stg`): the whole platform from one spec. */
import { Platform } from '@groundwork/platform';
import { spec } from './spec';

const deployed = Platform.fromSpec(spec).deploy();
export const kubeconfig = deployed.cluster.kubeconfig;
