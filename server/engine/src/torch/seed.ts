// Python-int seed -> the uint64 PyTorch stores, with the exception each version raises.
// Reproduces torch/csrc/Generator.cpp (THPGenerator_manualSeed, unpack_uint64) and
// torch/random.py (`manual_seed` does `int(seed)` first). See shared/spec/torch-cpu.md §1.3.

import { DEFAULT_RNG_SEED, TorchGenerator } from './generator';

/**
 * PyTorch release family. '1.13' is Debian's 1.13.1; '2' (alias '2.x') is current 2.x (checked
 * against 2.11 sources). Newest is the default everywhere.
 */
export type TorchVersion = '1.13' | '2' | '2.x';

export function isTorch113(version: TorchVersion | undefined): boolean {
  return version === '1.13';
}

/** A Python exception the real call would raise, in the `seedlint rng` protocol's shape. */
export interface PythonRaise {
  raises: 'RuntimeError' | 'ValueError' | 'TypeError' | 'OverflowError' | 'ZeroDivisionError';
  error: string;
}

/** Thrown by engine functions whose real counterpart raises; carries the Python class name. */
export class PythonRaiseError extends Error implements PythonRaise {
  readonly raises: PythonRaise['raises'];
  readonly error: string;
  constructor(raise: PythonRaise) {
    super(`${raise.raises}: ${raise.error}`);
    this.raises = raise.raises;
    this.error = raise.error;
  }
}

export function isPythonRaise(value: unknown): value is PythonRaise {
  return typeof value === 'object' && value !== null && 'raises' in value && 'error' in value;
}

/** Seeds as JSON carries them: a bigint, a safe-integer number, or a decimal string for big ints. */
export type SeedInput = bigint | number | string;

const U64_LIMIT = 1n << 64n;
const I64_MIN = -(1n << 63n);
const DECIMAL = /^[+-]?\d+$/;

function overflow(version: TorchVersion | undefined): PythonRaise {
  // 1.13 raised through THPUtils_unpackLong's RuntimeError; 2.x unpacks with a ValueError.
  return isTorch113(version)
    ? { raises: 'RuntimeError', error: 'Overflow when unpacking long' }
    : { raises: 'ValueError', error: 'Overflow when unpacking long long' };
}

function pythonTypeName(value: SeedInput): string {
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'string') return DECIMAL.test(value) ? 'int' : 'str';
  return 'int';
}

/** The Python int a SeedInput denotes, or undefined when it is not an int. */
function asPythonInt(value: SeedInput): bigint | undefined {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : undefined;
  return DECIMAL.test(value) ? BigInt(value) : undefined;
}

/**
 * `Generator.manual_seed(value)`: ints in [-2**63, 2**64) are accepted, negatives taken as their
 * two's complement (`x + 2**64`, not the docstring's `0xffff_ffff_ffff_ffff + x`); anything else
 * raises. Non-ints (a float number, a non-decimal string) raise RuntimeError in both versions.
 */
export function unpackSeed(value: SeedInput, version: TorchVersion = '2'): bigint | PythonRaise {
  const int = asPythonInt(value);
  if (int === undefined) {
    return { raises: 'RuntimeError', error: `manual_seed expected a long, but got ${pythonTypeName(value)}` };
  }
  if (int >= U64_LIMIT || int < I64_MIN) return overflow(version);
  return int < 0n ? int + U64_LIMIT : int;
}

/**
 * `torch.manual_seed(value)`: `int(value)` first (a float truncates toward zero, NaN and
 * infinities raise as `int()` does), then the Generator rules.
 */
export function torchManualSeedValue(value: SeedInput, version: TorchVersion = '2'): bigint | PythonRaise {
  if (typeof value === 'number' && !Number.isInteger(value)) {
    if (Number.isNaN(value)) return { raises: 'ValueError', error: 'cannot convert float NaN to integer' };
    if (!Number.isFinite(value)) return { raises: 'OverflowError', error: 'cannot convert float infinity to integer' };
    return unpackSeed(BigInt(Math.trunc(value)), version);
  }
  if (typeof value === 'string' && !DECIMAL.test(value.trim())) {
    return { raises: 'ValueError', error: `invalid literal for int() with base 10: '${value}'` };
  }
  return unpackSeed(typeof value === 'string' ? value.trim() : value, version);
}

/**
 * The protocol's `torch` generator: `torch.Generator().manual_seed(seed)`, or a never-seeded
 * `torch.Generator()` (seed 67280421310721) for `'default'`. Throws PythonRaiseError on a bad seed.
 */
export function torchGenerator(seed: SeedInput | 'default', version: TorchVersion = '2'): TorchGenerator {
  if (seed === 'default') return new TorchGenerator(DEFAULT_RNG_SEED);
  const unpacked = unpackSeed(seed, version);
  if (isPythonRaise(unpacked)) throw new PythonRaiseError(unpacked);
  return new TorchGenerator(unpacked);
}

/** The protocol's `torch.global` generator: `torch.manual_seed(seed)` on the default generator. */
export function torchGlobalGenerator(seed: SeedInput, version: TorchVersion = '2'): TorchGenerator {
  const unpacked = torchManualSeedValue(seed, version);
  if (isPythonRaise(unpacked)) throw new PythonRaiseError(unpacked);
  return new TorchGenerator(unpacked);
}
