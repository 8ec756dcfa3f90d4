export { sin } from './sincos';
