// Public API of the CPython `random` reproduction.
export {
  pythonRandom,
  pythonRandomFromState,
  intToKeyWords,
  seedToInt,
  pythonFloatHash,
  sampleSetSize,
  type PythonRandom,
  type PythonRandomState,
  type PythonSeed,
  type MutableArrayLike,
} from './random';
