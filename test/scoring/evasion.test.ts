/** The evasion phase: disguise as evidence, on real-looking spam and on what readers write that looks alike. */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fromRoot } from '../../src/platform/paths.js';
import { loadRuleData } from '../../src/scoring/rule-data.js';
import { evasionStrength, leet } from '../../src/scoring/rules/evasion.js';
import { score } from './rules/helpers.js';

const evasion = (r: ReturnType<typeof score>) => r.reasons.filter((x) => x.code.startsWith('evasion.'));
const codesOf = (c: Record<string, unknown>): string[] => evasion(score(c)).map((x) => x.code);
const weights = loadRuleData().weights;

describe('evasion phase: one reason per kind of disguise', () => {
  const cases: Array<[string, string, string]> = [
    ['evasion.styled', 'Main di 𝐌𝐄𝐆𝐀𝟖𝟖 sekarang, pasti menang', '𝐌𝐄𝐆𝐀𝟖𝟖'],
    ['evasion.mixed-script', 'Срочно! Подpaбoткa на дому, пиши в лс', 'Подpaбoткa'],
    ['evasion.spaced', 'Daftar di L U C K Y 7 7 sekarang', 'L U C K Y 7 7'],
    ['evasion.decorated', 'Gacor hari ini ⭐LUCKY⭐77⭐ gas', '⭐LUCKY⭐77⭐'],
    ['evasion.leet', 'best c4s1n0 bonus here', 'c4s1n0'],
    ['evasion.broken-digits', '加我 5◐51 23З4 私聊', '5◐51 23З4'],
    ['evasion.invisible', 'join the ca\u200Bsino today', 'ca\u200Bsino'],
  ];
  for (const [code, content, match] of cases) {
    test(`When a comment reads "${content}", then ${code} fires with the disguised span as evidence`, () => {
      const r = score({ content });
      const reason = evasion(r).find((x) => x.code === code);
      assert.ok(reason, JSON.stringify(r.reasons.map((x) => x.code)));
      assert.deepEqual(reason.evidence, [{ field: 'content', match }]);
      assert.ok(content.includes(match));
      assert.ok(reason.message.includes(`"${match}" reads`), reason.message);
      assert.equal(reason.weight, weights[code]);
    });
  }

  test('When readers write in Russian, Korean, Greek, with a flag, a phone number, gamer slang or L O V E, then no evasion reason fires', () => {
    for (const content of [
      'Спасибо за статью, очень интересно. В 5 и 6 классах так и учат.',
      '좋은 기사 감사합니다 ㅋㅋㅋ',
      'Καλημέρα σας, ευχαριστώ πολύ',
      'Grüße aus Berlin 🇩🇪 und danke!',
      'Call the office on 0812.3456.7890 or +7 (912) 345-67-89',
      'such a n00b, totally pwn3d, gg',
      'I L O V E this song ❤️',
      'my mp3 player and b2b sales after covid19',
      'see https://youtu.be/a1b2c3?v=s1ot',
      'I ❤️ you, love❤️you',
    ]) {
      assert.deepEqual(codesOf({ content }), [], content);
    }
  });

  test('When letters are spelled out for a word campaigns use, then it counts; when they shout a plain word, it does not', () => {
    assert.deepEqual(codesOf({ content: 'F R E E  C A S I N O spins' }), ['evasion.spaced']);
    assert.deepEqual(codesOf({ content: 'K I D D I N G me?' }), []);
  });

  test('When several words are disguised, then the strength grows by half per word, up to 2; styled letters count once', () => {
    assert.deepEqual([1, 2, 3, 5].map(evasionStrength), [1, 1.5, 2, 2]);
    const mixed = evasion(score({ content: 'Пpивeт! Подpaбoткa, зapaбoтoк' })).find((x) => x.code === 'evasion.mixed-script');
    assert.equal(mixed?.weight, weights['evasion.mixed-script']! * 2);
    const styled = evasion(score({ content: '𝐆𝐨𝐨𝐝 𝐦𝐨𝐫𝐧𝐢𝐧𝐠 𝐞𝐯𝐞𝐫𝐲𝐨𝐧𝐞' })).find((x) => x.code === 'evasion.styled');
    assert.equal(styled?.weight, weights['evasion.styled']);
  });
});

describe('evasion phase: the author name', () => {
  test('When the author name is styled, spelled out or mixed-script, then evasion.author fires with author.name evidence', () => {
    for (const [name, match] of [['𝗪𝗘𝗧𝗢𝗡𝟴𝟴', '𝗪𝗘𝗧𝗢𝗡𝟴𝟴'], ['⭐ A L E X I S 1 7 ⭐', 'A L E X I S 1 7'], ['Саsino Royal', 'Саsino']]) {
      const r = score({ content: 'nice video', author: { name } });
      const reason = evasion(r).find((x) => x.code === 'evasion.author');
      assert.ok(reason, name);
      assert.deepEqual(reason.evidence, [{ field: 'author.name', match }]);
      assert.ok(reason.message.startsWith('The author name hides its letters'), reason.message);
    }
  });

  test('When an author is called Jane, Александр, 김민수 or J O H N, then evasion.author does not fire', () => {
    for (const name of ['Jane', 'Александр', '김민수', 'J O H N', 'Ana 🇵🇹']) {
      assert.deepEqual(codesOf({ content: 'nice video', author: { name } }), [], name);
    }
  });
});

describe('leet', () => {
  const words = loadRuleData().leetWords;
  test('When digits stand for letters of a word campaigns disguise, then it reads as that word', () => {
    const found = leet('sl0t g4c0r, v1agra, $lot and wh4tsapp', 'SL0T g4c0r, V1agra, $lot and wh4tsapp', words);
    assert.deepEqual(found.map((f) => [f.match, f.folded]), [['SL0T', 'slot'], ['g4c0r', 'gacor'], ['V1agra', 'viagra'], ['$lot', 'slot'], ['wh4tsapp', 'whatsapp']]);
  });

  test('When letter+digit tokens are brands, units, file types or parts of links, then they are not leetspeak', () => {
    for (const s of ['weton88 slot88', 'mp3 b2b covid19 4k 2nd', 'https://x.com/a1b2?s=c4s1n0', 'user@c4s1n0.com', 'h2o and co2']) {
      assert.deepEqual(leet(s, s, words), [], s);
    }
  });
});

describe('scripts/generate-confusables.mjs', () => {
  test('When it reads a confusables.txt in Unicode\'s format, then it writes the look-alike tables by class', () => {
    const dir = mkdtempSync(join(tmpdir(), 'confusables-'));
    const txt = join(dir, 'confusables.txt');
    // Cyrillic а → a, Cyrillic Р → P, Cyrillic З → 3, Latin p → Cyrillic р (a class of three).
    writeFileSync(txt, '# Version: 99.0\n0430 ;\t0061 ;\tMA\t# а → a\n0420 ;\t0050 ;\tMA\n0417 ;\t0033 ;\tMA\n0440 ;\t0070 ;\tMA\n');
    const out = join(dir, 'data.ts');
    execFileSync(process.execPath, [fromRoot('scripts', 'generate-confusables.mjs'), txt, out]);
    const ts = readFileSync(out, 'utf8');
    assert.match(ts, /version 99\.0/);
    assert.match(ts, /TO_LATIN_PAIRS = ".*аa/);
    assert.match(ts, /TO_LATIN_PAIRS = ".*РP/);
    assert.match(ts, /TO_DIGIT_PAIRS = ".*З3/);
    assert.match(ts, /TO_CYRILLIC_PAIRS = ".*pр/);
  });

  test('When the shipped tables are read, then they hold the look-alikes spam uses, from Unicode data', () => {
    const ts = readFileSync(fromRoot('src', 'scoring', 'confusables-data.ts'), 'utf8');
    for (const pair of ['аa', 'сc', 'оo', 'ΜM', 'ᏟC', 'З3', 'б6', 'pр', 'eе', 'ᴨп', 'ʍм']) assert.ok(ts.includes(pair), pair);
  });
});

describe('letters of other scripts in Chinese text', () => {
  test('When a rune is wedged where a QQ handle starts (加ᚱQQ), then it is dropped, the hand-off reads, and the disguise is reported', () => {
    const r = score({ content: '想要资源的加ᚱQQ：1➁3④5⑥7⑧9' });
    const codes = r.reasons.map((x) => x.code);
    assert.ok(codes.includes('evasion.mixed-script'), codes.join());
    assert.ok(codes.includes('contact.messenger'), codes.join());
  });

  test('When Greek letters are symbols in Chinese or Japanese (α版, β受体, γ線), then nothing is folded or reported', () => {
    const r = score({ content: '用α版测试，β受体阻滞剂，γ線の量' });
    assert.ok(!r.reasons.some((x) => x.code.startsWith('evasion.')), r.reasons.map((x) => x.code).join());
  });
});
