/**
 * The tables the contact and money rules read besides the lexicons: messenger link hosts and the countries a national
 * phone number is read in (data/messengers.json), the currencies, periods and words around a sum (data/money.json), and
 * libphonenumber's numbering plans. This is the edge: files are read here and the rules get the result.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { getCountries, type CountryCode, type MetadataJson } from 'libphonenumber-js/core';
import { RULE_DATA_DIR } from './rule-data.js';

/** Where a national number may be from, by the site's languages and by the script the comment is written in. */
export interface PhonePlans {
  /** libphonenumber's metadata, `max` flavour: full numbering plans, so a number is checked digit by digit and typed. */
  readonly metadata: MetadataJson;
  readonly byLanguage: ReadonlyMap<string, readonly CountryCode[]>;
  readonly byScript: ReadonlyMap<string, readonly CountryCode[]>;
  /** Tried only when a contact word stands right before the number. */
  readonly anyCountry: readonly CountryCode[];
  /** Words after which a digit run is a reference, not a phone ("order", "ISBN", "заказ", "订单"). */
  readonly notPhone: readonly string[];
  /** Words for "number" (`no`, `номер`, `号`) that may stand between such a word and the number. */
  readonly numberWords: readonly string[];
}

/** The word lists of data/money.json (lowercase). */
export interface MoneyTables {
  readonly currencyBefore: readonly string[];
  readonly currencyAfter: readonly string[];
  readonly period: readonly string[];
  readonly guarantee: readonly string[];
  readonly earn: readonly string[];
  readonly addressed: readonly string[];
  readonly offer: readonly string[];
}

/** Everything the contact and money rules are built from, besides the lexicons and the weights. */
export interface HandOffData {
  /** Link host, or host + path prefix (`discord.com/invite`), → the messenger's name. */
  readonly messengerHosts: ReadonlyMap<string, string>;
  /** Words that introduce a contact point ("call", "tel", "hubungi", "电话"), all languages. */
  readonly contactCues: readonly string[];
  readonly phone: PhonePlans;
  readonly money: MoneyTables;
}

interface MessengersFile {
  hosts: Record<string, string>;
  phone: { byLanguage: Record<string, string[]>; byScript: Record<string, string[]>; anyCountry: string[] };
  notPhone: string[];
  numberWords: string[];
  cues: Record<string, string[]>;
}

/** Reads the tables (no cache: a scorer is built once per model swap). Unknown country codes fail here. */
export function loadHandOffData(dir = RULE_DATA_DIR): HandOffData {
  const messengers = JSON.parse(readFileSync(`${dir}/messengers.json`, 'utf8')) as MessengersFile;
  const money = JSON.parse(readFileSync(`${dir}/money.json`, 'utf8')) as MoneyTables;
  // Full plans ("max", 157 kB) rather than "min" (83 kB, lengths only, so "20240115" passes as a Chinese number) or
  // "mobile" (99 kB, no premium-rate or toll-free numbers, which SMS and call-back spam use).
  const metadata = createRequire(import.meta.url)('libphonenumber-js/metadata.max.json') as MetadataJson;
  const known = new Set<string>(getCountries(metadata));
  const countries = (list: readonly string[], where: string): CountryCode[] =>
    list.map((c) => {
      if (!known.has(c)) throw new Error(`messengers.json: unknown country "${c}" in ${where}`);
      return c as CountryCode;
    });
  const table = (o: Record<string, string[]>, where: string) =>
    new Map(Object.entries(o).map(([k, list]) => [k, countries(list, `${where}.${k}`)] as const));
  return {
    messengerHosts: new Map(Object.entries(messengers.hosts)),
    contactCues: Object.values(messengers.cues).flat(),
    phone: {
      metadata,
      byLanguage: table(messengers.phone.byLanguage, 'byLanguage'),
      byScript: table(messengers.phone.byScript, 'byScript'),
      anyCountry: countries(messengers.phone.anyCountry, 'anyCountry'),
      notPhone: messengers.notPhone,
      numberWords: messengers.numberWords,
    },
    money,
  };
}
