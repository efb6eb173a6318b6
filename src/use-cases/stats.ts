/** Daily numbers of one site or all of them (GET /v1/stats, `sluice stats`): the last `days` UTC days, oldest first. */
import { errors } from '../platform/errors.js';
import { dayOf } from '../store/stats.js';
import type { Store } from '../store/index.js';

const DAY_MS = 86_400_000;

/** The sites counted: `site` alone (404 when it does not exist), or every site. */
async function sitesCounted(store: Store, site: string | undefined): Promise<string[]> {
  if (site === undefined) return (await store.sites.list()).map((s) => s.id);
  if (!(await store.sites.get(site))) throw errors.notFound(`Site "${site}"`);
  return [site];
}

/** `{ sites, days }`: each of the last `days` days ending with `now`'s, the counts of the sites added together. */
export async function dailyStats(store: Store, site: string | undefined, days: number, now: Date) {
  const sites = await sitesCounted(store, site);
  const today = now.getTime();
  const dates = Array.from({ length: days }, (_, i) => dayOf(new Date(today - (days - 1 - i) * DAY_MS)));
  return { sites, days: await store.stats.days(sites, dates) };
}
