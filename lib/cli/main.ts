/**
 * `groundwork` entry point. Bad input exits 2 with the message only (no stack trace); an
 * unexpected failure exits 1 (set GROUNDWORK_DEBUG=1 for the stack).
 */
import './install-compile-cache'; // first: every module after it compiles through the code cache
import '../plan/lazy-pulumi-modules'; // before anything loads @pulumi/pulumi
import './lazy-locales'; // before anything loads zod or kubernetes-models
import './validator-regexps'; // before kubernetes-models loads its validators
import './lazy-istio-validation'; // before the Istio models load
import { STOCK_ENVIRONMENTS } from '../../stacks/environments';
import { Platform } from '../blueprint/platform';
import { OutputError } from '../output/output-error';
import { RenderSetupError } from '../render/errors';
import { SpecValidationError } from '../spec/errors';
import { describeValue, printableLines, quoted } from '../spec/printable';
import { parseArgs, USAGE, UsageError } from './args';
import { SpecLoadError } from './load-spec';
import { ConfigValidationError } from '../config/groundwork-config';
import { loadConfig } from '../config/load-config';
import { specJson } from './spec-command';
import type { Output } from './synth';

/** An unexpected failure as text: an Error without a message, or a thrown string or null, still says something. */
function unexpectedText(error: unknown): string {
  if (error instanceof Error) return error.message.trim() ? error.message : `unexpected ${error.name} without a message (set GROUNDWORK_DEBUG=1 for the stack)`;
  if (typeof error === 'string' && error.trim()) return error;
  return `unexpected failure: ${describeValue(error)} was thrown instead of an Error`;
}

/** Run the CLI with `argv`; resolves to the exit code. */
export async function main(argv: readonly string[], io: Output): Promise<number> {
  try {
    const args = parseArgs(argv);
    switch (args.command) {
      case 'help':
        io.out(USAGE);
        return 0;
      case 'spec': {
        const spec = STOCK_ENVIRONMENTS[args.envs[0]];
        if (!spec) throw new UsageError(`unknown environment ${quoted(args.envs[0])}; stock environments: ${Object.keys(STOCK_ENVIRONMENTS).join(', ')}`);
        io.out(specJson(Platform.fromSpec(spec, loadConfig(args.configFile).platform)).trimEnd());
        return 0;
      }
      // Each command loads its own modules: a synth never loads the render pipeline (helm,
      // archives, the readiness checks), a render loads what it runs.
      case 'synth':
        return await (await import('./synth')).runSynth(args, io);
      case 'render':
        return await (await import('./render')).runRender(args, io);
    }
  } catch (error) {
    // Messages echo the command line and the spec (escaped where they were built); escaping the
    // whole message again keeps any control character that slipped through off the terminal.
    if (error instanceof UsageError) {
      io.err(`groundwork: ${printableLines(error.message)}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof SpecValidationError || error instanceof ConfigValidationError) {
      io.err(printableLines(error.message));
      return 2;
    }
    // The file is missing, unreadable, not JSON, or its module threw or exited: no usage text, the message has the fix.
    if (error instanceof SpecLoadError) {
      io.err(`groundwork: ${printableLines(error.message)}`);
      return 2;
    }
    // A chart missing from the cache, no helm, values the plan cannot know: the message says what to do.
    if (error instanceof RenderSetupError) {
      io.err(`groundwork: ${printableLines(error.message)}`);
      return 2;
    }
    // Files of the user's in the way, a refused --out, a lock held by another run, a read-only or full disk.
    if (error instanceof OutputError) {
      io.err(`groundwork: ${printableLines(error.message)}`);
      return 2;
    }
    io.err(`groundwork: ${printableLines(unexpectedText(error))}`);
    if (process.env.GROUNDWORK_DEBUG && error instanceof Error) io.err(String(error.stack));
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2), {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  }).then((code) => {
    process.exitCode = code;
  });
}
