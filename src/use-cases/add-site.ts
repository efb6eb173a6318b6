/** Creating a site as an operator does (`sluice sites add`): the site record and its CMS key, the secrets shown once. */
import type { Store } from '../store/index.js';

/** What `sites add` creates and shows once: the site's id, its CMS key and its webhook secret. */
export interface AddedSite {
  readonly site: string;
  readonly apiKey: string;
  readonly webhookSecret: string;
}

/** Creates the site and issues its CMS key; undefined when a site with the id of `name` exists already. */
export async function addSite(
  store: Store,
  args: { readonly name: string; readonly callbackUrl?: string | undefined; readonly shadow?: boolean | undefined },
  now = new Date(),
): Promise<AddedSite | undefined> {
  const mode = args.shadow ? 'shadow' : undefined;
  const site = await store.sites.create({ name: args.name, callbackUrl: args.callbackUrl, mode }, now);
  if (!site) return undefined;
  const apiKey = await store.credentials.issueSiteKey(site.id);
  return { site: site.id, apiKey, webhookSecret: site.webhookSecret };
}
