// LeakGate's Node.js test service: /api/recommend asks a scoring backend (a TCP server in the
// same process, answering in 100 to 250 ms) and gives up after 150 ms; /metrics is prom-client
// with its default metrics. Run as `node server.js --leak none|handles|memory`:
//   handles  the connection to the backend is closed only when the answer arrived in time: a
//            call that timed out leaves its socket open forever (two handles and two fds)
//   memory   every call's payload is kept in a map that is never pruned
//   none     the fix: the socket is destroyed on the timeout too
'use strict';

const http = require('http');
const net = require('net');
const client = require('prom-client');

const TIMEOUT_MS = 150;
// What one call keeps under --leak memory: an array of 2,048 numbers, about 16 KiB of JS heap.
const PAYLOAD_LENGTH = 2048;

const leakArg = process.argv.indexOf('--leak');
const leak = leakArg >= 0 ? process.argv[leakArg + 1] : 'none';
if (!['none', 'handles', 'memory'].includes(leak)) {
  console.error(`--leak must be none, handles or memory, not ${leak}`);
  process.exit(2);
}

client.collectDefaultMetrics();
const retained = new Map();
let nextId = 0;

// The scoring backend: answers each line after 100 to 250 ms and keeps the connection open, as a
// keep-alive backend would.
const backend = net.createServer((socket) => {
  socket.on('data', () => {
    setTimeout(() => {
      if (!socket.destroyed) socket.write(`item-${Math.floor(Math.random() * 1000)}\n`);
    }, 100 + Math.random() * 150);
  });
  socket.on('error', () => {});
});

function recommend(res) {
  if (leak === 'memory') {
    retained.set(++nextId, new Array(PAYLOAD_LENGTH).fill(nextId));
  }
  const socket = net.connect(backend.address().port, '127.0.0.1');
  socket.on('error', () => {});
  let answered = false;
  const timer = setTimeout(() => {
    answered = true;
    if (leak !== 'handles') socket.destroy();
    res.writeHead(504).end('timed out\n');
  }, TIMEOUT_MS);
  socket.once('data', (data) => {
    if (answered) return;
    answered = true;
    clearTimeout(timer);
    socket.destroy();
    res.writeHead(200).end(data);
  });
  socket.write('score\n');
}

const server = http.createServer(async (req, res) => {
  if (req.url === '/metrics') {
    res.writeHead(200, { 'Content-Type': client.register.contentType });
    res.end(await client.register.metrics());
  } else if (req.url.startsWith('/api/recommend')) {
    recommend(res);
  } else {
    res.writeHead(404).end();
  }
});

backend.listen(0, '127.0.0.1', () => {
  server.listen(0, '127.0.0.1', () => {
    // The test harness waits for this line, as it does for LeakGate's own sample service.
    console.log(`listening on http://127.0.0.1:${server.address().port}`);
    console.error(`recommend, leak ${leak}`);
  });
});
