/**
 * The framework's ceiling for the ingest section: a bare Express 5 app with the same JSON body parser and limit as
 * Sluice's `POST /v1/comments`, answering 202 as Sluice does, with no validation, logging, auth or Redis.
 * Run as its own process: `node dist/bench/bare-express.js`; prints `{"msg":"bare express listening","url":…}`.
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import express from 'express';

// The ready line's msg; bench/ingest.ts waits for it.
const BARE_READY = 'bare express listening';

const app = express();
app.disable('x-powered-by');
app.post('/v1/comments', express.json({ limit: 256 * 1024, strict: true }), (req, res) => {
  const id = (req.body as { id?: unknown }).id;
  res.status(202).json({ id, status: 'queued' });
});
const server = app.listen(0, '127.0.0.1');
await once(server, 'listening');
const { port } = server.address() as AddressInfo;
process.stdout.write(`${JSON.stringify({ msg: BARE_READY, url: `http://127.0.0.1:${port}` })}\n`);
process.once('SIGTERM', () => server.close(() => process.exit(0)));
