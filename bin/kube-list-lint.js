#!/usr/bin/env node
'use strict';
// The published package runs the esbuild bundle; a checkout runs it after `npm ci` (which builds).
const { main } = require('../dist/cli.js');
main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
