/**
 * `npm run soak [-- --seconds 60 --rate 150 --clients 4]`: the 60-second soak of a real `sluice serve` on loopback
 * (bench/soak-run.ts). Prints the figures as JSON and as the row of docs/RELIABILITY.md; exits 1 when an answer was
 * not 2xx, a request got no answer, or an accepted comment has no verdict. Needs Redis at REDIS_URL.
 */
import { parseArgs } from 'node:util';
import { runSoak, soakRow } from './soak-run.js';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '60' }, rate: { type: 'string', default: '150' }, clients: { type: 'string', default: '4' } } });
const options = {
  redisUrl: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379',
  seconds: Math.min(Number(values.seconds), 600),
  rate: Math.min(Number(values.rate), 1_000),
  clients: Math.min(Number(values.clients), 16),
};
process.stdout.write(`soak: ${options.rate} comments/s from ${options.clients} clients for ${options.seconds} s on loopback…\n`);
const figures = await runSoak(options);
process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
process.stdout.write(`RSS start ${figures.rssMb.start.toFixed(0)} MiB, end ${figures.rssMb.end.toFixed(0)} MiB\n${soakRow(figures)}\n`);
const ok = figures.non2xx === 0 && figures.errors === 0 && figures.unscored === 0 && figures.scored === figures.accepted;
process.exitCode = ok ? 0 : 1;
