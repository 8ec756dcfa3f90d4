// PyTorch's CUDA random streams (Philox4x32-10 through cuRAND), bit-exact where the GPU's
// arithmetic is IEEE or libdevice code; see server/engine/README.md "CUDA engine".
export * from './generator';
export * from './stream';
export * from './launch';
export * from './curand';
export * from './libdevice';
export * from './uniform';
export * from './integers';
export * from './bernoulli';
export * from './normal';
export * from './randperm';
export * from './multinomial';
