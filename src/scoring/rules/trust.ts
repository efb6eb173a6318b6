/**
 * Trust rules that end the pipeline at once:
 * - a comment whose author the CMS vouches for (an administrator, editor, moderator or staff role) is `ham`: the CMS
 *   authenticated that person, and holding staff comments only teaches moderators to ignore the queue;
 * - the test identities of the Akismet protocol are `spam`, so integrators can check their wiring with any client.
 */
import type { Phase } from '../phase.js';

/** Roles (lowercased) whose comments are never held. CMSs send `author.role`; Akismet sends `user_role`. */
export const TRUSTED_ROLES: ReadonlySet<string> = new Set(['administrator', 'admin', 'editor', 'moderator', 'staff']);

/** Akismet's documented test triggers. */
const TEST_AUTHOR = 'viagra-test-123';
const TEST_EMAIL = 'akismet-guaranteed-spam@example.com';

export const trustPhase: Phase = {
  name: 'trust',
  run(ctx) {
    const { author } = ctx.comment;
    if (author.name?.trim().toLowerCase() === TEST_AUTHOR || author.email?.trim().toLowerCase() === TEST_EMAIL) {
      const match = author.name?.trim().toLowerCase() === TEST_AUTHOR ? { field: 'author.name' as const, match: author.name! } : { field: 'author.email' as const, match: author.email! };
      return {
        final: 'spam',
        reasons: [{ code: 'test.guaranteed-spam', weight: 8, message: 'A test identity that is always spam (Akismet protocol).', evidence: [match] }],
      };
    }
    const role = author.role?.trim().toLowerCase();
    if (role && TRUSTED_ROLES.has(role)) {
      return {
        final: 'ham',
        reasons: [{ code: 'author.trusted-role', weight: -8, message: `The CMS vouches for the author (role "${role}").`, evidence: [{ field: 'meta', match: author.role! }] }],
      };
    }
    return undefined;
  },
};
