// dynalite in a process of its own (started by dynamodb-server.ts): its request
// handling, LevelDB reads and JSON work stay off the gateway's event loop and out
// of its garbage collector. Plain JavaScript, so it starts without any loader.
import { createRequire } from 'node:module';
import process from 'node:process';

const require = createRequire(import.meta.url);
const dynalite = require('dynalite');

/** @type {{ port: number; path?: string }} */
const options = JSON.parse(process.argv[2] ?? '{}');
const server = dynalite({ path: options.path, createTableMs: 0 });
let closing = false;
const close = () => {
  if (closing) return;
  closing = true;
  // dynalite closes its LevelDB with the server: the data is on disk after this.
  server.close(() => process.exit(0));
};

server.once('error', (error) => {
  process.send?.({ type: 'error', message: error.message, code: error.code });
  process.exit(1);
});
server.listen(options.port, '127.0.0.1', () => {
  process.send?.({ type: 'listening', port: server.address().port });
});
process.on('message', (message) => {
  if (message?.type === 'close') close();
});
// The cloud's process ended without closing it: neither does this one outlive it.
process.on('disconnect', close);
