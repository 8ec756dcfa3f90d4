// RNG401: `PYTHONHASHSEED` written from inside the running interpreter, which read it at start-up
// and ignores it from then on (F11, W6).

import { environmentAssignment, environmentCallWrites, type EnvironmentWrite } from '../analysis/determinism';
import type { FileModel } from '../analysis/model';
import { exactly } from '../analysis/known-names';
import type { SyntaxNode } from '../analysis/parser';
import { defineRule, type Report, type RuleContext } from './rule';

interface Data {
  /** The file starts Python children (subprocess, exec, spawn): the write does reach them. */
  launcher: boolean;
}

const KEY = 'PYTHONHASHSEED';

/** Calls that start another interpreter, which does read the variable at its own start-up. */
const CHILD_STARTERS = /^(subprocess\.\w+|os\.(exec\w*|spawn\w*|system|popen|posix_spawnp?)|multiprocessing(\.\w+)*\.(Process|Pool|get_context|set_start_method)|torch\.multiprocessing(\.\w+)*\.(spawn|start_processes|Process)|torch\.distributed\.(run|launch)(\.\w+)*|runpy\.\w+)$/;

function startsChildren(model: FileModel): boolean {
  return model.calls.some((c) => {
    const name = model.calleeName(c);
    return !!name && CHILD_STARTERS.test(name);
  });
}

function report(write: EnvironmentWrite, context: RuleContext): Report<Data>[] {
  if (write.key !== KEY) return [];
  const launcher = startsChildren(context.model);
  const r: Report<Data> = { node: write.node, data: { launcher } };
  if (launcher) r.severity = 'info';
  return [r];
}

function checkAssignment(assignment: SyntaxNode, context: RuleContext): Report<Data>[] {
  const write = environmentAssignment(assignment, context.model);
  return write ? report(write, context) : [];
}

function checkCall(call: SyntaxNode, context: RuleContext): Report<Data>[] {
  const write = environmentCallWrites(call, context.model).find((w) => w.key === KEY);
  return write ? report(write, context) : [];
}

const DOCS = `## What it does
Flags code that sets \`PYTHONHASHSEED\` from inside Python: \`os.environ["PYTHONHASHSEED"] = ...\`,
\`os.environ.setdefault("PYTHONHASHSEED", ...)\`, \`os.putenv("PYTHONHASHSEED", ...)\` or
\`os.environ.update(PYTHONHASHSEED=...)\`.

## Why is this bad?
CPython reads \`PYTHONHASHSEED\` once, at interpreter start-up. Setting it afterwards changes
nothing in the running process: \`hash("abc")\`, set iteration order and everything built on them
stay randomised exactly as before. The line sits in countless \`seed_everything\` snippets, which
makes it look like it makes hashing deterministic; it does not. It only affects interpreters
started *later* from this process (spawn or forkserver DataLoader workers, \`mp.spawn\` children),
so the parent and its children can now hash strings differently.

Set it where the interpreter starts instead: \`PYTHONHASHSEED=0 python train.py\`, the container's
\`ENV\`, or the job launcher. In a launcher script that sets it and then starts a Python child
(\`subprocess.run([...])\`, \`os.exec*\`) the line is legitimate, and the finding is only info.

## Example
\`\`\`python
import os
import random

def seed_everything(seed):
    random.seed(seed)
    os.environ["PYTHONHASHSEED"] = str(seed)
\`\`\`

Use instead:
\`\`\`python
import random

def seed_everything(seed):
    random.seed(seed)
    # PYTHONHASHSEED is set by the launcher: PYTHONHASHSEED=0 python train.py
\`\`\`

## References
- [Python command line and environment: PYTHONHASHSEED](https://docs.python.org/3/using/cmdline.html#envvar-PYTHONHASHSEED)
`;

export default defineRule<Data>({
  code: 'RNG401',
  name: 'runtime-pythonhashseed',
  severity: 'warning',
  fixAvailability: 'none',
  fixApplicability: 'safe',
  message: (d) =>
    d.launcher
      ? 'Setting PYTHONHASHSEED here does not affect this interpreter, only the Python processes it starts'
      : 'Setting PYTHONHASHSEED here does not affect this interpreter; set it in the launch command or the container environment',
  fixTitle: () => '',
  docs: DOCS,
  visit: { assignment: checkAssignment, call: checkCall },
  // The calls environmentCallWrites recognises.
  callees: exactly(['os.environ.setdefault', 'os.environ.__setitem__', 'os.putenv', 'os.environ.update']),
});
