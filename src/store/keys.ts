/**
 * Every Redis key name Sluice uses, in one place. Nothing outside src/store/ builds a key.
 * Ids supplied by CMSs may contain any character, so they are placed last in a key and never parsed back out of it.
 */

/** Key builder bound to one prefix (one Sluice installation, or one test file). */
export function keys(prefix: string) {
  return {
    /** Hash: one comment and its verdict (fields: comment, hash, rev, status, verdict, receivedAt). */
    comment: (site: string, id: string) => `${prefix}:c:${site}:${id}`,
    /** Sorted set: held (`review`) comments of a site, by receivedAt ms; members are comment ids. */
    review: (site: string) => `${prefix}:review:${site}`,
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
    /** Sorted set: every example as `site\nid`, by labelling time (ms). */
    corpusIndex: () => `${prefix}:corpus:index`,
    /** Set: a site's examples as `site\nid`. */
    siteExamples: (site: string) => `${prefix}:corpus:site:${site}`,
    /** Pub/sub channel: `site\nid` of each comment whose verdict was just stored. */
    verdictChannel: () => `${prefix}:events:verdict`,
  } as const;
}

export type Keys = ReturnType<typeof keys>;
