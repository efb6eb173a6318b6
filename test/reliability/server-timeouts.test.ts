/**
 * Slow clients (issue 14, finding 15): a real `sluice api` process closes connections that send their headers or
 * their body too slowly (HTTP_HEADERS_TIMEOUT_MS, HTTP_REQUEST_TIMEOUT_MS) and refuses connections beyond
 * MAX_CONNECTIONS_PER_IP from one address. The slow-client run prints its figures (docs/RELIABILITY.md).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { after, test } from 'node:test';
import { createStore } from '../../src/store/index.js';
import { startSluice, sluiceEnv, type SluiceProcess } from '../helpers/processes.js';
import { deletePrefix, inspector, newSite, TEST_REDIS_URL, uniquePrefix } from '../helpers/env.js';

const prefix = uniquePrefix('slow-clients');
const redis = inspector();
const store = createStore(redis, prefix);
const running: SluiceProcess[] = [];
const sockets: Socket[] = [];
after(async () => {
  for (const s of sockets) s.destroy();
  for (const p of running) {
    p.child.kill('SIGTERM');
    await p.exited;
  }
  await deletePrefix(redis, prefix);
  await redis.quit();
});

async function api(extra: Record<string, string>): Promise<{ process: SluiceProcess; port: number }> {
  const p = await startSluice('api', sluiceEnv(TEST_REDIS_URL, prefix, extra));
  running.push(p);
  return { process: p, port: Number(new URL(p.url!).port) };
}

/** A raw connection; resolves once connected. `closed` resolves when the server ends it, with the ms it was held. */
async function open(port: number): Promise<{ socket: Socket; closed: Promise<number>; received: () => string }> {
  const socket = connect(port, '127.0.0.1');
  sockets.push(socket);
  let data = '';
  socket.on('data', (d: Buffer) => (data += d.toString()));
  socket.on('error', () => undefined);
  const start = Date.now();
  const closed = new Promise<number>((resolve) => socket.on('close', () => resolve(Date.now() - start)));
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  return { socket, closed, received: () => data };
}

/** Writes one byte of `text` every `everyMs` until the socket closes. */
function drip(socket: Socket, text: string, everyMs: number): void {
  let i = 0;
  const timer = setInterval(() => {
    if (socket.destroyed || i >= text.length) return clearInterval(timer);
    socket.write(text[i++]!);
  }, everyMs);
  socket.once('close', () => clearInterval(timer));
}

const rssKb = (pid: number): number => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);

test('When 150 clients upload slowly (half dripping headers, half dripping a body), then each is closed by the server after its timeout and the API still answers', async (t) => {
  const { process: p, port } = await api({ HTTP_HEADERS_TIMEOUT_MS: '1000', HTTP_REQUEST_TIMEOUT_MS: '2000', MAX_CONNECTIONS_PER_IP: '1000' });
  // The body drippers hold a valid key, so the server reads their body rather than answering 401 at once.
  const { site, key } = await newSite(store, 'slow uploads');
  const pid = p.child.pid!;
  const before = rssKb(pid);
  const clients = await Promise.all(Array.from({ length: 150 }, () => open(port)));
  clients.forEach(({ socket }, i) => {
    if (i % 2 === 0) drip(socket, `POST /v1/comments HTTP/1.1\r\nHost: x\r\nX-Slow: ${'a'.repeat(10_000)}`, 100);
    else {
      socket.write(`POST /v1/comments HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n`);
      drip(socket, `{"id":"${'b'.repeat(99_990)}"}`, 100);
    }
  });
  await new Promise((r) => setTimeout(r, 800)); // all connected and dripping, none timed out yet
  const during = rssKb(pid);
  const held = await Promise.all(clients.map((c) => c.closed));
  const after = rssKb(pid);
  assert.equal(held.length, 150, 'every slow connection was closed by the server');
  const answers = clients.map((c) => c.received().split('\r\n')[0] ?? '');
  assert.ok(answers.every((a) => a === '' || /^HTTP\/1\.1 408/.test(a)), answers.join(' | '));
  assert.equal((await fetch(`${p.url}/healthz`)).status, 200);
  const headerHeld = held.filter((_, i) => i % 2 === 0);
  const bodyHeld = held.filter((_, i) => i % 2 === 1);
  t.diagnostic(
    `slow clients: 150 opened, 150 closed by the server; headers held max ${Math.max(...headerHeld)} ms, bodies held max ${Math.max(...bodyHeld)} ms; ` +
      `RSS ${Math.round(before / 1024)} MB before, ${Math.round(during / 1024)} MB during, ${Math.round(after / 1024)} MB after`,
  );
});

test('When one address opens more connections than MAX_CONNECTIONS_PER_IP, then the excess is refused and a slot frees when one closes', async () => {
  const { port } = await api({ MAX_CONNECTIONS_PER_IP: '5' });
  const kept = await Promise.all(Array.from({ length: 5 }, () => open(port)));
  const excess = await open(port);
  await excess.closed;
  assert.match(excess.received(), /^HTTP\/1\.1 503/, 'the refused connection is told why');
  assert.match(excess.received(), /"code":"too_many_connections"/);
  for (const c of kept) assert.equal(c.socket.destroyed, false, 'the first five stay open');
  kept[0]!.socket.destroy();
  await kept[0]!.closed;
  // The server sees the close asynchronously: a few tries until the slot is free.
  let status = 0;
  for (let i = 0; i < 50 && status !== 200; i++) {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`, { headers: { connection: 'close' } }).catch(() => undefined);
    status = res?.status ?? 0;
    if (status !== 200) await new Promise((r) => setTimeout(r, 20));
  }
  assert.equal(status, 200);
});
