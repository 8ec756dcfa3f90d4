// Public API of the CPython `random` reproduction.
export {
  pythonRandom,
  pythonRandomFromState,
  intToKeyWords,
  seedToInt,
  sampleSetSize,
  type PythonRandom,
  type PythonRandomState,
  type PythonSeed,
  type MutableArrayLike,
} from './random';
