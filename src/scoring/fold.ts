/**
 * Text folded to its plain reading, and what the folding had to undo. Spam hides its words: styled letters
 * (`𝗪𝗘𝗧𝗢𝗡𝟴𝟴`), look-alikes of another script (`саsino`, `Пpивeт`), letters spelled out (`L U C K Y`), symbols wedged
 * into words (`⭐LUCKY⭐77⭐`), broken-up numbers (`5◐51 23З4`), invisible characters inside words. The fold undoes all
 * of it so rules read the words; the sink, when given, receives one {@link EvasionFinding} per disguised span, because
 * having needed the fold is evidence in itself.
 *
 * Plain ASCII (the great majority of comments, often behind YouTube's byte-order mark) skips every Unicode step: only
 * the spelled-out and broken-number passes can apply, each behind one hint regex.
 *
 * NFKC has two side effects worth knowing: fullwidth CJK punctuation becomes ASCII (`，` → `,`), and Hangul
 * compatibility jamo spelling a syllable compose (`ㅋㅏㅈㅣㄴㅗ` → `카지노`); lone jamo (`ㅋㅋㅋ`) are kept.
 */
import { foldMixedScript, foldSmallCaps, foldStyledLetters } from './confusables.js';
import type { EvasionFinding } from './evasion-types.js';
import { rejoinSeparated, splitDecorations } from './separated.js';

/**
 * Folds text to its plain reading: NFKC (fullwidth, mathematical alphanumerics, circled letters), styled letters NFKC
 * misses (🅰, 🇦, ⒜, small capitals), look-alikes of another script inside mixed words, curly quotes, marks stacked on
 * ASCII letters (zalgo, strike-through), symbols wedged into words, broken-up numbers; strips zero-width and other
 * invisible characters, controls and lone surrogates; collapses whitespace; re-joins spaced-out letters
 * (`A L E X I S 1 7` → `ALEXIS17`). For author names too. Disguises undone are pushed to `sink` when one is given;
 * their `match` is a substring of `s` except where two disguises overlap (the caller keeps only literal ones).
 */
export function foldText(s: string, sink?: EvasionFinding[]): string {
  let t = s;
  let plain = !NOT_PLAIN_ASCII.test(t);
  if (!plain && t.charCodeAt(0) === 0xfeff && !NOT_PLAIN_ASCII.test(t.slice(1))) {
    // A byte-order mark before plain ASCII: what the two replacements below would give, without their scans.
    t = t.slice(1);
    plain = true;
  }
  if (!plain) {
    const visible = t.replace(CONTROL_RE, ' ').replace(INVISIBLE_RE, '');
    // Only when something was removed besides the invisible characters at the two ends (YouTube's trailing BOM).
    const removed = t.length - visible.length;
    if (sink !== undefined && removed > 0 && !(removed === 1 && (t.charCodeAt(t.length - 1) === 0xfeff || t.charCodeAt(0) === 0xfeff)) && removed > invisibleEnds(t)) {
      reportInvisible(detectable(t), sink);
    }
    t = visible;
    plain = !NOT_PLAIN_ASCII.test(t);
  }
  // Text that was plain ASCII but for invisible characters (YouTube's exports start every comment with a BOM) skips
  // the Unicode steps: each maps printable ASCII to itself.
  if (!plain) {
    if (sink !== undefined) reportStyled(detectable(t), sink);
    // Styled letters fold both sides of NFKC: before it turns ⒜ into "(a)", after it makes ɡ of ᶢ.
    t = foldStyledLetters(foldStyledLetters(t).normalize('NFKC'));
    // NFKC splits Thai and Lao SARA AM into two characters; put them back, so Thai text stays as written.
    if (SPLIT_SARA_AM.test(t)) t = t.replace(/\u0E4D\u0E32/g, '\u0E33').replace(/\u0ECD\u0EB2/g, '\u0EB3');
    // NFKC turns Hangul compatibility jamo into conjoining ones: jamo spelling a syllable (ㅋㅏ) compose, which
    // undoes a spam disguise, but lone ones (ㅋㅋㅋ, "lol") would be left as odd conjoining characters: restore them.
    if (CONJOINING_JAMO.test(t)) t = t.replace(CONJOINING_JAMO_G, (j) => COMPATIBILITY_JAMO.get(j) ?? j);
    if (QUOTES_OR_MARKS.test(t)) {
      if (sink !== undefined && MARK_ON_ASCII.test(t)) reportMarks(detectable(t), sink);
      // After NFKC, a mark still on an ASCII letter has no precomposed form: it is decoration, not spelling.
      t = t.replace(SINGLE_QUOTES, "'").replace(DOUBLE_QUOTES, '"').replace(MARKS_ON_ASCII, '$1');
    }
    // Mixed words once marks are off (they would part `t̷с`); before small capitals, because one inside a Cyrillic
    // word is a Cyrillic letter (ᴍ → м), elsewhere a Latin one.
    const unmixed = foldSmallCaps(foldMixedScript(t, sink));
    // A letter just folded to ASCII may carry a mark (Ѕ̷ → S̷): off with it too.
    t = unmixed !== t && MARK_ON_ASCII.test(unmixed) ? unmixed.replace(MARKS_ON_ASCII, '$1') : unmixed;
    t = splitDecorations(t, sink);
  }
  // Re-joining comes before collapsing whitespace: "F R E E   M O N E Y" has a word break that collapsing would erase.
  t = rejoinSeparated(t, plain, sink);
  return LOOSE_WHITESPACE.test(t) ? t.replace(WHITESPACE_RUN, ' ').trim() : t;
}

const NOT_PLAIN_ASCII = /[^\t\n\r\x20-\x7E]/;

/**
 * Disguises are looked for in the first {@link DETECT_LIMIT} characters: evidence needs a few, not all of a megabyte
 * (the fold itself still reads everything).
 */
export const DETECT_LIMIT = 8192;
const detectable = (s: string): string => (s.length > DETECT_LIMIT ? s.slice(0, DETECT_LIMIT) : s);
const SPLIT_SARA_AM = /\u0E4D\u0E32|\u0ECD\u0EB2/;
const CONJOINING_JAMO = /[\u1100-\u11FF]/;
const CONJOINING_JAMO_G = /[\u1100-\u11FF]/g;
/** Conjoining jamo back to the compatibility jamo (U+3131-U+318E) that NFKC made them from, derived from NFKC itself. */
const COMPATIBILITY_JAMO: ReadonlyMap<string, string> = new Map(
  Array.from({ length: 0x318e - 0x3131 + 1 }, (_, k) => String.fromCharCode(0x3131 + k))
    .map((c) => [c.normalize('NFKC'), c] as const)
    .filter(([conjoining]) => CONJOINING_JAMO.test(conjoining) && conjoining.length === 1),
);
const CONTROL_RE = /[\u0000-\u0008\u000E-\u001F\u007F-\u009F]/g;
// Invisible formatting: soft hyphen, joiners, bidi controls, fillers (Hangul fillers are a favourite blank name),
// variation selectors, BOM, tag characters (U+E0000…), musical format characters, and lone surrogates. Written
// without the `u` flag, which makes V8 three times slower here; astral ranges are spelled as surrogate pairs.
const INVISIBLE_RE =
  /[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0\uFFF9-\uFFFB]|\uDB40[\uDC00-\uDC7F]|\uD834[\uDD73-\uDD7A]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// Curly quotes, or a mark from the combining blocks that zalgo and strike-through text draw from (diacritics,
// extended, supplement, for symbols, half marks) sitting on an ASCII letter or digit.
const QUOTES_OR_MARKS =
  /[\u2018\u2019\u201B\u201C\u201D\u201F]|[A-Za-z0-9][\u0300-\u036F\u1AB0-\u1AFF\u1DC0-\u1DFF\u20D0-\u20FF\uFE20-\uFE2F]/;
const MARK_ON_ASCII = /[A-Za-z0-9][\u0300-\u036F\u1AB0-\u1AFF\u1DC0-\u1DFF\u20D0-\u20FF\uFE20-\uFE2F]/;
const SINGLE_QUOTES = /[\u2018\u2019\u201B]/g;
const DOUBLE_QUOTES = /[\u201C\u201D\u201F]/g;
const MARKS_ON_ASCII = /([A-Za-z0-9])[\u0300-\u036F\u1AB0-\u1AFF\u1DC0-\u1DFF\u20D0-\u20FF\uFE20-\uFE2F]+/g;
const LOOSE_WHITESPACE = /[^\S ]| {2}|^ | $/;
// Only runs that are not already one plain space: rewriting every single space costs 10× on space-heavy input.
const WHITESPACE_RUN = /\s{2,}|[^\S ]/g;

// Invisible characters between two letters or digits. Joiners and the zero-width space only count between letters of
// scripts that never need them: Persian, Arabic and Indic text uses ZWNJ/ZWJ in its spelling, Thai and Japanese
// editors put zero-width spaces between words. Variation selectors after a letter and before another are a disguise
// too; inside emoji sequences (❤️, 1️⃣, 👨‍👩‍👧) they never sit between two letters.
const SPACED_SCRIPTS = 'A-Za-z0-9\\u00C0-\\u024F\\u0370-\\u03FF\\u0400-\\u052F\\uAC00-\\uD7A3';
const INVISIBLE_IN_WORD = new RegExp(
  `(?<=[\\p{L}\\p{N}])(?:[\\u034F\\u115F\\u1160\\u17B4\\u17B5\\u180B-\\u180F\\u200E\\u200F\\u202A-\\u202E\\u2060-\\u206F\\u3164\\uFE00-\\uFE0F\\uFEFF\\uFFA0\\uFFF9-\\uFFFB]|[\\u{E0000}-\\u{E007F}])+(?=[\\p{L}\\p{N}])|(?<=[${SPACED_SCRIPTS}])[\\u200B-\\u200D]+(?=[${SPACED_SCRIPTS}])`,
  'gu',
);
const LETTER_THEN_INVISIBLE =
  /[A-Za-z0-9\u00AA-\u02FF\u0370-\u06FF\u0900-\u0EFF\u10A0-\u10FF\u3040-\u30FF\u3400-\u9FFF\uAC00-\uD7A3](?:[\u034F\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0\uFFF9-\uFFFB]|\uDB40[\uDC00-\uDC7F])/;
const WORD_OR_INVISIBLE = /[\p{L}\p{N}\p{M}\p{Cf}\uFE00-\uFE0F\u3164\uFFA0\u115F\u1160]/u;

/** How many code units of invisible characters (as INVISIBLE_RE removes them) start and end `s`. */
function invisibleEnds(s: string): number {
  let start = 0;
  for (INVISIBLE_AT.lastIndex = 0; INVISIBLE_AT.test(s); INVISIBLE_AT.lastIndex = start) start = INVISIBLE_AT.lastIndex;
  let end = s.length;
  while (end > start) {
    const width = end >= 2 && s.charCodeAt(end - 1) >= 0xdc00 && s.charCodeAt(end - 1) <= 0xdfff ? 2 : 1;
    INVISIBLE_AT.lastIndex = end - width;
    if (!INVISIBLE_AT.test(s) || INVISIBLE_AT.lastIndex !== end) break;
    end -= width;
  }
  return start + s.length - end;
}

/** Reports invisible characters inside words (`ca\u200Bsino`); leading and trailing ones (a BOM) are not disguise. */
function reportInvisible(s: string, sink: EvasionFinding[]): void {
  // Nearly always the invisible characters follow emoji (❤️, 👨‍👩‍👧): a letter right before one is rare, and cheap to test.
  if (!LETTER_THEN_INVISIBLE.test(s)) return;
  INVISIBLE_IN_WORD.lastIndex = 0;
  let done = 0;
  for (const m of s.matchAll(INVISIBLE_IN_WORD)) {
    if (m.index < done) continue;
    const [start, end] = spanAround(s, m.index, m.index + m[0].length, WORD_OR_INVISIBLE);
    const match = s.slice(start, end);
    sink.push({ kind: 'invisible', match, folded: match.replace(INVISIBLE_RE, '') });
    done = end;
  }
}

// Characters NFKC or the styled folds may turn into ASCII letters or digits: Latin-1 ordinals and superscripts, IPA and
// small capitals, phonetic and modifier letters, super/subscripts, enclosed alphanumerics, dingbat digits, fullwidth
// forms, mathematical alphanumerics (U+1D400…), enclosed supplement and regional indicators (U+1F100…), segmented
// digits (U+1FBF0…). Hangul compatibility jamo spelling a syllable (ㅋㅏ) compose under NFKC.
const STYLED_CANDIDATE =
  /[\u00AA\u00B2\u00B3\u00B9\u00BA\u0250-\u02FF\u1D00-\u1DBF\u2070-\u209F\u2460-\u24FF\u2776-\u2793\uA730\uA731\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]|\uD835[\uDC00-\uDFFF]|\uD83C[\uDD00-\uDDFF]|\uD83E[\uDFF0-\uDFF9]|[\u3131-\u314E][\u314F-\u3163]/;
const STYLED_CANDIDATE_G = new RegExp(STYLED_CANDIDATE.source, 'g');
// Superscripts, subscripts and ordinal indicators are ordinary one at a time (m², H₂O, 1º, xⁿ): a disguise from two.
const SUPERSCRIPT = /[\u00AA\u00B2\u00B3\u00B9\u00BA\u02B0-\u02FF\u1D2C-\u1D6A\u1D9B-\u1DBF\u2070-\u209F]/;
// Fullwidth Latin is how Chinese and Japanese keyboards type Latin: a disguise only outside CJK text.
const FULLWIDTH = /[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/;
const CJK_TEXT = /[\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uAC00-\uD7A3]/;
// An enclosed or dingbat digit alone is a list marker (① …, ❶ …), a disguise only next to another letter or digit.
const ENCLOSED_DIGIT = /^(?:[\u2460-\u24FF\u2776-\u2793]|\uD83C[\uDD00-\uDD0C])$/;
const STYLED_AFTER_SPACE = new RegExp(`^ (?:${STYLED_CANDIDATE.source})`);
const STYLED_BEFORE_SPACE = new RegExp(`(?:${STYLED_CANDIDATE.source}) $`);
const MAX_WORD = 64;
const FLAGS = /^(?:\uD83C[\uDDE6-\uDDFF]\uD83C[\uDDE6-\uDDFF])+$/;
const ASCII_ALNUM_ONLY = /^[A-Za-z0-9]+$/;
const DIGITS_ONLY = /^[0-9]+$/;
// A letter, digit or mark, or a styled letter or digit that is a symbol to Unicode (Ⓐ, 🅰, 🇦, ❶).
const STYLED_WORD_PART = /[\p{L}\p{N}\p{M}\u2460-\u24FF\u2776-\u2793\u{1F100}-\u{1F1FF}\u{1FBF0}-\u{1FBF9}]/u;

/**
 * Reports words written in styled letters (`𝐌𝐄𝐆𝐀𝟖𝟖` → `MEGA88`, `ᴄᴀsɪɴᴏ`, `🅲🅰🆂🅸🅽🅾`, `ｃａｓｉｎｏ` outside CJK text,
 * `ㅋㅏㅈㅣㄴㅗ`), as `styled`, or `broken-digits` when the word is a number of 3 digits or more (`➊➋➌➍`).
 */
function reportStyled(s: string, sink: EvasionFinding[]): void {
  if (!STYLED_CANDIDATE.test(s)) return;
  const cjk = CJK_TEXT.test(s);
  STYLED_CANDIDATE_G.lastIndex = 0;
  let done = 0;
  for (const m of s.matchAll(STYLED_CANDIDATE_G)) {
    if (m.index < done) continue;
    const [start, end] = spanAround(s, m.index, m.index + m[0].length, STYLED_WORD_PART);
    done = end;
    const word = s.slice(start, end);
    // A styled "word" longer than any word is a wall of symbols, not a disguised name.
    if (word.length > MAX_WORD) continue;
    // Regional indicators in pairs are flags (🇩🇪, 🇺🇸🇬🇧): only lone ones spell (🇨 🇦 🇸 🇮 🇳 🇴).
    if (FLAGS.test(word)) continue;
    let styled = 0;
    let superscripts = 0;
    for (const c of word.matchAll(STYLED_CANDIDATE_G)) {
      const ch = c[0];
      if (FULLWIDTH.test(ch) && cjk) continue;
      if (ENCLOSED_DIGIT.test(ch) && word.length <= 2) continue;
      if (ch.length === 2 && ch.charCodeAt(0) < 0xd800) {
        styled++; // jamo spelling a syllable
        continue;
      }
      const folded = foldSmallCaps(foldStyledLetters(foldStyledLetters(ch).normalize('NFKC')));
      if (folded === ch || !ASCII_ALNUM_ONLY.test(folded)) continue;
      if (SUPERSCRIPT.test(ch)) superscripts++;
      else styled++;
    }
    if (styled === 0 && superscripts < 2) continue;
    const folded = foldSmallCaps(foldStyledLetters(foldStyledLetters(word).normalize('NFKC')));
    // One styled letter alone is a sign, not a word (𝕏 the platform, ℝ, 𝑥), unless it spells one out with its
    // neighbours (🇨 🇦 🇸 🇮 🇳 🇴).
    if (folded.length < 2 && !STYLED_AFTER_SPACE.test(s.slice(end, end + 3)) && !STYLED_BEFORE_SPACE.test(s.slice(Math.max(0, start - 3), start))) continue;
    sink.push({ kind: DIGITS_ONLY.test(folded) && folded.length >= 3 ? 'broken-digits' : 'styled', match: word, folded });
  }
  STYLED_CANDIDATE_G.lastIndex = 0;
}

const MARKED_RUN = /[A-Za-z0-9\u0300-\u036F\u1AB0-\u1AFF\u1DC0-\u1DFF\u20D0-\u20FF\uFE20-\uFE2F]{3,}/g;
const KEYCAPS = /^(?:[0-9#*]\u20E3)+$/;
const MARKED_LETTER = /[A-Za-z0-9][\u0300-\u036F\u1AB0-\u1AFF\u1DC0-\u1DFF\u20D0-\u20FF\uFE20-\uFE2F]/g;

/** Reports words whose letters carry marks no language puts there (`c̷a̷s̷i̷n̷o̷`, zalgo), as `styled`. */
function reportMarks(s: string, sink: EvasionFinding[]): void {
  for (const m of s.matchAll(MARKED_RUN)) {
    const folded = m[0].replace(MARKS_ON_ASCII, '$1');
    if (KEYCAPS.test(m[0])) {
      // Keycap digits (1️⃣2️⃣) are emoji: a disguise only as a number long enough to be a phone or an id.
      if (DIGITS_ONLY.test(folded) && folded.length >= 5) sink.push({ kind: 'broken-digits', match: m[0], folded });
      continue;
    }
    // One accent left after NFKC can be a rare spelling; marks on two letters or more are decoration.
    if ((m[0].match(MARKED_LETTER)?.length ?? 0) >= 2) sink.push({ kind: 'styled', match: m[0], folded });
  }
}

/** The span around `[from, to)` extended over characters `part` accepts (whole code points). */
function spanAround(s: string, from: number, to: number, part: RegExp): [number, number] {
  let start = from;
  while (start > 0) {
    const w = s.charCodeAt(start - 1) >= 0xdc00 && s.charCodeAt(start - 1) <= 0xdfff && start >= 2 ? 2 : 1;
    if (!part.test(s.slice(start - w, start))) break;
    start -= w;
  }
  let end = to;
  while (end < s.length) {
    const w = s.charCodeAt(end) >= 0xd800 && s.charCodeAt(end) <= 0xdbff ? 2 : 1;
    if (!part.test(s.slice(end, end + w))) break;
    end += w;
  }
  return [start, end];
}

/**
 * The substring of `field` that reads as `match` once invisible characters are dropped (`❤️slot❤️gacor` for
 * `❤slot❤gacor`: the fold removed the variation selectors before it found the decoration), or undefined. Bounded: the
 * first 20 places where `match` could start, spans of at most 500 characters.
 */
export function literalSpan(field: string, match: string): string | undefined {
  if (match === '' || match.length > 500) return undefined;
  if (field.includes(match)) return match;
  let from = field.indexOf(match[0]!);
  for (let tries = 0; from >= 0 && tries < 20; tries++, from = field.indexOf(match[0]!, from + 1)) {
    let i = from;
    let k = 0;
    while (k < match.length && i < field.length && i - from < 1000) {
      if (field.charCodeAt(i) === match.charCodeAt(k)) {
        i++;
        k++;
      } else if (isInvisibleAt(field, i)) i++;
      else break;
    }
    if (k === match.length) return field.slice(from, i);
  }
  return undefined;
}

const INVISIBLE_AT = new RegExp(INVISIBLE_RE.source, 'y');

function isInvisibleAt(s: string, i: number): boolean {
  INVISIBLE_AT.lastIndex = i;
  return INVISIBLE_AT.test(s);
}
