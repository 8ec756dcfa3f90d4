// The PyTorch CPU reference engine's public API.
export * from './generator';
export * from './seed';
export * from './integers';
export * from './randperm';
export * from './data';
