// Bundles the extension client, the language server (node and web worker) and the CLI with
// esbuild, and puts web-tree-sitter's runtime wasm next to the server bundles.

import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const production = process.argv.includes('--production');

// web-tree-sitter's CJS build reads import.meta.url; give CJS bundles a real one.
const importMetaShim = {
  banner: { js: 'const __import_meta_url = require("url").pathToFileURL(__filename).href;' },
  define: { 'import.meta.url': '__import_meta_url' },
};

const common = { bundle: true, sourcemap: !production, minify: production, logLevel: 'warning', target: 'es2022' };

await Promise.all([
  build({ ...common, entryPoints: ['client/src/extension.node.ts'], outfile: 'client/dist/extension.node.js', platform: 'node', format: 'cjs', external: ['vscode'] }),
  build({ ...common, entryPoints: ['client/src/extension.browser.ts'], outfile: 'client/dist/extension.browser.js', platform: 'browser', format: 'cjs', external: ['vscode'] }),
  build({ ...common, ...importMetaShim, entryPoints: ['server/src/main.node.ts'], outfile: 'server/dist/server.node.js', platform: 'node', format: 'cjs' }),
  build({ ...common, ...importMetaShim, entryPoints: ['server/src/cli.ts'], outfile: 'server/dist/cli.js', platform: 'node', format: 'cjs' }),
  build({
    ...common,
    entryPoints: ['server/src/main.browser.ts'],
    outfile: 'server/dist/server.browser.js',
    platform: 'browser',
    format: 'iife',
    // web-tree-sitter derives its wasm URL from import.meta.url even when handed the bytes (the
    // worker always hands them over), and an iife has no import.meta: `new URL(…, undefined)`
    // threw "Invalid URL" in the worker. A placeholder that is never fetched keeps it quiet.
    define: { 'import.meta.url': JSON.stringify('file:///seedlint/server/dist/server.browser.js') },
    // The worker hands the runtime its wasm bytes; these node modules are never reached there.
    external: ['fs/promises', 'module', 'fs', 'path', 'url'],
  }),
]);

if (process.argv.includes('--bench')) {
  // Benchmarks run the bundled code, as the product ships it: per-file transpilers (tsx) turn
  // imported constants into property getters, which would distort hot loops.
  await build({ ...common, ...importMetaShim, sourcemap: false, entryPoints: ['bench/run.ts'], outfile: 'out/bench/run.js', platform: 'node', format: 'cjs', external: ['@astral-sh/ruff-wasm-nodejs'] });
  // Where lint time goes (parse, mirror, model, each rule): `node out/bench/profile-lint.js`.
  await build({ ...common, ...importMetaShim, sourcemap: false, entryPoints: ['bench/profile-lint.ts'], outfile: 'out/bench/profile-lint.js', platform: 'node', format: 'cjs' });
}

mkdirSync('server/dist', { recursive: true });
copyFileSync(require.resolve('web-tree-sitter/web-tree-sitter.wasm'), 'server/dist/web-tree-sitter.wasm');
