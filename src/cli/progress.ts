/**
 * Progress of long CLI runs (train, eval, import), on stderr only (stdout carries the machine-readable result).
 * On a TTY: one line updated in place (count, rate, current step). Otherwise: one summary line when the run ends.
 */

export interface Progress {
  /** `n` more items done; `step` names what is going on now (shown on a TTY). */
  add(n: number, step?: string): void;
  /** Names what is going on now without counting (a long step with no items, e.g. training). */
  step(step: string): void;
  /** Ends the run: the summary line, e.g. `sluice train: 80 examples from 2 files in 0.1 s (800/s)`. */
  done(detail?: string): void;
}

const number = (n: number): string => Math.round(n).toLocaleString('en-US');

/** Starts the progress of `label` (e.g. `sluice train`) counting `unit` (e.g. `examples`). */
export function startProgress(label: string, unit: string, out: NodeJS.WriteStream = process.stderr): Progress {
  const started = performance.now();
  const tty = out.isTTY === true;
  let count = 0;
  let current = '';
  let drawn = 0;
  const seconds = () => (performance.now() - started) / 1000;
  const rate = () => `${number(count / Math.max(seconds(), 0.001))}/s`;
  const draw = (force = false): void => {
    if (!tty) return;
    const now = performance.now();
    if (!force && now - drawn < 100) return;
    drawn = now;
    out.write(`\r\x1b[K${label}: ${number(count)} ${unit} (${rate()})${current ? ` ${current}` : ''}`);
  };
  return {
    add(n, step) {
      count += n;
      if (step !== undefined) current = step;
      draw();
    },
    step(step) {
      current = step;
      draw(true);
    },
    done(detail) {
      const line = `${label}: ${number(count)} ${unit}${detail ? ` ${detail}` : ''} in ${seconds().toFixed(2)} s (${rate()})`;
      out.write(tty ? `\r\x1b[K${line}\n` : `${line}\n`);
    },
  };
}
