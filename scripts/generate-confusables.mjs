#!/usr/bin/env node
/**
 * Generates src/scoring/confusables-data.ts, the look-alike tables the text fold reads, from Unicode's confusables
 * data (UTS #39, https://www.unicode.org/reports/tr39/). Either input works:
 *
 * - `confusables.txt` as Unicode publishes it (`source ; target ; MA # comment` lines), or
 * - the `confusables.json` that Debian's python3-confusable-homoglyphs package ships, generated from that file:
 *     apt-get download python3-confusable-homoglyphs && dpkg -x python3-confusable-homoglyphs_*.deb /tmp/ch
 *     node scripts/generate-confusables.mjs /tmp/ch/usr/lib/python3/dist-packages/confusable_homoglyphs/confusables.json
 *
 * UTS #39 maps every confusable character to a prototype; characters with the same prototype form a class. The tables
 * keep only what the fold needs, for letters (and, for digits, letters that look like digits):
 * - toLatin: a letter of another script (or a styled Latin letter NFKC leaves alone) → the ASCII letter or digit of its
 *   class, matching its case where the class has both (`а` → `a`, `Ꮯ` → `C`, `ӏ` → `l`);
 * - toDigit: a letter whose class holds an ASCII digit (`З` → `3`, `б` → `6`, `O` → `0`), for numbers broken up with
 *   look-alike letters;
 * - toCyrillic: a letter of another script whose class holds a Cyrillic letter (`p` → `р`, `ᴨ` → `п`, `ʍ` → `м`), so that
 *   Latin letters inside Russian words fold to Russian;
 * - toGreek: the same for Greek (read to tell which letters of a mixed word have a look-alike in the other script).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const input = process.argv[2];
if (!input) {
  console.error('usage: node scripts/generate-confusables.mjs <confusables.txt | confusables.json> [out.ts]');
  process.exit(2);
}
const out = process.argv[3] ?? resolve(dirname(fileURLToPath(import.meta.url)), '../src/scoring/confusables-data.ts');
const raw = readFileSync(input, 'utf8');

// Bidi marks wrap right-to-left entries in the JSON; they are not part of the characters.
const clean = (s) => s.replace(/[\u200E\u200F]/g, '');

/** Pairs [source, prototype] of the input, as strings. */
function pairs() {
  if (input.endsWith('.json')) {
    const table = JSON.parse(raw);
    return Object.entries(table).flatMap(([k, list]) => list.map((e) => [clean(e.c), clean(k)]));
  }
  const fromHex = (field) => String.fromCodePoint(...field.trim().split(/\s+/).map((h) => parseInt(h, 16)));
  return raw
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim())
    .filter((line) => line !== '')
    .map((line) => line.split(';'))
    .map(([source, target]) => [fromHex(source), fromHex(target)]);
}

// Classes: characters (and sequences) linked by the confusable relation, by union-find.
const parent = new Map();
const find = (x) => {
  if (!parent.has(x)) parent.set(x, x);
  let r = x;
  while (parent.get(r) !== r) r = parent.get(r);
  parent.set(x, r);
  return r;
};
let version = 'unknown';
const versionLine = /Version:\s*([\d.]+)/.exec(raw);
if (versionLine) version = versionLine[1];
for (const [a, b] of pairs()) parent.set(find(a), find(b));
const classes = new Map();
for (const x of parent.keys()) {
  const r = find(x);
  if (!classes.has(r)) classes.set(r, []);
  classes.get(r).push(x);
}

const single = (s) => [...s].length === 1;
const isLetter = (c) => /^\p{L}$/u.test(c);
const isAsciiLetter = (c) => /^[A-Za-z]$/.test(c);
const isAsciiDigit = (c) => /^[0-9]$/.test(c);
const isCyrillic = (c) => /^\p{Script=Cyrillic}$/u.test(c);
const isGreek = (c) => /^\p{Script=Greek}$/u.test(c);
const isBasicRussian = (c) => /^[\u0410-\u044F\u0401\u0451]$/.test(c);
const isUpper = (c) => c !== c.toLowerCase();
const isLower = (c) => c !== c.toUpperCase();
const caseScore = (source, target) => (isUpper(source) && isUpper(target)) || (isLower(source) && isLower(target)) ? 1 : 0;
/** The member of `candidates` that best stands for `source`: same case first, then `prefer`, then the lowest. */
function best(source, candidates, prefer = () => 0) {
  return [...candidates].sort((x, y) => caseScore(source, y) - caseScore(source, x) || prefer(y) - prefer(x) || (x < y ? -1 : 1))[0];
}

const toLatin = [];
const toDigit = [];
const toCyrillic = [];
const toGreek = [];
for (const members of classes.values()) {
  const chars = members.filter(single);
  const latin = chars.filter(isAsciiLetter);
  const digits = chars.filter(isAsciiDigit);
  const cyrillic = chars.filter((c) => isCyrillic(c) && isLetter(c));
  const greek = chars.filter((c) => isGreek(c) && isLetter(c));
  for (const c of chars) {
    if (!isLetter(c)) continue;
    // NFKC already folds mathematical, fullwidth and other compatibility letters: only what it leaves is tabled.
    const nfkc = c.normalize('NFKC');
    if (!isAsciiLetter(c) && nfkc === c) {
      const target = latin.length ? best(c, latin) : undefined;
      if (target !== undefined) toLatin.push([c, target]);
    }
    if (digits.length && (isAsciiLetter(c) || nfkc === c)) toDigit.push([c, digits.sort()[0]]);
    if (cyrillic.length && !isCyrillic(c) && nfkc === c) toCyrillic.push([c, best(c, cyrillic, (t) => (isBasicRussian(t) ? 1 : 0))]);
    if (greek.length && !isGreek(c) && nfkc === c) toGreek.push([c, best(c, greek)]);
  }
}

const byCodePoint = (a, b) => a[0].codePointAt(0) - b[0].codePointAt(0);
const literal = (list) => JSON.stringify(list.sort(byCodePoint).map(([a, b]) => a + b).join(''));
writeFileSync(
  out,
  `/**
 * Look-alike tables generated from Unicode's confusables data (UTS #39${version === 'unknown' ? '' : `, version ${version}`}, read from
 * ${basename(input)}) by scripts/generate-confusables.mjs — do not edit; regenerate (the script says how). Each string
 * is a sequence of pairs: a source character (one code point) followed by what it folds to (one code point).
 */

/** A letter of another script, or a styled letter NFKC leaves alone, → the ASCII letter or digit it looks like. */
export const TO_LATIN_PAIRS = ${literal(toLatin)};

/** A letter that looks like an ASCII digit → that digit. */
export const TO_DIGIT_PAIRS = ${literal(toDigit)};

/** A letter of another script that looks like a Cyrillic letter → that letter. */
export const TO_CYRILLIC_PAIRS = ${literal(toCyrillic)};

/** A letter of another script that looks like a Greek letter → that letter. */
export const TO_GREEK_PAIRS = ${literal(toGreek)};
`,
);
console.log(`${out}: toLatin ${toLatin.length}, toDigit ${toDigit.length}, toCyrillic ${toCyrillic.length}, toGreek ${toGreek.length} (from ${classes.size} classes)`);
