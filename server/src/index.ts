import { x } from "../engine/src/index"; export const y = x + 1;
