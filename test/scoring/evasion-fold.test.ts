/** The fold's report of what it undid: spam disguises in several languages, and what readers write that looks alike. */
import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { buildContext } from '../../src/scoring/context.js';
import type { EvasionFinding } from '../../src/scoring/evasion-types.js';
import { foldText } from '../../src/scoring/fold.js';

/** The fold of `s` and what it reported. */
function fold(s: string): { text: string; found: EvasionFinding[] } {
  const found: EvasionFinding[] = [];
  return { text: foldText(s, found), found };
}

/** The kinds reported for `s`. */
const kinds = (s: string): string[] => fold(s).found.map((f) => f.kind);

function assertReports(s: string, kind: string, match: string, folded: string): void {
  const { found } = fold(s);
  assert.ok(found.some((f) => f.kind === kind && f.match === match && f.folded === folded), `${s}: ${JSON.stringify(found)}`);
}

describe('foldText report: styled letters', () => {
  test('When a brand is in mathematical bold, circled, negative-squared or fullwidth letters, then it is reported as styled', () => {
    assertReports('Main di 𝐌𝐄𝐆𝐀𝟖𝟖 sekarang', 'styled', '𝐌𝐄𝐆𝐀𝟖𝟖', 'MEGA88');
    assertReports('🅲🅰🆂🅸🅽🅾 bonus', 'styled', '🅲🅰🆂🅸🅽🅾', 'CASINO');
    assertReports('ⓢⓛⓞⓣ', 'styled', 'ⓢⓛⓞⓣ', 'slot');
    assertReports('🇨 🇦 🇸 🇮 🇳 🇴', 'styled', '🇨', 'C');
    assertReports('play ｃａｓｉｎｏ now', 'styled', 'ｃａｓｉｎｏ', 'casino');
    assertReports('ᴄᴀsɪɴᴏ', 'styled', 'ᴄᴀsɪɴᴏ', 'casino');
    assertReports('ʰᵉˡˡᵒ', 'styled', 'ʰᵉˡˡᵒ', 'hello');
    assertReports('c̷a̷s̷i̷n̷o̷', 'styled', 'c̷a̷s̷i̷n̷o̷', 'casino');
    assertReports('ㅋㅏㅈㅣㄴㅗ', 'styled', 'ㅋㅏㅈㅣㄴㅗ', '카지노');
  });

  test('When a Cyrillic word hides a Latin small capital or a turned letter, then it reads in Cyrillic and is reported as styled', () => {
    assert.equal(fold('Заᴍена').text, 'Замена');
    assertReports('ʍой', 'styled', 'ʍой', 'мой');
  });

  test('When a reader writes 𝕏, a flag, m², H₂O, 1º, a ① list, iPhone in fullwidth inside Japanese, or a ligature, then nothing is reported', () => {
    for (const s of ['posted it on 𝕏 today', 'Grüße aus Berlin 🇩🇪', 'USA 🇺🇸🇬🇧 UK', '10 m² and H₂O', 'el 1º de mayo', '① first ② second', '我用ｉＰｈｏｎｅ拍的', 'ﬁne work', '½ cup', '№5']) {
      assert.deepEqual(kinds(s), [], s);
    }
  });
});

describe('foldText report: mixed scripts', () => {
  test('When Cyrillic look-alikes hide in a Latin word, or Latin ones in a Russian word, then the word reads in its own script', () => {
    assertReports('саsino online', 'mixed-script', 'саsino', 'casino');
    assertReports('Пpивeт всем', 'mixed-script', 'Пpивeт', 'Привет');
    assertReports('Подpaбoткa на дому', 'mixed-script', 'Подpaбoткa', 'Подработка');
    assertReports('Free РауРаl money', 'mixed-script', 'РауРаl', 'PayPal');
    assertReports('ΜΑΧWΙΝ hari ini', 'mixed-script', 'ΜΑΧWΙΝ', 'MAXWIN');
    assertReports('ѕех', 'mixed-script', 'ѕех', 'sex');
  });

  test('When a rune is wedged between Chinese characters, then it is dropped and reported', () => {
    assertReports('加ᚱ微信', 'mixed-script', '加ᚱ微信', '加微信');
  });

  test('When text is real Russian, Ukrainian, Greek, or two words run together, then nothing is folded or reported', () => {
    for (const s of ['Привет, как дела?', 'Дякую, це місто гарне', 'Καλημέρα σας', 'удалитьAlmoristics', 'α版が出た', '5 μg', 'iPhone用']) {
      const { text, found } = fold(s);
      assert.equal(text, s);
      assert.deepEqual(found, [], s);
    }
  });
});

describe('foldText report: spaced and decorated words', () => {
  test('When a word is spelled out with spaces, dots or hyphens, in any alphabet, then it is re-joined and reported as spaced', () => {
    assertReports('L U C K Y 7 7 gacor', 'spaced', 'L U C K Y 7 7', 'LUCKY77');
    assertReports('С К И Д К А 50%', 'spaced', 'С К И Д К А', 'СКИДКА');
    assertReports('바 카 라 사 이 트', 'spaced', '바 카 라 사 이 트', '바카라사이트');
    assertReports('join C.A.S.I.N.O today', 'spaced', 'C.A.S.I.N.O', 'CASINO');
    assertReports('c-a-s-i-n-o', 'spaced', 'c-a-s-i-n-o', 'casino');
  });

  test('When symbols split a word or a brand, then it is re-joined and reported as decorated', () => {
    assertReports('S★L★O★T', 'decorated', 'S★L★O★T', 'SLOT');
    assertReports('Э/С/К/О/Р/Т', 'decorated', 'Э/С/К/О/Р/Т', 'ЭСКОРТ');
    assertReports('⭐LUCKY⭐77⭐', 'decorated', '⭐LUCKY⭐77⭐', '⭐LUCKY77⭐');
    assert.equal(fold('❤️slot❤️gacor').text, '❤slot gacor');
  });

  test('When readers shorten, abbreviate, date, count or put one emoji between words, then nothing is joined', () => {
    for (const s of ['I a m ok', 'U.S.A.', 'e.g. this', '2024-11-20', 'в 5 и 6 классах', 'I ❤️ you', 'love❤️you', 'what the f*ck']) {
      assert.deepEqual(kinds(s), [], s);
    }
    assert.equal(fold('в 5 и 6 классах').text, 'в 5 и 6 классах');
  });
});

describe('foldText report: broken numbers', () => {
  test('When a number is broken by symbols, look-alike letters, spaces or styled digits, then it reads as plain digits', () => {
    assertReports('WA 5◐51 23З4', 'broken-digits', '5◐51 23З4', '5512334');
    assertReports('tel 5◐51 23з4', 'broken-digits', '5◐51 23з4', '5512334');
    assertReports('call 1 3 8 - 5 5 5 2', 'broken-digits', '1 3 8 - 5 5 5 2', '1385552');
    assertReports('QQ: ➊➋➌➍➎', 'broken-digits', '➊➋➌➍➎', '12345');
    assert.equal(fold('wa 0️⃣8️⃣1️⃣2️⃣3️⃣4️⃣').text, 'wa 081234');
  });

  test('When a number is an ordinary phone, a product of factors or a count, then it is left as written', () => {
    for (const s of ['/watch?v=5tu9gN1l310', '0812.3456.7890', '+7 (912) 345-67-89', '8 800 555 35 35', '10×20×30 cm', '120*1.8*20', '1 2 3 4 5 6 7 8 9', '1️⃣ first']) {
      assert.deepEqual(kinds(s), [], s);
    }
  });
});

describe('foldText report: invisible characters', () => {
  test('When zero-width characters or tag characters sit inside a word, then they are reported as invisible', () => {
    assertReports('ca\u200Bsino', 'invisible', 'ca\u200Bsino', 'casino');
    assertReports('x\u{E0061}y', 'invisible', 'x\u{E0061}y', 'xy');
  });

  test('When a BOM ends a comment, Persian uses a ZWNJ, or emoji are joined, then nothing is reported', () => {
    for (const s of ['great song\uFEFF', '\uFEFFgreat', 'می\u200Cخواهم', '👨\u200D👩\u200D👧 family', 'I ❤\uFE0F it', 'Bundes\u00ADregierung']) {
      assert.deepEqual(kinds(s), [], s);
    }
  });
});

describe('buildContext: the evasion report', () => {
  const settings = { thresholds: { review: 0.5, spam: 0.9 }, languages: [] };
  const ctxOf = (content: string, name?: string, contentType: 'text' | 'html' = 'text') =>
    buildContext({ id: '1', postId: 'p', content, contentType, author: name === undefined ? {} : { name } }, settings, new Date(0));

  test('When content and name are disguised, then each field lists its findings with literal spans', () => {
    const ctx = ctxOf('❤️slot❤️gacor 𝐌𝐄𝐆𝐀𝟖𝟖', '⭐ A L E X ⭐');
    assert.deepEqual(ctx.evasion.content.map((f) => [f.kind, f.match]), [['styled', '𝐌𝐄𝐆𝐀𝟖𝟖'], ['decorated', '❤️slot❤️gacor']]);
    assert.deepEqual(ctx.evasion.authorName.map((f) => [f.kind, f.match]), [['spaced', 'A L E X']]);
    assert.equal(ctx.text, '❤slot gacor MEGA88');
  });

  test('When a disguise straddles markup or an entity, then it is left out rather than pointing at text that is not there', () => {
    const ctx = ctxOf('c<b>a</b>sino ca&#8203;sino саsino', 'Jane', 'html');
    assert.deepEqual(ctx.evasion.content.map((f) => f.match), ['саsino']);
    assert.deepEqual(ctx.evasion.authorName, []);
  });

  test('When 100,000 characters are disguised word after word, then the report keeps at most 50 findings per field', () => {
    const ctx = ctxOf('Пpивeт '.repeat(15_000), 'sа '.repeat(100));
    assert.equal(ctx.evasion.content.length, 1); // one span, repeated: one finding
    assert.ok(ctx.evasion.authorName.length <= 50);
    const varied = ctxOf(Array.from({ length: 5_000 }, (_, i) => `саsino${i} ${i}◐${i}0${i}`).join(' '));
    assert.ok(varied.evasion.content.length > 0 && varied.evasion.content.length <= 50);
  });

  test('When any mix of disguises is folded, then every match is a substring of its field', () => {
    const unit = fc.constantFrom('𝐌', '𝟖', 'а', 's', 'П', 'p', ' ', 'L ', '★', '⭐', '5', '◐', 'З', '\u200B', '\uFE0F', '❤', 'ᴄ', 'x', '.', '-', '加', 'ᚱ');
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 30 }).map((a) => a.join('')), fc.array(unit, { maxLength: 12 }).map((a) => a.join('')), (content, name) => {
        const ctx = ctxOf(content, name);
        for (const f of ctx.evasion.content) assert.ok(content.includes(f.match), JSON.stringify([content, f]));
        for (const f of ctx.evasion.authorName) assert.ok(name.includes(f.match), JSON.stringify([name, f]));
      }),
      { numRuns: 2000 },
    );
  });
});
