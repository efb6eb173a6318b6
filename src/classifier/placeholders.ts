/**
 * The Russian Telegram set was anonymised before publication: links, user names, phone numbers, sums' currencies and
 * times became `[LINK]`, `[USERNAME]`, `[PHONE]`, `[CURRENCY]`, `[TIME]`. A placeholder nearly gives the label away
 * (447 spam rows carry `[LINK]`, 26 ham rows), and link and contact rules see nothing behind it. So each one is
 * replaced by a plausible value drawn the same way for both classes, from a generator seeded by the row, so every run
 * and every class sees the same substitutions. What the rules then measure is how the comment behaves (a link, a
 * handle, a number, a sum), not the anonymiser's brackets.
 */

/** A small deterministic generator (mulberry32) seeded by a string. */
function generator(seed: string): () => number {
  let h = 1779033703 ^ seed.length;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 3432918353), (h = (h << 13) | (h >>> 19));
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = ['ka', 'ri', 'mo', 'sa', 'ni', 'le', 'to', 'va', 'an', 'dr', 'ex', 'ol', 'ga', 'ma', 'ks', 'im', 'yu', 'na'];
// Ordinary hosts a chat links to, as often as not: messengers, video, social, news, shops, a personal site.
const LINK_HOSTS = ['t.me', 'youtube.com', 'vk.com', 'ria.ru', 'habr.com', 'ozon.ru', 'github.com', 'instagram.com', 'wikipedia.org'];

type Draw = () => number;
const pick = <T>(xs: readonly T[], r: Draw): T => xs[Math.floor(r() * xs.length)]!;
const digits = (n: number, r: Draw): string => Array.from({ length: n }, () => Math.floor(r() * 10)).join('');

function handle(r: Draw): string {
  const parts = Array.from({ length: 2 + Math.floor(r() * 3) }, () => pick(SYLLABLES, r));
  return parts.join('') + (r() < 0.4 ? digits(1 + Math.floor(r() * 3), r) : '');
}

function link(r: Draw): string {
  const host = r() < 0.25 ? `${handle(r)}.ru` : pick(LINK_HOSTS, r);
  return `https://${host}/${r() < 0.5 ? handle(r) : digits(6, r)}`;
}

function phone(r: Draw): string {
  const n = `9${digits(9, r)}`;
  const formats = [`+7${n}`, `8${n}`, `+7 ${n.slice(0, 3)} ${n.slice(3, 6)}-${n.slice(6, 8)}-${n.slice(8)}`, `8 (${n.slice(0, 3)}) ${n.slice(3, 6)}-${n.slice(6)}`];
  return pick(formats, r);
}

const FILL: Readonly<Record<string, (r: Draw) => string>> = {
  LINK: link,
  USERNAME: (r) => `@${handle(r)}`,
  PHONE: phone,
  CURRENCY: (r) => pick(['руб', 'рублей', '₽', 'р', '$', 'тыс. руб'], r),
  TIME: (r) => `${String(8 + Math.floor(r() * 14)).padStart(2, '0')}:${pick(['00', '15', '30', '45'], r)}`,
};

const PLACEHOLDER = /\[(LINK|USERNAME|PHONE|CURRENCY|TIME)\]/g;

/** `text` with each anonymiser placeholder replaced by a plausible value; `seed` makes the choice repeatable. */
export function fillPlaceholders(text: string, seed: string): string {
  if (!text.includes('[')) return text;
  const r = generator(seed);
  return text.replace(PLACEHOLDER, (_, name: string) => FILL[name]!(r));
}
