/**
 * `sluice lists get|set|add|remove KIND [VALUES…] [--site S]`: the operator's lists from the command line, the same
 * validation as the API (src/use-cases/edit-lists.ts). Without `--site`, the global lists. Prints `{ site, kind, values }`.
 */
import type { Config } from '../platform/config.js';
import { applyListChange, listKindOf, scopeOf } from '../use-cases/edit-lists.js';
import { withStore } from './admin.js';
import { printJson, UsageError } from './io.js';

export interface ListsArgs {
  readonly action: string | undefined;
  readonly kind: string | undefined;
  readonly values: readonly string[];
  readonly site: string | undefined;
}

export async function listsCommand(config: Config, args: ListsArgs): Promise<number> {
  const usage = 'lists get KIND [--site S] | lists set|add|remove KIND VALUE… [--site S]';
  if (!args.kind || !['get', 'set', 'add', 'remove'].includes(args.action ?? '')) throw new UsageError(usage);
  if (args.action !== 'get' && args.action !== 'set' && args.values.length === 0) throw new UsageError(usage);
  let kind;
  try {
    kind = listKindOf(args.kind);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  return withStore(config, async (store) => {
    if (args.site && !(await store.sites.get(args.site))) throw new UsageError(`No site "${args.site}".`);
    const scope = scopeOf(args.site);
    let values: string[];
    try {
      values =
        args.action === 'get'
          ? await store.lists.values(scope, kind)
          : await applyListChange(store.lists, scope, kind, args.action === 'set' ? { set: args.values } : args.action === 'add' ? { add: args.values } : { remove: args.values });
    } catch (err) {
      if ((err as { status?: number }).status === 400) throw new UsageError((err as Error).message);
      throw err;
    }
    await printJson({ site: scope, kind, values });
    return 0;
  });
}
