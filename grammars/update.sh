#!/usr/bin/env bash
# Refreshing the grammar: copies the .wasm shipped inside the pinned tree-sitter-python package
# and rewrites provenance.json. Pin web-tree-sitter and tree-sitter-python together in
# package.json first (ABI 15 grammars need web-tree-sitter >= 0.25), run `npm ci`, then this
# script, then `npm test` (test/parser.test.ts loads the grammar and checks the checksum).
set -euo pipefail
cd "$(dirname "$0")/.."
grammar_version=$(node -p 'require("tree-sitter-python/package.json").version')
runtime_version=$(node -p 'require("web-tree-sitter/package.json").version')
cp node_modules/tree-sitter-python/tree-sitter-python.wasm grammars/
sha=$(sha256sum grammars/tree-sitter-python.wasm | cut -d' ' -f1)
node -e '
const [gv, rv, sha] = process.argv.slice(1);
const p = require("./grammars/provenance.json");
p.grammar.version = gv; p.grammar.sha256 = sha; p.runtime.version = rv;
p.runtime.testedWith = `web-tree-sitter ${rv} (pinned exactly in package.json)`;
require("fs").writeFileSync("grammars/provenance.json", JSON.stringify(p, null, 2) + "\n");
' "$grammar_version" "$runtime_version" "$sha"
echo "grammar tree-sitter-python@$grammar_version sha256 $sha, runtime web-tree-sitter@$runtime_version"
