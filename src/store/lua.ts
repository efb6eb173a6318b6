/** A Lua script run with EVALSHA, falling back to EVAL once when Redis has not cached it (NOSCRIPT). */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

export class LuaScript {
  private readonly sha: string;

  /**
   * @param name for error messages
   * @param numberOfKeys how many of the arguments are keys (the script's header documents each); -1: as many as given
   * @param source the Lua source
   */
  constructor(
    readonly name: string,
    readonly numberOfKeys: number,
    private readonly source: string,
  ) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  /** Runs the script; `keys.length` must equal `numberOfKeys`. */
  async run(redis: Redis, keys: readonly string[], args: ReadonlyArray<string | number | Buffer>): Promise<unknown> {
    if (this.numberOfKeys >= 0 && keys.length !== this.numberOfKeys) throw new Error(`${this.name}: expected ${this.numberOfKeys} keys`);
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (err) {
      if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
      return redis.eval(this.source, keys.length, ...keys, ...args);
    }
  }
}
