/** The cdk8s app (`npm run synth`): the team's services → dist/*.k8s.yaml. */
import { App } from 'cdk8s';
import { teamServices } from './services';

const app = new App({ outdir: 'dist' });
teamServices(app);
app.synth();
