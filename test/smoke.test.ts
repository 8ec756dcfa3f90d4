import { y } from "../server/src/index"; import { x } from "../server/engine/src/index"; describe("t", () => { it("w", () => { if (y !== x + 1) throw new Error(); }); });
