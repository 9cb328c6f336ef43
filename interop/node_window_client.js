#!/usr/bin/env node
// Interop check of small LZ77 windows (RFC 7692 7.1.2): node `ws` (Debian node-ws) as a client that offers
// server_max_window_bits=N and client_max_window_bits=N, against a WebSocket echo server.
// Usage: NODE_PATH=/usr/share/nodejs node interop/node_window_client.js ws://127.0.0.1:8080/ N [AGREED]
// ws inflates the server's messages with zlib.createInflateRaw({windowBits}) at the window the server answers,
// which must be AGREED bits (default N). 300 messages of every kind must
// come back unchanged. Exits 0 and prints "ok ..." with the server's Sec-WebSocket-Extensions, or 1 with the reason.
'use strict';
module.paths.push('/usr/share/nodejs');
const WebSocket = require('ws');

const url = process.argv[2];
const bits = Number(process.argv[3]);
const agreedBits = process.argv[4] ? Number(process.argv[4]) : bits;
const ws = new WebSocket(url, {
  perMessageDeflate: { serverMaxWindowBits: bits, clientMaxWindowBits: Math.max(bits, 9), threshold: 0 },
  maxPayload: 32 * 1024 * 1024,
});
const timer = setTimeout(() => fail('timed out'), 120000);

function fail(why) {
  console.log('FAIL ' + why);
  process.exit(1);
}

// a small deterministic generator (xorshift32), so runs repeat
let seed = 0x9e3779b9 ^ bits;
function next() {
  seed ^= seed << 13; seed >>>= 0;
  seed ^= seed >>> 17;
  seed ^= seed << 5; seed >>>= 0;
  return seed;
}
function bytes(n) {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = next() & 0xff;
  return b;
}
const words = ['permessage', 'deflate', 'window', 'bits', '{"id":', '"text":', '}', 'quick', 'brown', '\u00e9t\u00e9'];
const messages = [];
for (let i = 0; i < 300; i++) {
  const kind = i % 5;
  if (kind === 0) {
    const parts = [];
    for (let w = 10 + next() % 600; w > 0; w--) parts.push(words[next() % words.length] + (next() % 100));
    messages.push({ data: parts.join(' '), binary: false });
  } else if (kind === 1) {
    messages.push({ data: bytes(next() % 3000), binary: true });
  } else if (kind === 2) {
    const distance = 200 + next() % 40000;
    const block = bytes(Math.min(distance, 300));
    messages.push({ data: Buffer.concat([block, bytes(distance - block.length), block]), binary: true });
  } else if (kind === 3) {
    messages.push({ data: Buffer.alloc(next() % 20000, 97 + next() % 26), binary: true });
  } else {
    messages.push(messages[i - 1 - next() % 3]);
  }
}

let index = 0;
ws.on('error', (e) => fail('error ' + e.message));
let agreed = '';
ws.on('upgrade', (response) => {
  agreed = response.headers['sec-websocket-extensions'] || '';
});
ws.on('open', () => {
  if (!agreed.includes('server_max_window_bits=' + agreedBits)) fail('agreed "' + agreed + '"');
  send();
});
function send() {
  if (index < messages.length) ws.send(messages[index].data, { binary: messages[index].binary });
  else ws.close(1000, 'done');
}
ws.on('message', (data, isBinary) => {
  const m = messages[index];
  const expected = m.binary ? m.data : Buffer.from(m.data, 'utf8');
  if (m.binary !== isBinary || !Buffer.from(data).equals(expected)) fail('message ' + index + ' differs');
  index++;
  send();
});
ws.on('close', (code) => {
  clearTimeout(timer);
  if (code !== 1000) fail('close code ' + code);
  console.log('ok messages=' + index + ' agreed=' + agreed);
  process.exit(0);
});
