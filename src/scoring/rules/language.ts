/**
 * Language rule: a comment in a script far from the site's languages (Hangul on an English site) is a little more
 * likely to be a campaign, but readers write in their own languages too: so the rule adds a small weight and only
 * next to other evidence. A Korean reader's `좋은 기사 감사합니다` on an English site stays `ham`.
 */
import type { Phase } from '../phase.js';
import { weightsOf, type RuleData } from '../rule-data.js';

/** Writing systems, as far as this rule tells them apart. */
export type Script = 'latin' | 'hangul' | 'han' | 'kana' | 'cyrillic' | 'greek' | 'arabic' | 'hebrew' | 'thai' | 'devanagari';

const LATIN: readonly Script[] = ['latin'];

/** Scripts a site language is written in; a language not listed is taken as Latin-script. */
const SCRIPTS_OF: Readonly<Record<string, readonly Script[]>> = {
  ko: ['hangul', 'han'],
  zh: ['han'],
  ja: ['han', 'kana'],
  ru: ['cyrillic'], uk: ['cyrillic'], bg: ['cyrillic'], sr: ['cyrillic', 'latin'], be: ['cyrillic'], kk: ['cyrillic'], mk: ['cyrillic'],
  el: ['greek'],
  ar: ['arabic'], fa: ['arabic'], ur: ['arabic'],
  he: ['hebrew'], yi: ['hebrew'],
  th: ['thai'],
  hi: ['devanagari'], mr: ['devanagari'], ne: ['devanagari'],
};

/** The script most of the letters of `text` are in (first 2,000 characters), or undefined under 4 letters. */
export function dominantScript(text: string): Script | undefined {
  const counts = new Map<Script, number>();
  const n = Math.min(text.length, 2000);
  for (let i = 0; i < n; i++) {
    const s = scriptOf(text.charCodeAt(i));
    if (s) counts.set(s, (counts.get(s) ?? 0) + 1);
  }
  let best: Script | undefined;
  let most = 3;
  for (const [s, c] of counts) if (c > most) [best, most] = [s, c];
  return best;
}

function scriptOf(c: number): Script | undefined {
  if (c < 0x80) return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) ? 'latin' : undefined;
  if (c >= 0xc0 && c <= 0x24f) return 'latin';
  if ((c >= 0xac00 && c <= 0xd7a3) || (c >= 0x1100 && c <= 0x11ff) || (c >= 0x3130 && c <= 0x318f)) return 'hangul';
  if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf)) return 'han';
  if (c >= 0x3040 && c <= 0x30ff) return 'kana';
  if (c >= 0x400 && c <= 0x4ff) return 'cyrillic';
  if (c >= 0x370 && c <= 0x3ff) return 'greek';
  if (c >= 0x600 && c <= 0x6ff) return 'arabic';
  if (c >= 0x590 && c <= 0x5ff) return 'hebrew';
  if (c >= 0xe00 && c <= 0xe7f) return 'thai';
  if (c >= 0x900 && c <= 0x97f) return 'devanagari';
  return undefined;
}

/** The language phase. Run it last: it reads the reasons of the phases before it. */
export function languagePhase(data: RuleData): Phase {
  const weight = weightsOf(data)('language.unexpected-script');
  return {
    name: 'language',
    run(ctx, earlier) {
      const languages = ctx.settings.languages;
      if (languages.length === 0) return undefined;
      // Other evidence: a rule about the comment itself that pushes towards spam (not the prior, not the classifier).
      if (!earlier.some((r) => r.weight > 0 && r.code !== 'prior' && r.code !== 'bayes')) return undefined;
      const script = dominantScript(`${ctx.authorName} ${ctx.text}`);
      if (!script) return undefined;
      const expected = new Set<Script>(languages.flatMap((l): readonly Script[] => SCRIPTS_OF[l.toLowerCase().split('-')[0] ?? ''] ?? LATIN));
      if (expected.has(script)) return undefined;
      return {
        reasons: [
          {
            code: 'language.unexpected-script',
            weight,
            message: `Written in ${script} script, far from the site's languages (${languages.join(', ')}); it counts only next to other evidence.`,
            data: { script },
          },
        ],
      };
    },
  };
}
