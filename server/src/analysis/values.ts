// Literal evaluation without running anything (spec §4.7). Anything not provably known is
// `undefined`, never a guess. Values that depend on an assumption (an argparse default, an
// unset environment variable, a dataclass default) carry that assumption in words, so that
// messages and previews can say "assuming `--seed` default 42".

import { argumentValue, callArguments, lookupArgument, methodName, receiver } from './calls';
import type { ValueTracker } from './flow';
import type { FileModel } from './model';
import type { SyntaxNode } from './parser';
import { ancestors, dottedText, enclosingScope, unparenthesize } from './syntax';

export type Literal = boolean | number | string | null;

export function literalValue(node: SyntaxNode): Literal | undefined {
  const n = unparenthesize(node);
  switch (n.type) {
    case 'true':
      return true;
    case 'false':
      return false;
    case 'none':
      return null;
    case 'integer': {
      const text = n.text.replace(/_/g, '').toLowerCase();
      const value = text.startsWith('0o') ? parseInt(text.slice(2), 8) : Number(text);
      return Number.isSafeInteger(value) ? value : undefined;
    }
    case 'unary_operator': {
      const operand = n.childForFieldName('argument');
      const op = n.childForFieldName('operator')?.text;
      const inner = operand ? literalValue(operand) : undefined;
      if (op === '-' && typeof inner === 'number') return -inner;
      return undefined;
    }
    case 'string': {
      const content = n.namedChildren.filter((c) => c.type === 'string_content');
      const hasInterpolation = n.namedChildren.some((c) => c.type === 'interpolation');
      return hasInterpolation ? undefined : content.map((c) => c.text).join('');
    }
    default:
      return undefined;
  }
}

/** True only when the expression is literally falsy (`False`, `0`, `None`). */
export function isLiteralFalsy(node: SyntaxNode): boolean {
  const value = literalValue(node);
  return value === false || value === 0 || value === null;
}

/** Number of iterations of `range(...)` with literal arguments, else undefined. */
export function rangeLength(call: SyntaxNode, isRange: boolean): number | undefined {
  if (!isRange) return undefined;
  const args = call.childForFieldName('arguments')?.namedChildren ?? [];
  const values = args.map((a) => literalValue(a));
  if (values.some((v) => typeof v !== 'number')) return undefined;
  const [a, b, step] = values as number[];
  if (args.length === 1) return Math.max(0, a!);
  if (args.length === 2) return Math.max(0, b! - a!);
  if (args.length === 3 && step !== 0) return Math.max(0, Math.ceil((b! - a!) / step!));
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Full evaluation (§4.7): Python ints are exact (bigint), floats are numbers.

/** A Python value: `bigint` for int, `number` for float, and str / bool / None. */
export type PyValue = bigint | number | string | boolean | null;

export interface Evaluated {
  value: PyValue;
  /** Assumptions the value rests on, in words ("assuming `--seed` default 42"); empty when exact. */
  assumptions: string[];
}

/** What `evaluate` needs: the file model, and the value tracker for names and parameters. */
export interface EvaluationContext {
  readonly model: FileModel;
  readonly values: ValueTracker;
}

const MAX_EVAL_DEPTH = 8;
/** Exponents beyond this are not worth computing exactly (and could be huge). */
const MAX_EXPONENT = 4096n;

/**
 * Evaluates an expression to a Python value, or undefined when it cannot be known without
 * running the program. Supports literals, arithmetic, module constants, argparse defaults
 * (`args.seed`), `os.environ.get("SEED", "0")` / `os.getenv` defaults, `int(...)`, dataclass
 * field defaults (`Config().seed`) and `len(range(n))`.
 */
export function evaluate(node: SyntaxNode, context: EvaluationContext, depth = MAX_EVAL_DEPTH): Evaluated | undefined {
  if (depth <= 0) return undefined;
  const n = unparenthesize(node);
  switch (n.type) {
    case 'integer':
      return exact(parseInteger(n.text));
    case 'float': {
      const text = n.text.replace(/_/g, '');
      if (/j$/i.test(text)) return undefined;
      const value = Number(text);
      return Number.isFinite(value) ? exact(value) : undefined;
    }
    case 'true':
      return exact(true);
    case 'false':
      return exact(false);
    case 'none':
      return exact(null);
    case 'string': {
      const value = literalValue(n);
      if (typeof value !== 'string') return undefined;
      // Escapes and prefixes (b'', r'') are rare in seeds; refuse rather than misread them.
      if (/^[a-zA-Z]*[bB]/.test(n.text) || value.includes('\\')) return undefined;
      return exact(value);
    }
    case 'concatenated_string':
      return undefined;
    case 'unary_operator':
      return unary(n, context, depth);
    case 'binary_operator':
      return binary(n, context, depth);
    case 'identifier':
      return fromName(n, context, depth);
    case 'attribute':
      return fromAttribute(n, context, depth);
    case 'call':
      return fromCall(n, context, depth);
    case 'subscript':
      return fromSubscript(n, context, depth);
    default:
      return undefined;
  }
}

/** `evaluate` narrowed to Python ints. */
export function evaluateInteger(node: SyntaxNode, context: EvaluationContext): { value: bigint; assumptions: string[] } | undefined {
  const result = evaluate(node, context);
  if (!result) return undefined;
  if (typeof result.value === 'bigint') return { value: result.value, assumptions: result.assumptions };
  if (typeof result.value === 'boolean') return { value: result.value ? 1n : 0n, assumptions: result.assumptions };
  return undefined;
}

/** Python `repr`-like text of a value, for messages. */
export function formatValue(value: PyValue): string {
  if (value === null) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return value.toString();
  return Number.isInteger(value) ? value.toFixed(1) : String(value);
}

function exact(value: PyValue | undefined): Evaluated | undefined {
  return value === undefined ? undefined : { value, assumptions: [] };
}

function parseInteger(raw: string): bigint | undefined {
  const text = raw.replace(/_/g, '').toLowerCase();
  try {
    if (/^0[xob]/.test(text)) return BigInt(text);
    if (/^\d+$/.test(text)) return BigInt(text);
  } catch {
    return undefined;
  }
  return undefined;
}

function merge(...parts: Evaluated[]): string[] {
  return [...new Set(parts.flatMap((p) => p.assumptions))];
}

function unary(n: SyntaxNode, context: EvaluationContext, depth: number): Evaluated | undefined {
  const operand = n.childForFieldName('argument');
  const op = n.childForFieldName('operator')?.text;
  const inner = operand ? evaluate(operand, context, depth - 1) : undefined;
  if (!inner) return undefined;
  const v = asNumeric(inner.value);
  if (v === undefined) return undefined;
  if (op === '-') return { value: typeof v === 'bigint' ? -v : -v, assumptions: inner.assumptions };
  if (op === '+') return { value: v, assumptions: inner.assumptions };
  if (op === '~' && typeof v === 'bigint') return { value: ~v, assumptions: inner.assumptions };
  return undefined;
}

function asNumeric(value: PyValue): bigint | number | undefined {
  if (typeof value === 'bigint' || typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1n : 0n;
  return undefined;
}

/** Python floor division and modulo on ints (sign of the divisor). */
function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q;
}

function pyMod(a: bigint, b: bigint): bigint {
  const r = a % b;
  return r !== 0n && (r < 0n) !== (b < 0n) ? r + b : r;
}

function binary(n: SyntaxNode, context: EvaluationContext, depth: number): Evaluated | undefined {
  const left = n.childForFieldName('left');
  const right = n.childForFieldName('right');
  const op = n.childForFieldName('operator')?.text;
  if (!left || !right || !op) return undefined;
  const l = evaluate(left, context, depth - 1);
  if (!l) return undefined;
  const r = evaluate(right, context, depth - 1);
  if (!r) return undefined;
  const assumptions = merge(l, r);
  if (typeof l.value === 'string' && typeof r.value === 'string' && op === '+') return { value: l.value + r.value, assumptions };
  const a = asNumeric(l.value);
  const b = asNumeric(r.value);
  if (a === undefined || b === undefined) return undefined;
  if (typeof a === 'bigint' && typeof b === 'bigint') {
    const value = intOperation(op, a, b);
    return value === undefined ? undefined : { value, assumptions };
  }
  const x = Number(a);
  const y = Number(b);
  let value: number | undefined;
  switch (op) {
    case '+': value = x + y; break;
    case '-': value = x - y; break;
    case '*': value = x * y; break;
    case '/': value = y === 0 ? undefined : x / y; break;
    case '//': value = y === 0 ? undefined : Math.floor(x / y); break;
    case '**': value = x ** y; break;
    default: value = undefined;
  }
  return value === undefined || !Number.isFinite(value) ? undefined : { value, assumptions };
}

function intOperation(op: string, a: bigint, b: bigint): PyValue | undefined {
  switch (op) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '//': return b === 0n ? undefined : floorDiv(a, b);
    case '%': return b === 0n ? undefined : pyMod(a, b);
    case '/': return b === 0n ? undefined : Number(a) / Number(b);
    case '**':
      if (b < 0n) return Number(a) ** Number(b);
      return b > MAX_EXPONENT ? undefined : a ** b;
    case '<<': return b < 0n || b > MAX_EXPONENT ? undefined : a << b;
    case '>>': return b < 0n ? undefined : a >> b;
    case '&': return a & b;
    case '|': return a | b;
    case '^': return a ^ b;
    default: return undefined;
  }
}

/** A name: a module-level (or function-level) constant assigned exactly once, or a parameter's call sites. */
function fromName(n: SyntaxNode, context: EvaluationContext, depth: number): Evaluated | undefined {
  const binding = context.model.names.lookup(n);
  if (!binding) return undefined;
  if (binding.kind === 'param') return fromParameter(binding.node, context, depth);
  if (binding.kind !== 'assign' || !binding.value || (binding.path && binding.path.length > 0)) return undefined;
  // Reassigned names (a later `x += 1`, a loop target, a second assignment) are not constants.
  const all = context.model.names.bindingsIn(binding.scope, binding.name);
  if (all.length !== 1) return undefined;
  // A constant assigned under a condition is not known either.
  for (const a of ancestors(binding.node)) {
    if (a.id === binding.scope?.id) break;
    if (['if_statement', 'for_statement', 'while_statement', 'try_statement', 'with_statement'].includes(a.type)) return undefined;
  }
  return evaluate(binding.value, context, depth - 1);
}

function agree(results: (Evaluated | undefined)[]): Evaluated | undefined {
  if (results.length === 0 || results.some((r) => r === undefined)) return undefined;
  const first = results[0]!;
  if (!results.every((r) => r!.value === first.value)) return undefined;
  return { value: first.value, assumptions: merge(...(results as Evaluated[])) };
}

/**
 * A parameter is known only when every same-file call site agrees (a site that omits it uses the
 * default), and there is at least one call site or a default.
 */
function fromParameter(id: SyntaxNode, context: EvaluationContext, depth: number): Evaluated | undefined {
  const parameter = id.parent?.type === 'default_parameter' || id.parent?.type === 'typed_default_parameter' || id.parent?.type === 'typed_parameter' ? id.parent : id;
  const list = parameter.parent;
  const fn = list?.parent;
  if (list?.type !== 'parameters' || fn?.type !== 'function_definition') return undefined;
  const parameters = list.namedChildren;
  const position = parameters.indexOf(parameters.find((p) => p.id === parameter.id)!);
  const keywordOnly = parameters.slice(0, position).some((p) => p.type === 'list_splat_pattern' || p.type === 'keyword_separator');
  const defaultNode = parameter.type === 'default_parameter' || parameter.type === 'typed_default_parameter' ? parameter.childForFieldName('value') : null;
  const sites = context.model.callSitesOf(fn);
  if (sites.length === 0) return undefined;
  const results = sites.map((site) => {
    // Methods receive `self` implicitly: positions shift; keep it simple and only use keywords there.
    const isMethod = fn.parent?.parent?.type === 'class_definition';
    const spec = keywordOnly || isMethod ? { keyword: id.text } : { keyword: id.text, position };
    const found = lookupArgument(site, spec);
    if (found.kind === 'given') return evaluate(found.value, context, depth - 1);
    if (found.kind === 'absent' && defaultNode) return evaluate(defaultNode, context, depth - 1);
    return undefined;
  });
  return agree(results);
}

function fromCall(n: SyntaxNode, context: EvaluationContext, depth: number): Evaluated | undefined {
  const name = context.model.calleeName(n);
  const args = callArguments(n);
  if (name === 'builtins.int' && args.length === 1 && args[0]!.type !== 'keyword_argument') {
    const inner = evaluate(args[0]!, context, depth - 1);
    if (!inner) return undefined;
    const v = inner.value;
    if (typeof v === 'bigint') return inner;
    if (typeof v === 'boolean') return { value: v ? 1n : 0n, assumptions: inner.assumptions };
    if (typeof v === 'number') return Number.isFinite(v) ? { value: BigInt(Math.trunc(v)), assumptions: inner.assumptions } : undefined;
    if (typeof v === 'string' && /^\s*[-+]?\d+(_\d+)*\s*$/.test(v)) return { value: BigInt(v.trim().replace(/_/g, '')), assumptions: inner.assumptions };
    return undefined;
  }
  if (name === 'builtins.len' && args.length === 1) {
    const inner = unparenthesize(args[0]!);
    if (inner.type === 'call' && context.model.calleeName(inner) === 'builtins.range') {
      const bounds = callArguments(inner).map((a) => (a.type === 'keyword_argument' ? undefined : evaluateIntegerAt(a, context, depth)));
      if (bounds.length === 0 || bounds.length > 3 || bounds.some((b) => b === undefined)) return undefined;
      const [x, y, s] = bounds as { value: bigint; assumptions: string[] }[];
      const [start, stop, step] = bounds.length === 1 ? [0n, x!.value, 1n] : [x!.value, y!.value, s ? s.value : 1n];
      if (step === 0n) return undefined;
      const count = step > 0n ? (stop > start ? (stop - start + step - 1n) / step : 0n) : start > stop ? (start - stop - step - 1n) / -step : 0n;
      return { value: count, assumptions: [...new Set((bounds as Evaluated[]).flatMap((b) => b.assumptions))] };
    }
    if (inner.type === 'list' || inner.type === 'tuple') {
      if (inner.namedChildren.some((c) => c.type === 'list_splat')) return undefined;
      return exact(BigInt(inner.namedChildren.filter((c) => c.type !== 'comment').length));
    }
    return undefined;
  }
  if (name === 'os.environ.get' || name === 'os.getenv') return environmentDefault(n, context, depth);
  // `Config().seed` is handled by fromAttribute; anything else is unknown.
  return undefined;
}

function evaluateIntegerAt(node: SyntaxNode, context: EvaluationContext, depth: number): { value: bigint; assumptions: string[] } | undefined {
  const r = evaluate(node, context, depth - 1);
  return r && typeof r.value === 'bigint' ? { value: r.value, assumptions: r.assumptions } : undefined;
}

/** `os.environ.get("SEED", "0")`: the default, assuming the variable is unset. */
function environmentDefault(call: SyntaxNode, context: EvaluationContext, depth: number): Evaluated | undefined {
  const key = argumentValue(call, { keyword: 'key', position: 0 });
  const keyValue = key ? literalValue(key) : undefined;
  if (typeof keyValue !== 'string') return undefined;
  const fallback = lookupArgument(call, { keyword: 'default', position: 1 });
  const assumption = `assuming \`${keyValue}\` is not set in the environment`;
  if (fallback.kind === 'absent') return { value: null, assumptions: [assumption] };
  if (fallback.kind !== 'given') return undefined;
  const inner = evaluate(fallback.value, context, depth - 1);
  return inner ? { value: inner.value, assumptions: [...inner.assumptions, assumption] } : undefined;
}

/** `os.environ["SEED"]` cannot be known; other subscripts neither. */
function fromSubscript(_n: SyntaxNode, _context: EvaluationContext, _depth: number): Evaluated | undefined {
  return undefined;
}

function fromAttribute(n: SyntaxNode, context: EvaluationContext, depth: number): Evaluated | undefined {
  const object = n.childForFieldName('object');
  const attribute = n.childForFieldName('attribute')?.text;
  if (!object || !attribute) return undefined;
  // Anything assigned to this attribute text elsewhere (`args.seed = 3`) makes it unknown.
  if ((context.model.attributeAssignments.get(n.text) ?? []).length > 0) return undefined;
  const results: (Evaluated | undefined)[] = [];
  const origins = context.values.origins(object);
  if (origins.length === 0) return undefined;
  for (const origin of origins) {
    const source = origin.node;
    if (source.type !== 'call') return undefined;
    const option = argparseOptionFromParse(source, attribute, context);
    if (option) {
      results.push(argparseDefaultValue(option, context, depth));
      continue;
    }
    const field = dataclassFieldFromInstance(source, attribute, context);
    if (field) {
      results.push(field.value);
      continue;
    }
    return undefined;
  }
  return agree(results);
}

// ---------------------------------------------------------------------------------------------
// argparse

export interface ArgparseOption {
  /** The `add_argument(...)` call. */
  definition: SyntaxNode;
  /** The `--seed` spelling used in messages. */
  flag: string;
  /** The attribute name on the namespace (`seed`). */
  dest: string;
  /** The `default=` expression; undefined when no default is given (argparse then yields None). */
  defaultValue?: SyntaxNode;
  /** `required=True` with no way to omit it. */
  required: boolean;
  /** `action="store_true"` and friends: not a value option. */
  action?: string;
  /** The `type=` callee's qualified name, when given. */
  type?: string;
}

const PARSE_METHODS = new Set(['parse_args', 'parse_known_args', 'parse_intermixed_args']);

/**
 * For `args.<attribute>` where `args` comes from `parser.parse_args()`, the `add_argument` that
 * defines it. `parse_known_args` returns a tuple: the value tracker selects its first element.
 */
export function argparseOptionFromParse(parse: SyntaxNode, attribute: string, context: EvaluationContext): ArgparseOption | undefined {
  const method = methodName(parse);
  if (!method || !PARSE_METHODS.has(method)) return undefined;
  const parser = receiver(parse);
  if (!parser) return undefined;
  const parsers = parserOrigins(parser, context);
  if (parsers.length === 0) return undefined;
  return argparseOptions(context).find((o) => o.dest === attribute && parsersOfDefinition(o.definition, context).some((p) => parsers.includes(p)));
}

/** The `argparse.ArgumentParser(...)` calls a parser expression may come from (their node ids). */
function parserOrigins(expression: SyntaxNode, context: EvaluationContext, depth = 3): number[] {
  if (depth <= 0) return [];
  const ids: number[] = [];
  for (const origin of context.values.origins(expression)) {
    const node = origin.node;
    if (node.type !== 'call') continue;
    const name = context.model.calleeName(node);
    if (name === 'argparse.ArgumentParser') ids.push(node.id);
    const method = methodName(node);
    // Argument groups and sub-parsers share the parser's namespace.
    if (method === 'add_argument_group' || method === 'add_mutually_exclusive_group') {
      const inner = receiver(node);
      if (inner) ids.push(...parserOrigins(inner, context, depth - 1));
    }
  }
  return ids;
}

function parsersOfDefinition(definition: SyntaxNode, context: EvaluationContext): number[] {
  const target = receiver(definition);
  return target ? parserOrigins(target, context) : [];
}

/** `argparseOptions` per model: every `args.x` evaluation asks for them (shared, do not mutate). */
const ARGPARSE_OPTIONS = new WeakMap<FileModel, ArgparseOption[]>();

/** Every `<parser>.add_argument(...)` call in the file, as options. */
export function argparseOptions(context: EvaluationContext): ArgparseOption[] {
  let options = ARGPARSE_OPTIONS.get(context.model);
  if (!options) {
    options = [];
    for (const call of context.model.callsToMethod('add_argument')) {
      const option = describeArgparseOption(call, context);
      if (option) options.push(option);
    }
    ARGPARSE_OPTIONS.set(context.model, options);
  }
  return options;
}

/** The option an `add_argument(...)` call defines (flags must be string literals). */
export function describeArgparseOption(call: SyntaxNode, context: EvaluationContext): ArgparseOption | undefined {
  if (methodName(call) !== 'add_argument') return undefined;
  const flags: string[] = [];
  for (const arg of callArguments(call)) {
    if (arg.type === 'keyword_argument' || arg.type === 'list_splat' || arg.type === 'dictionary_splat') continue;
    const value = literalValue(arg);
    if (typeof value !== 'string') return undefined;
    flags.push(value);
  }
  if (flags.length === 0) return undefined;
  const longFlag = flags.find((f) => f.startsWith('--'));
  const shortFlag = flags.find((f) => /^-[^-]/.test(f));
  const positional = flags.find((f) => !f.startsWith('-'));
  const destArg = argumentValue(call, { keyword: 'dest' });
  const destLiteral = destArg ? literalValue(destArg) : undefined;
  const base = typeof destLiteral === 'string' ? destLiteral : (longFlag ?? positional ?? shortFlag)!;
  const dest = base.replace(/^-+/, '').replace(/-/g, '_');
  const option: ArgparseOption = { definition: call, flag: longFlag ?? shortFlag ?? positional!, dest, required: !!positional };
  const defaultValue = argumentValue(call, { keyword: 'default' });
  if (defaultValue) option.defaultValue = defaultValue;
  const required = argumentValue(call, { keyword: 'required' });
  if (required && required.type === 'true') option.required = true;
  const action = argumentValue(call, { keyword: 'action' });
  const actionValue = action ? literalValue(action) : undefined;
  if (typeof actionValue === 'string') option.action = actionValue;
  else if (action) option.action = '?';
  const type = argumentValue(call, { keyword: 'type' });
  const typeName = type ? context.model.names.qualifiedName(type) : undefined;
  if (typeName) option.type = typeName;
  else if (type) option.type = '?';
  if (positional && argumentValue(call, { keyword: 'nargs' })) option.required = false;
  return option;
}

/** The value an option takes when the command line omits it, with the assumption in words. */
export function argparseDefaultValue(option: ArgparseOption, context: EvaluationContext, depth = MAX_EVAL_DEPTH): Evaluated | undefined {
  if (option.required || (option.action && option.action !== 'store')) return undefined;
  if (option.type === '?') return undefined;
  if (!option.defaultValue) return { value: null, assumptions: [`assuming \`${option.flag}\` is not given (default None)`] };
  const inner = evaluate(option.defaultValue, context, depth - 1);
  if (!inner) return undefined;
  let value = inner.value;
  // argparse passes string defaults through `type` (Lib/argparse.py, _get_values / parse_known_args).
  if (typeof value === 'string' && option.type === 'builtins.int') {
    if (!/^\s*[-+]?\d+\s*$/.test(value)) return undefined;
    value = BigInt(value.trim());
  } else if (typeof value === 'string' && option.type !== undefined && option.type !== 'builtins.str') {
    return undefined;
  }
  return { value, assumptions: [...inner.assumptions, `assuming \`${option.flag}\` default ${formatValue(value)}`] };
}

// ---------------------------------------------------------------------------------------------
// dataclass field defaults

export interface DataclassField {
  /** The annotated assignment in the class body. */
  definition: SyntaxNode;
  value: Evaluated | undefined;
}

/** For `Config(...).seed`: the field's default when the constructor call does not pass it. */
function dataclassFieldFromInstance(construction: SyntaxNode, attribute: string, context: EvaluationContext): DataclassField | undefined {
  const definition = context.model.localDefinition(construction);
  if (definition?.type !== 'class_definition' || !isDataclass(definition, context)) return undefined;
  const fields = dataclassFields(definition);
  const index = fields.findIndex((f) => f.name === attribute);
  if (index < 0) return undefined;
  const field = fields[index]!;
  const passed = lookupArgument(construction, { keyword: attribute, position: index });
  if (passed.kind === 'given') return { definition: field.node, value: evaluate(passed.value, context) };
  if (passed.kind === 'unknown') return { definition: field.node, value: undefined };
  const value = field.default ? evaluate(field.default, context) : undefined;
  const className = definition.childForFieldName('name')?.text ?? 'the dataclass';
  return {
    definition: field.node,
    value: value && { value: value.value, assumptions: [...value.assumptions, `assuming \`${className}.${attribute}\` default ${formatValue(value.value)}`] },
  };
}

export function isDataclass(definition: SyntaxNode, context: EvaluationContext): boolean {
  const decorated = definition.parent?.type === 'decorated_definition' ? definition.parent : undefined;
  if (!decorated) return false;
  return decorated.namedChildren.some((d) => {
    if (d.type !== 'decorator') return false;
    let expression = d.namedChild(0);
    if (expression?.type === 'call') expression = expression.childForFieldName('function');
    const name = expression ? context.model.names.qualifiedName(expression) : undefined;
    return name === 'dataclasses.dataclass' || name === 'attr.s' || name === 'attrs.define' || name === 'attr.define';
  });
}

/** Annotated fields of a class body, in order: `seed: int = 42` (default may be absent). */
export function dataclassFields(definition: SyntaxNode): { name: string; node: SyntaxNode; default?: SyntaxNode }[] {
  const body = definition.childForFieldName('body');
  const fields: { name: string; node: SyntaxNode; default?: SyntaxNode }[] = [];
  for (const statement of body?.namedChildren ?? []) {
    const assignment = statement.type === 'expression_statement' ? statement.namedChild(0) : undefined;
    if (assignment?.type !== 'assignment' || !assignment.childForFieldName('type')) continue;
    const left = assignment.childForFieldName('left');
    if (left?.type !== 'identifier') continue;
    let value = assignment.childForFieldName('right') ?? undefined;
    // `field(default=42)`; `field(default_factory=...)` is not a literal default.
    if (value?.type === 'call' && /(^|\.)field$/.test(dottedText(value.childForFieldName('function')!) ?? '')) {
      value = argumentValue(value, { keyword: 'default' });
    }
    const entry: { name: string; node: SyntaxNode; default?: SyntaxNode } = { name: left.text, node: assignment };
    if (value) entry.default = value;
    fields.push(entry);
  }
  return fields;
}

/** True when `node` is at module level (outside any function or class). */
export function atModuleLevel(node: SyntaxNode): boolean {
  return enclosingScope(node) === null;
}
