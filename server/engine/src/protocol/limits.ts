// Caps on what one `seedlint rng` request may ask for. The oracle (test/oracle/oracle.py) applies
// the same numbers, so an over-size request is refused identically on both sides.

/** Values one call may answer as a JSON list (about 20 MB of float64 hex on one line). */
export const MAX_LIST_VALUES = 1 << 20;
/** Values one call may answer in digest form (`"out": "sha256"`): 268,435,456, past the 2.x
 * large-`randperm` threshold of 214,748,364, and about 2 GiB of float64 to hash. */
export const MAX_DIGEST_VALUES = 1 << 28;
/** `getrandbits(k)`: the answer is a single decimal integer. */
export const MAX_GETRANDBITS = 1 << 16;
/** Calls in one request. */
export const MAX_CALLS = 10_000;
/** DataLoader / worker_seeds epochs. */
export const MAX_EPOCHS = 16;
/** worker_seeds workers. */
export const MAX_WORKERS = 64;
