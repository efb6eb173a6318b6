/**
 * Editing the operator's lists, shared by the API (`/v1/lists/:kind`) and the CLI (`sluice lists`): values are
 * validated and put in canonical form before they reach Redis, and one bad value refuses the whole change.
 */
import { errors } from '../platform/errors.js';
import { LIST_KINDS, normalizeListValue, type ListKind } from '../scoring/site-lists.js';
import { GLOBAL_SCOPE, MAX_LIST_SIZE, type ListStore } from '../store/lists.js';

/** A change: replace the list (`set`), or add and remove values. */
export interface ListChange {
  readonly set?: readonly string[] | undefined;
  readonly add?: readonly string[] | undefined;
  readonly remove?: readonly string[] | undefined;
}

/** Parses a list kind, or throws a 404 naming the kinds there are. */
export function listKindOf(kind: string): ListKind {
  if ((LIST_KINDS as readonly string[]).includes(kind)) return kind as ListKind;
  throw errors.notFound(`List "${kind}" (lists: ${LIST_KINDS.join(', ')})`);
}

/** Canonical values, or a 400 naming every bad one. Duplicates collapse. */
export function canonicalValues(kind: ListKind, raw: readonly string[]): string[] {
  const out = new Set<string>();
  const bad: string[] = [];
  for (const value of raw) {
    const result = normalizeListValue(kind, value);
    if ('error' in result) bad.push(result.error);
    else out.add(result.value);
  }
  if (bad.length) throw errors.validation(`Invalid ${kind} values: ${bad.slice(0, 10).join('; ')}`);
  return [...out];
}

/** Applies a change to a scope's list (site id, or `*` for the global lists) and returns the list as it is now. */
export async function applyListChange(lists: ListStore, scope: string, kind: ListKind, change: ListChange): Promise<string[]> {
  const set = change.set === undefined ? undefined : canonicalValues(kind, change.set);
  const add = canonicalValues(kind, change.add ?? []);
  const remove = canonicalValues(kind, change.remove ?? []);
  const size = set ? set.length : (await lists.size(scope, kind)) + add.length;
  if (size > MAX_LIST_SIZE) throw errors.validation(`A list holds at most ${MAX_LIST_SIZE} values; this change would make ${size}.`);
  if (set) await lists.set(scope, kind, set);
  if (add.length) await lists.addMany(scope, kind, add);
  if (remove.length) await lists.removeMany(scope, kind, remove);
  return lists.values(scope, kind);
}

/** The scope a request names: a site id, or the global lists. */
export function scopeOf(site: string | undefined): string {
  return site ?? GLOBAL_SCOPE;
}
