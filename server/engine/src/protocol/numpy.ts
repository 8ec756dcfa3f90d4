// `lib: "numpy.legacy"` (`rs = np.random.RandomState(seed)`) and `lib: "numpy"`
// (`rng = np.random.default_rng(seed)`, PCG64), calls applied in order.

import { type Json } from './encode';
import { notImplemented, Unservable } from './errors';
import { type Obj } from './args';
import { callsArg } from './torch';

export const NUMPY_LEGACY_FNS = ['rand', 'randn', 'randint', 'permutation', 'shuffle', 'choice', 'uniform'] as const;
export const NUMPY_FNS = ['random', 'integers', 'permutation', 'shuffle', 'choice', 'standard_normal'] as const;

export function numpyFnImplemented(_lib: 'numpy' | 'numpy.legacy', _fn: string): boolean {
  return false;
}

export function answerNumpy(req: Obj, lib: 'numpy' | 'numpy.legacy'): Json[] {
  const fns: readonly string[] = lib === 'numpy' ? NUMPY_FNS : NUMPY_LEGACY_FNS;
  // Seeding (and its ValueError for bad seeds) lands with the generators themselves.
  throw notImplemented(`${lib} (seeding and every fn)`);
  if (req['seed'] === 'default') {
    throw new Unservable(`seed "default" on ${lib} is not reproducible: an unseeded generator draws OS entropy`);
  }
  return callsArg(req).map((call) => {
    const fn = call['fn'];
    if (typeof fn !== 'string' || !fns.includes(fn)) {
      throw new Unservable(`unknown fn ${JSON.stringify(fn)} for ${lib}; known: ${fns.join(', ')}`);
    }
    throw notImplemented(`${lib}.${fn}`);
  });
}
