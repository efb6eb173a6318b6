/**
 * The page's language and its text: `t(key, params)` reads the current language's catalogue (ui/src/messages), fills
 * in named parameters (numbers formatted for the language) and picks a plural form by `count` (Intl.PluralRules).
 * The language is the moderator's explicit choice (localStorage), else the first of the browser's languages
 * (navigator.languages, which Accept-Language reflects) the page has, else English; `<html lang>` follows it.
 */
import type { English, MessageKey, PluralMessage } from './messages/en.js';
import { CATALOGUES, DEFAULT_LANGUAGE, LANGUAGES, type Language } from './messages/index.js';

export { LANGUAGES, type Language, type MessageKey };

const CHOICE_KEY = 'sluice.language';

/** The `{name}`s in a message. */
type ParamsIn<S> = S extends `${string}{${infer P}}${infer Rest}` ? P | ParamsIn<Rest> : never;
/** The parameters a message takes: its `{name}`s, and `count` for one with plural forms. */
type ParamsOf<M> = M extends string ? ParamsIn<M> : M extends PluralMessage ? ParamsIn<M[keyof M]> | 'count' : never;
export type Params<K extends MessageKey> = Record<ParamsOf<English[K]>, string | number>;
/** No argument for a message without parameters; the parameters object, all of them, for one with. */
type ParamsArg<K extends MessageKey> = [ParamsOf<English[K]>] extends [never] ? [] : [params: Params<K>];

let current: Language = DEFAULT_LANGUAGE;

const isLanguage = (code: string): code is Language => Object.hasOwn(CATALOGUES, code);

/** The language for a stored choice and the browser's language tags: the choice if the page has it, else the first tag whose language it has, else English. */
export function pickLanguage(stored: string | null | undefined, browser: readonly string[]): Language {
  if (stored && isLanguage(stored)) return stored;
  for (const tag of browser) {
    const primary = tag.toLowerCase().split('-')[0] ?? '';
    if (isLanguage(primary)) return primary;
  }
  return DEFAULT_LANGUAGE;
}

/** The page's language. */
export const language = (): Language => current;

/** Settles the language at start: the stored choice, else the browser's. */
export function initLanguage(): Language {
  let stored: string | null = null;
  try {
    stored = localStorage.getItem(CHOICE_KEY);
  } catch {
    // Storage blocked: the browser's languages decide.
  }
  return useLanguage(pickLanguage(stored, navigator.languages ?? [navigator.language]));
}

/** The moderator's explicit choice: remembered in localStorage, and applied. */
export function chooseLanguage(lang: Language): Language {
  try {
    localStorage.setItem(CHOICE_KEY, lang);
  } catch {
    // Storage blocked: the choice lasts until the page is left.
  }
  return useLanguage(lang);
}

/** Makes `lang` the page's language: the catalogue `t` reads, `<html lang>`, and the static text of index.html. */
function useLanguage(lang: Language): Language {
  current = lang;
  if (typeof document !== 'undefined') {
    document.documentElement.lang = lang;
    document.title = t('page.title');
    const skip = document.querySelector('a.skip');
    if (skip) skip.textContent = t('page.skip');
  }
  return lang;
}

/** A message of the current language with its parameters filled in. */
export function t<K extends MessageKey>(key: K, ...params: ParamsArg<K>): string {
  return translate(current, key, params[0] as Record<string, string | number> | undefined);
}

/** A message of `lang` (the English one if that catalogue lacks it), its form picked by `count`, its `{name}`s filled in (numbers formatted; an unknown name left as it is). */
export function translate(lang: Language, key: MessageKey, params: Readonly<Record<string, string | number>> = {}): string {
  const message: string | PluralMessage = CATALOGUES[lang][key] ?? CATALOGUES[DEFAULT_LANGUAGE][key];
  const text = typeof message === 'string' ? message : pluralForm(lang, message, Number(params['count'] ?? 0));
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : typeof value === 'number' ? formatNumber(value, lang) : value;
  });
}

function pluralForm(lang: Language, message: PluralMessage, count: number): string {
  return message[cached(`plural:${lang}`, () => new Intl.PluralRules(lang)).select(count)] ?? message.other;
}

const formatters = new Map<string, unknown>();
/** Intl formatters are costly to make: one per language and options. */
function cached<T>(key: string, make: () => T): T {
  let f = formatters.get(key) as T | undefined;
  if (f === undefined) formatters.set(key, (f = make()));
  return f;
}

/** A number as the language writes it (1,234). */
export function formatNumber(n: number, lang: Language = current, options: Intl.NumberFormatOptions = {}): string {
  return cached(`number:${lang}:${JSON.stringify(options)}`, () => new Intl.NumberFormat(lang, options)).format(n);
}

/** "3 min. ago" / "3분 전": `value` units before now. */
export function formatAgo(value: number, unit: Intl.RelativeTimeFormatUnit, lang: Language = current): string {
  return cached(`ago:${lang}`, () => new Intl.RelativeTimeFormat(lang, { style: 'short', numeric: 'always' })).format(-value, unit);
}

/** A quantity of a unit ("45 sec", "12분", "3.5 hr"). */
export function formatUnit(value: number, unit: 'second' | 'minute' | 'hour', lang: Language = current): string {
  return formatNumber(value, lang, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: 1 });
}

/** A calendar day (`2026-12-06`) as the language writes a month and day ("12/6", "12. 6."). */
export function formatDay(isoDate: string, lang: Language = current): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return isoDate;
  return cached(`day:${lang}`, () => new Intl.DateTimeFormat(lang, { month: 'numeric', day: 'numeric', timeZone: 'UTC' })).format(date);
}

/** A moment (ISO) as the language writes a date and time to the second ("12/6/2026, 4:48:06 AM", "2026. 12. 6. 오전 4:48:06"), in the browser's time zone. */
export function formatDateTime(iso: string, lang: Language = current): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return cached(`datetime:${lang}`, () => new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' })).format(date);
}
