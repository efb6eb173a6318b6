/**
 * Every Redis key name Sluice uses, in one place. Nothing outside src/store/ builds a key.
 * Ids supplied by CMSs may contain any character, so they are placed last in a key and never parsed back out of it.
 */

/** Key builder bound to one prefix (one Sluice installation, or one test file). */
export function keys(prefix: string) {
  return {
    /**
     * Hash: one comment and its verdict (fields: comment, hash, rev, status, verdict, receivedAt; moderation adds
     * campaign (JSON keys), machine (the machine's verdict class), heldAt (ms), counted (stats marker)).
     */
    comment: (site: string, id: string) => `${prefix}:c:${site}:${id}`,
    /** Sorted set: held (`review`) comments of a site, by receivedAt ms; members are comment ids. */
    review: (site: string) => `${prefix}:review:${site}`,
    /**
     * Sorted set: the comments of a site in one moderation state (src/store/comment-index.ts: held, rejected, passed,
     * shadow, approved, spam), by receivedAt ms (`age`) or verdict score (`score`); members are ids.
     */
    viewIndex: (site: string, state: string, by: 'age' | 'score') => `${prefix}:ix:${by}:${state}:${site}`,
    /** Sorted set: a site's comments filed under one search term (src/store/index-terms.ts), by receivedAt ms; members are ids. */
    term: (site: string, term: string) => `${prefix}:ix:t:${site}:${term}`,
    /** Sorted set, never outliving the script that fills it: an intersection while one index page is read. */
    indexScratch: (part: 'range' | 'inter') => `${prefix}:ix:tmp:${part}`,
    /** String: the comment index's version every stored comment has been filed under (the start-up backfill's mark). */
    indexBackfilled: () => `${prefix}:ix:backfilled`,
    /** String with a TTL: the worker running the start-up backfill (one at a time across workers). */
    indexBackfillLock: () => `${prefix}:ix:backfill-lock`,
    /** String: JSON of a site record. */
    site: (site: string) => `${prefix}:site:${site}`,
    /** Set: all site ids. */
    sites: () => `${prefix}:sites`,
    /** String: JSON of the principal a credential hash belongs to. */
    credential: (hash: string) => `${prefix}:cred:${hash}`,
    /** Hash: token id → JSON of a moderator/operator token's public record (no secret). */
    tokens: () => `${prefix}:tokens`,
    /** String: JSON of one labelled training example. */
    example: (site: string, id: string) => `${prefix}:corpus:ex:${site}:${id}`,
    /** Sorted set: every example as `site\nid`, by labelling order. */
    corpusIndex: () => `${prefix}:corpus:index`,
    /** Hash: a site's auto-learned examples per class (spam, ham), to keep them balanced. */
    autoLearn: (site: string) => `${prefix}:corpus:auto:${site}`,
    /** Hash: a site's labels as they stand, per class (`spam`, `ham`) and per `source:label` (balance of published ham). */
    labelCounts: (site: string) => `${prefix}:corpus:counts:${site}`,
    /**
     * Sorted set: a site's published comments the machine found ham (not test comments), by when the verdict was
     * stored (ms); members are ids. Written with the verdict; the published-ham sweep learns them once old enough.
     */
    published: (site: string) => `${prefix}:published:${site}`,
    /** String with a TTL: held by the worker running the published-ham sweep. */
    publishedLock: () => `${prefix}:published-lock`,
    /** Counter: the labelling sequence that orders the corpus index. */
    corpusSequence: () => `${prefix}:corpus:seq`,
    /** Set: a site's examples as `site\nid`. */
    siteExamples: (site: string) => `${prefix}:corpus:site:${site}`,
    /** Hash: model version → JSON of its registry record. */
    models: () => `${prefix}:models`,
    /** String (binary): the bytes of a model version (src/classifier/format.ts). */
    modelBytes: (version: string) => `${prefix}:model:bytes:${version}`,
    /** String: the active model version. */
    activeModel: () => `${prefix}:model:active`,
    /** String (binary): a site's live model, updated by moderators' decisions. */
    siteModel: (site: string) => `${prefix}:model:site:${site}`,
    /** String: revision counter of a site's live model (compare-and-set on save). */
    siteModelRevision: (site: string) => `${prefix}:model:site-rev:${site}`,
    /** Pub/sub channel: `global` when the active model changes, `site\n<id>` when a site's live model does. */
    modelChannel: () => `${prefix}:events:model`,
    /** List: JSON decisions about one comment (the audit history), oldest first. */
    decisions: (site: string, id: string) => `${prefix}:decisions:${site}:${id}`,
    /**
     * Hash with a TTL (the undo window): what a comment's last decision replaced — verdict, status, review and shadow
     * scores, the verdict it wrote, and the UndoState JSON of the other stores (src/store/decisions.ts).
     */
    undo: (site: string, id: string) => `${prefix}:undo:${site}:${id}`,
    /** Sorted set: comments a shadow-mode site would have held or rejected, by receivedAt ms; members are ids. */
    shadow: (site: string) => `${prefix}:shadow:${site}`,
    /** List: JSON audit entries of a site's setting changes (mode switches included), oldest first. */
    siteAudit: (site: string) => `${prefix}:site-audit:${site}`,
    /**
     * Campaign keys. `scope` is a site id, or `*` for all sites together. Members are `site\nid`.
     * members: sorted set of held and spam comments by receivedAt ms; held: the held ones only;
     * posts: hash `site\npostId` → count; sites: hash site → count.
     */
    campaign: (part: 'members' | 'held' | 'posts' | 'sites', scope: string, kind: string, value: string) =>
      `${prefix}:camp:${part}:${scope}:${kind}:${value}`,
    /**
     * The campaign memory of what moderators decided (src/store/memory.ts). `scope` is a site id, or `*` for the sites
     * that share theirs. `part` r: rejected, a: approved. Sorted sets of `site\nid` by decision time ms; text
     * fingerprints are kept by SimHash band (`value` = `b<band>:<its first 3 hex digits>`, members `simhash\tsite\nid`).
     * The scope's keys share one hash tag.
     */
    memory: (scope: string, part: 'r' | 'a', kind: string, value: string) => `${prefix}:mem:{${scope}}:${part}:${kind}:${value}`,
    /** String: JSON of the memory keys and members a comment's last decision wrote (to take them out exactly). */
    memoryOf: (site: string, id: string) => `${prefix}:mem:{${site}}:of:${id}`,
    /** Sorted set: the ids of a site's remembered decisions by time ms, so the oldest go first past the bound. */
    memoryIndex: (site: string) => `${prefix}:mem:{${site}}:decided`,
    /** Sorted sets of a scope's campaigns (`kind\nvalue`) by number of comments (`all`) or of held ones (`held`). */
    campaignIndex: (which: 'all' | 'held', scope: string) => `${prefix}:camps:${which}:${scope}`,
    /** Set: a site's list of one kind (blocked-domains, blocked-ips, blocked-emails, …), canonical values. */
    list: (site: string, kind: string) => `${prefix}:list:${site}:${kind}`,
    /** Hash: `kind\nvalue` → JSON of who added a value to a scope's list and when (moderators' blocks and trusts only). */
    listOrigins: (site: string) => `${prefix}:list-origin:${site}`,
    /** String: counter bumped by every list change (any site, `*` = global), so workers reload their cached lists. */
    listsVersion: () => `${prefix}:lists:version`,
    /**
     * Sorted set: one flood window; `scope` is a site id or `*<generation>` for all sites (kept only while several
     * sites post: see src/store/flood.ts). Members are `author\tip\tpost\tsite\nid` (text bands: `simhash\t`
     * first), scored by time (ms); trimmed to the window.
     */
    flood: (scope: string, kind: string, value: string) => `${prefix}:flood:${scope}:${kind}:${value}`,
    /** Sorted set: the sites that posted within the flood window, by their latest comment (ms). */
    floodSites: () => `${prefix}:flood-sites`,
    /** Hash: `on` the generation of the all-sites windows while several sites post, `n` the last generation. */
    floodGeneration: () => `${prefix}:flood-gen`,
    /** Sorted set: when each value of a kind (domains) was first seen, ms; trimmed after 90 days. */
    floodSeen: (kind: string) => `${prefix}:flood-seen:${kind}`,
    /** Sorted set: the reputation memory of one kind (domain, ip, email, brand): value → last confirmed spam (ms). */
    reputation: (kind: string) => `${prefix}:rep:${kind}`,
    /**
     * Sorted set: the comments (`site\nid`) whose confirmation of one reputation value still stands, by when each
     * confirmed it (ms); the value's score in {@link reputation} is the highest of them. Bounded, and it expires.
     */
    reputationBy: (kind: string, value: string) => `${prefix}:rep-by:${kind}:${value}`,
    /** Set: the reputation values (`kind\nvalue`) one comment confirmed, so forgetting it takes out exactly those. */
    reputationOf: (site: string, id: string) => `${prefix}:rep-of:${site}:${id}`,
    /** List: `ip\tauthor` of one site's last comments (src/store/readers.ts), newest first, capped. */
    readers: (site: string) => `${prefix}:readers:${site}`,
    /** String `address\tsince`: the site's comments all arrive from one address (a proxy), while they do. */
    proxyWarning: (site: string) => `${prefix}:proxy:${site}`,
    /** Hash: counters of one site and UTC day (`YYYY-MM-DD`). */
    stats: (site: string, day: string) => `${prefix}:stats:${site}:${day}`,
    /** Sorted set: seconds each comment decided that day spent held, by comment id (for the median). */
    queueTimes: (site: string, day: string) => `${prefix}:qtime:${site}:${day}`,
    /** Hash: Coral signing secret → site id. */
    coralSecrets: () => `${prefix}:integrations:coral`,
    /** String with a TTL: a signed Coral body (by its hash) seen within the replay window. */
    coralSeen: (bodyHash: string) => `${prefix}:integrations:coral-seen:${bodyHash}`,
    /** Pub/sub channel: `site\nid` of each comment whose verdict was just stored. */
    verdictChannel: () => `${prefix}:events:verdict`,
    /**
     * Pub/sub channels, one per site: JSON `{site, id, from, to, at}` each time a comment moves between moderation
     * states of the comment index (published by its one writer, src/store/comment-index.ts); the API's live streams
     * listen to them all with one pattern ({@link viewChannelPattern}).
     */
    viewChannel: (site: string) => `${prefix}:events:view:${site}`,
    /** PSUBSCRIBE pattern of every site's {@link viewChannel} (the prefix has no glob characters: src/platform/config.ts). */
    viewChannelPattern: () => `${prefix}:events:view:*`,
    /** Hash (tokens, ts): one ingest token bucket; `scope` is site, ip or client; IPs arrive hashed. Expires when full. */
    rateBucket: (scope: string, id: string) => `${prefix}:rl:${scope}:${id}`,
    /** Sorted set: comments whose author's IP or email is still in clear, as `site\nid`, by receivedAt ms (retention). */
    received: () => `${prefix}:received`,
    /** String: the random key of the hashes that replace IPs and emails after the retention period. */
    retentionKey: () => `${prefix}:retention:key`,
    /** String with a TTL: held by the worker running the retention sweep, so one runs at a time. */
    retentionLock: () => `${prefix}:retention:lock`,
    /** Sorted set: each running scoring worker as `host\npid`, by the ms of its last heartbeat (src/store/heartbeats.ts). */
    workerHeartbeats: () => `${prefix}:heartbeat:workers`,
  } as const;
}

export type Keys = ReturnType<typeof keys>;
