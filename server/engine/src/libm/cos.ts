export { cos } from './sincos';
