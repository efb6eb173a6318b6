/** Runs the compiled `sluice` command as a child process, as an operator would. */
import { spawn } from 'node:child_process';
import { fromRoot } from '../../src/platform/paths.js';

/** Exit code and output of one run; `env` is added to this process's environment (logs silent); `stdin` is piped in. */
export function runCli(args: string[], env: Record<string, string> = {}, stdin = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fromRoot('dist/src/cli.js'), ...args], { env: { ...process.env, LOG_LEVEL: 'silent', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}
