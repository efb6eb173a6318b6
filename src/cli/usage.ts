/**
 * Usage lines of the CLI's commands, shared by their help (src/cli.ts) and their usage errors, in a module that
 * loads nothing heavy: `sluice --help` and `sluice <command> --help` answer without connecting or loading models.
 */
import { DELIVERY_STATES } from '../delivery/operator.js';

export const SITES_USAGE = `sluice sites add NAME [--callback-url URL] [--shadow]
       sluice sites list
       sluice sites coral-secret SITE [--rotate]
       sluice sites rotate-secret SITE [--grace-hours H] [--force]`;

export const TOKENS_USAGE = `sluice tokens add --role moderator|operator [--name N]
       sluice tokens list
       sluice tokens revoke ID`;

export const MODELS_USAGE = `sluice models list
       sluice models activate VERSION
       sluice models retrain`;

export const DELIVERIES_USAGE = `sluice deliveries list [--state ${DELIVERY_STATES.join('|')}] [--site S] [--limit N]
       sluice deliveries replay ID`;

export const DECIDE_USAGE = 'sluice decide SITE COMMENT_ID ham|spam [--note TEXT]';

export const STATS_USAGE = 'sluice stats [--site S] [--days N]';
