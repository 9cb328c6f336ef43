#!/usr/bin/env node
// Interop check: node `ws` (Debian node-ws) against a WebSocket echo server.
// Usage: NODE_PATH=/usr/share/nodejs node interop/node_client.js ws://127.0.0.1:8080/ [--compression]
// Exits 0 and prints "ok ..." when every echo came back unchanged and the close was clean.
'use strict';
module.paths.push('/usr/share/nodejs');
const WebSocket = require('ws');
const crypto = require('crypto');

const url = process.argv[2];
const compression = process.argv.includes('--compression');
const ws = new WebSocket(url, { perMessageDeflate: compression, maxPayload: 32 * 1024 * 1024 });
const timer = setTimeout(() => fail('timed out'), 60000);

function fail(why) {
  console.log('FAIL ' + why);
  process.exit(1);
}

const steps = [];
const texts = ['hello', '', 'snowman \u2603 and emoji \u{1F600}', 'y'.repeat(70000)];
for (const t of texts) steps.push({ send: t, binary: false });
for (const size of [0, 1, 125, 126, 65535, 65536, 1 << 20, 16 << 20]) {
  steps.push({ send: crypto.randomBytes(size), binary: true });
}
let index = 0;

ws.on('error', (e) => fail('error ' + e.message));
ws.on('open', () => next());
ws.on('message', (data, isBinary) => {
  const step = steps[index];
  if (step.binary !== isBinary) fail('step ' + index + ': wrong message type');
  const expected = step.binary ? step.send : Buffer.from(step.send, 'utf8');
  if (!Buffer.from(data).equals(expected)) fail('step ' + index + ': echo differs');
  index++;
  next();
});

function next() {
  if (index < steps.length) {
    ws.send(steps[index].send, { binary: steps[index].binary });
    return;
  }
  ws.once('pong', (payload) => {
    if (payload.toString() !== 'node ping') fail('pong payload differs');
    ws.close(1000, 'done');
  });
  ws.ping('node ping');
}

ws.on('close', (code) => {
  clearTimeout(timer);
  if (code !== 1000) fail('close code ' + code);
  console.log('ok text binary ping close extensions=' + (ws.extensions || ''));
  process.exit(0);
});
