// One linter per test process, built from the committed grammar like the real hosts do.

import { createLinter, type Linter } from '../../server/src/linter';
import { readParserAssets } from '../../server/src/node-assets';

let shared: Promise<Linter> | undefined;

export function testLinter(): Promise<Linter> {
  shared ??= createLinter(readParserAssets());
  return shared;
}
