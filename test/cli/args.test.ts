import { parseArgs, UsageError } from '../../lib/cli/args';

describe('parseArgs', () => {
  it('defaults synth to every stock environment into dist/', () => {
    expect(parseArgs(['synth'])).toEqual({ command: 'synth', envs: [], specFile: undefined, outDir: 'dist' });
  });
  it('takes repeated --env, --out and --spec', () => {
    expect(parseArgs(['synth', '--env', 'dev', '--env', 'prod', '--out', 'o'])).toMatchObject({ envs: ['dev', 'prod'], outDir: 'o' });
    expect(parseArgs(['synth', '--spec', 'x.json']).specFile).toBe('x.json');
  });
  it.each([
    [['deploy'], 'unknown command "deploy"'],
    [['synth', '--force'], 'unknown option "--force"'],
    [['synth', '--env'], '--env needs a value'],
    [['synth', '--env', 'dev', '--spec', 'x.json'], 'use either --env or --spec, not both'],
    [['spec'], '"spec" takes exactly one --env NAME'],
    [['synth', '--env', 'prod', '--env', 'dev', '--env', 'prod'], '--env prod is given twice; name each environment once'],
    [['synth', '--out', 'a', '--out', 'b'], '--out can be given once'],
    [['render', '--chart-cache', 'a', '--chart-cache', 'b'], '--chart-cache can be given once'],
    [['synth', '--e\u001b[2Jnv'], 'unknown option "--e\\u001b[2Jnv"'],
  ])('rejects %j with a usage error', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(UsageError);
    expect(() => parseArgs(argv)).toThrow(message);
  });
});
