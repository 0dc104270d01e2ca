/**
 * The CLI defers the Istio models' own validation index (a full ajv with every format): loading
 * the models loads no ajv, and validating one loads the real index and validates as it would.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { istioValidationIndex } from '../../lib/cli/lazy-istio-validation';
import { TS_REGISTER } from '../support/ts-child';

const ROOT = join(__dirname, '..', '..');

describe('lazy Istio validation', () => {
  it('resolves the index the Istio models load', () => {
    const index = istioValidationIndex();
    expect(index).toMatch(/@kubernetes-models\/validate\//);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    expect(Object.keys(require(index!) as object).sort()).toEqual(['register', 'validate']);
  });

  it('loads no ajv with the models, and validates a model with the real index on first use', () => {
    const program = `
require(${JSON.stringify(TS_REGISTER)});
require(${JSON.stringify(join(ROOT, 'lib', 'cli', 'lazy-istio-validation.ts'))});
const ajvLoaded = () => Object.keys(require.cache).some((f) => f.endsWith('/ajv/dist/ajv.js'));
const { AuthorizationPolicy } = require('@kubernetes-models/istio/security.istio.io/v1/AuthorizationPolicy');
const afterLoad = ajvLoaded();
const verdict = (spec) => {
  try {
    new AuthorizationPolicy({ metadata: { name: 'p' }, spec }).validate();
    return 'valid';
  } catch (error) {
    return 'invalid';
  }
};
process.stdout.write(JSON.stringify({ afterLoad, good: verdict({ action: 'ALLOW' }), bad: verdict({ action: 7 }), afterValidate: ajvLoaded() }));`;
    const result = spawnSync(process.execPath, ['-e', program], { cwd: ROOT, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({ afterLoad: false, good: 'valid', bad: 'invalid', afterValidate: true });
  });
});
