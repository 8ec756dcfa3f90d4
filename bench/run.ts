// Benchmarks entry: filled by the engine benchmarks.
export {};
