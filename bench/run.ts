import { x } from "../server/engine/src/index"; console.log(x);
