#!/usr/bin/env node
// The `seedlint` command: the bundled CLI (built by `npm run build`).
require('../server/dist/cli.js').main();
