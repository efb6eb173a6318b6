/** What machine a run measured: CPU, cores, memory, OS, Node, and the versions of the tools it compared with. */
import { cpus, loadavg, release, totalmem, type } from 'node:os';
import type { Machine } from './results-types.js';
import { runCommand } from './support/processes.js';

async function versionOf(command: string, args: string[], pattern: RegExp): Promise<string | null> {
  try {
    const r = await runCommand(command, args, { timeoutMs: 5_000 });
    return pattern.exec(r.stdout)?.[1] ?? null;
  } catch {
    return null;
  }
}

/** Describes this machine. */
export async function describeMachine(): Promise<Machine> {
  const cpu = cpus();
  return {
    cpu: (cpu[0]?.model ?? 'unknown').replace(/\s+/g, ' ').trim(),
    cores: cpu.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: `${type()} ${release()}`,
    node: process.versions.node,
    redis: await versionOf('redis-server', ['--version'], /v=(\S+)/),
    bogofilter: await versionOf('bogofilter', ['-V'], /version (\S+)/),
    load: { start: loadavg()[0]! },
  };
}
