/**
 * The model registry: model files (the format of src/classifier/format.ts) stored in Redis by version, with their
 * metrics and state, one of them active; plus each site's live model, which moderators' decisions update.
 * Workers learn of changes through the model channel and swap without a restart.
 */
import type { Redis } from 'ioredis';
import type { Keys } from './keys.js';
import { LuaScript } from './lua.js';

export const MODEL_STATES = ['candidate', 'active', 'rejected', 'retired'] as const;
export type ModelState = (typeof MODEL_STATES)[number];

/** What the registry knows of a model version (its bytes are stored beside). */
export interface ModelRecord {
  readonly version: string;
  readonly state: ModelState;
  readonly created: string;
  /** Examples it was trained on and where they came from. */
  readonly trainingSet: { readonly size: number; readonly sha256: string };
  /** Figures on the held-out slice, its own and the active model's at the time, and why it was (not) promoted. */
  readonly evaluation?: Readonly<Record<string, unknown>>;
  readonly reason?: string;
  readonly activatedAt?: string;
  readonly activatedBy?: string;
}

/**
 * activateModel — KEYS[1] the registry hash, KEYS[2] the active-version key.
 * ARGV[1] version, ARGV[2] ISO time, ARGV[3] who, ARGV[4] channel.
 * Marks the version active and the previously active one retired, atomically; publishes the version.
 * Returns 0 when the version is unknown, 1 otherwise.
 */
const activateScript = new LuaScript(
  'activateModel',
  2,
  `
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return 0 end
local previous = redis.call('GET', KEYS[2])
if previous and previous ~= ARGV[1] then
  local old = redis.call('HGET', KEYS[1], previous)
  if old then
    local rec = cjson.decode(old)
    rec['state'] = 'retired'
    redis.call('HSET', KEYS[1], previous, cjson.encode(rec))
  end
end
local rec = cjson.decode(raw)
rec['state'] = 'active'
rec['activatedAt'] = ARGV[2]
rec['activatedBy'] = ARGV[3]
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(rec))
redis.call('SET', KEYS[2], ARGV[1])
redis.call('PUBLISH', ARGV[4], 'global')
return 1
`,
);

/**
 * saveSiteModel — KEYS[1] the site model bytes, KEYS[2] its revision counter.
 * ARGV[1] the revision the bytes were derived from, ARGV[2] the bytes, ARGV[3] channel, ARGV[4] site.
 * Compare-and-set: returns the new revision, or -1 when another writer got there first (the caller retries).
 */
const saveSiteScript = new LuaScript(
  'saveSiteModel',
  2,
  `
local current = tonumber(redis.call('GET', KEYS[2]) or '0')
if current ~= tonumber(ARGV[1]) then return -1 end
redis.call('SET', KEYS[1], ARGV[2])
local next = redis.call('INCR', KEYS[2])
redis.call('PUBLISH', ARGV[3], 'site\\n' .. ARGV[4])
return next
`,
);

export class ModelStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  /** Stores a new version (state `candidate`, `rejected` or as given). */
  async add(record: ModelRecord, bytes: Buffer): Promise<void> {
    await this.redis
      .multi()
      .set(this.keys.modelBytes(record.version), bytes)
      .hset(this.keys.models(), record.version, JSON.stringify(record))
      .exec();
  }

  async list(): Promise<ModelRecord[]> {
    const all = await this.redis.hvals(this.keys.models());
    return all.map((r) => JSON.parse(r) as ModelRecord).sort((a, b) => b.created.localeCompare(a.created));
  }

  async get(version: string): Promise<ModelRecord | undefined> {
    const raw = await this.redis.hget(this.keys.models(), version);
    return raw ? (JSON.parse(raw) as ModelRecord) : undefined;
  }

  async bytes(version: string): Promise<Buffer | undefined> {
    return (await this.redis.getBuffer(this.keys.modelBytes(version))) ?? undefined;
  }

  /** The active version, if any model was ever activated (otherwise workers use the bundled file). */
  async activeVersion(): Promise<string | undefined> {
    return (await this.redis.get(this.keys.activeModel())) ?? undefined;
  }

  /** Makes `version` the active model everywhere; false when there is no such version. */
  async activate(version: string, by: string, at: Date): Promise<boolean> {
    const done = await activateScript.run(
      this.redis,
      [this.keys.models(), this.keys.activeModel()],
      [version, at.toISOString(), by, this.keys.modelChannel()],
    );
    return done === 1;
  }

  /** A site's live model bytes and the revision they are at (0 and undefined before the first decision). */
  async siteModel(site: string): Promise<{ revision: number; bytes: Buffer | undefined }> {
    const [bytes, revision] = await Promise.all([
      this.redis.getBuffer(this.keys.siteModel(site)),
      this.redis.get(this.keys.siteModelRevision(site)),
    ]);
    return { revision: Number(revision ?? 0), bytes: bytes ?? undefined };
  }

  /** Saves a site model derived from `revision`; returns false when a concurrent writer moved it on. */
  async saveSiteModel(site: string, revision: number, bytes: Buffer): Promise<boolean> {
    const next = await saveSiteScript.run(
      this.redis,
      [this.keys.siteModel(site), this.keys.siteModelRevision(site)],
      [revision, bytes, this.keys.modelChannel(), site],
    );
    return next !== -1;
  }
}
