#!/usr/bin/env node
// An echo server on node `ws` (Debian node-ws), for the Torsion client's interop tests.
// Usage: node interop/node_server.js PORT [--compression]   Prints "listening PORT" when ready.
'use strict';
module.paths.push('/usr/share/nodejs');
const WebSocket = require('ws');

const port = parseInt(process.argv[2], 10);
const compression = process.argv.includes('--compression');
const server = new WebSocket.Server({ host: '127.0.0.1', port, perMessageDeflate: compression, maxPayload: 32 * 1024 * 1024 });
server.on('listening', () => console.log('listening ' + server.address().port));
server.on('connection', (ws) => {
  ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
});
