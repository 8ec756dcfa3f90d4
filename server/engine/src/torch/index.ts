// The PyTorch CPU reference engine's public API.
export * from './generator';
export * from './seed';
export * from './integers';
export * from './randperm';
export * from './data';
export * from './uniform';
export * from './normal';
export * from './bernoulli';
export * from './exponential';
export * from './multinomial';
