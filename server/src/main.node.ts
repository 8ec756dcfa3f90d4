// Entry of server/dist/server.node.js, the bundle the VS Code client starts over IPC.

import { runNodeServer } from './node-server';

runNodeServer();
