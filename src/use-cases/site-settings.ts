/** A site's effective scoring settings: its own where set, the global defaults elsewhere. */
import type { Config } from '../platform/config.js';
import type { SiteSettings } from '../scoring/context.js';
import type { Site } from '../store/sites.js';

export function siteSettings(site: Site | undefined, config: Pick<Config, 'thresholds'>): SiteSettings {
  const review = site?.thresholds?.review ?? config.thresholds.review;
  const spam = site?.thresholds?.spam ?? config.thresholds.spam;
  return { thresholds: { review: Math.min(review, spam), spam }, languages: site?.languages ?? [], domains: site?.domains ?? [] };
}
