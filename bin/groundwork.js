#!/usr/bin/env node
// Installed package: run the compiled CLI.
const { main } = require('../build/lib/cli/main.js');
main(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
}).then((code) => {
  process.exitCode = code;
});
