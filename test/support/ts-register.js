/**
 * `node -r test/support/ts-register.js script.ts`: the tests' child processes (the CLI, output
 * writers, warm-up) load TypeScript as jest's transform does, with swc, through a disk cache of
 * the transpiled text. Under ts-node each child transpiled the ~600 modules it loads again (1–2 s
 * a child, most of its start); here a module is transpiled once per content and swc version.
 *
 * The cache is build output: node_modules/.cache/groundwork-ts (GROUNDWORK_TS_CACHE to move it),
 * entries keyed by the sha256 of the swc version, the options, the file name and its source, so a
 * changed file is a new key and never reads stale code. Entries are written whole (temporary
 * file, then rename): parallel children never read half an entry. A cache that cannot be written
 * only costs the transpile. The code carries an inline source map (run with --enable-source-maps
 * to read stack traces by .ts line).
 *
 * The user-facing `.ts` paths stay on ts-node and are tested there: `npm run synth` and the CLI
 * loading a `.ts` spec (lib/cli/load-spec.ts registers ts-node when nothing handles `.ts` yet;
 * test/cli/messages.test.ts runs the CLI on a .ts spec under ts-node).
 */
'use strict';
const { createHash } = require('node:crypto');
const { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const swc = require('@swc/core');

const OPTIONS = require('./swc-options');

const cacheDir = process.env.GROUNDWORK_TS_CACHE || join(__dirname, '..', '..', 'node_modules', '.cache', 'groundwork-ts');
const keyBase = createHash('sha256').update(`${swc.version}\0${JSON.stringify(OPTIONS)}\0`).digest('hex');

function transpiled(source, filename) {
  const key = createHash('sha256').update(keyBase).update(`${filename}\0`).update(source).digest('hex');
  const file = join(cacheDir, `${key}.js`);
  try {
    return readFileSync(file, 'utf8');
  } catch {
    // not cached yet
  }
  const { code } = swc.transformSync(source, { ...OPTIONS, filename });
  const staging = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(staging, code);
    renameSync(staging, file);
  } catch {
    rmSync(staging, { force: true });
  }
  return code;
}

require.extensions['.ts'] = function loadTypeScript(module, filename) {
  module._compile(transpiled(readFileSync(filename, 'utf8'), filename), filename);
};
