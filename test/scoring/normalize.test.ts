/** Normalisation on real-looking comments: the spellings spam uses, and legitimate text that must survive. */
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { MAX_LINKS } from '../../src/scoring/links.js';
import { foldText, normalizeText } from '../../src/scoring/normalize.js';
import { MAX_TOKEN_LENGTH, MAX_TOKENS, tokenize } from '../../src/scoring/tokenize.js';

const MODES = ['text', 'html', 'markdown'] as const;

describe('foldText: styled and disguised letters', () => {
  test('When a name is in mathematical bold, then it folds to ASCII', () => {
    assert.equal(foldText('𝗪𝗘𝗧𝗢𝗡𝟴𝟴'), 'WETON88');
  });

  test('When letters are fullwidth, circled, squared or negative-squared, then they fold to ASCII', () => {
    assert.equal(foldText('ＪＡＳ８９０'), 'JAS890');
    assert.equal(foldText('ⓒⓐⓢⓘⓝⓞ Ⓐ'), 'casino A');
    assert.equal(foldText('🅲🅰🆂🅸🅽🅾 🄰🄱'), 'CASINO AB');
    assert.equal(foldText('🅐🅑'), 'AB');
    assert.equal(foldText('⒞⒜⒮⒤⒩⒪'), 'casino');
    assert.equal(foldText('❶❷❸'), '123');
  });

  test('When letters are regional indicators, then they fold to capital letters', () => {
    assert.equal(foldText('🇨 🇦 🇸 🇮 🇳 🇴'), 'CASINO');
  });

  test('When a Korean word is spelled in separate jamo, then it composes into syllables', () => {
    assert.equal(foldText('ㅋㅏㅈㅣㄴㅗ'), '카지노');
  });

  test('When a word is written in small capitals, then it folds to lowercase ASCII', () => {
    assert.equal(foldText('ᴄᴀsɪɴᴏ ʙᴏɴᴜs'), 'casino bonus');
  });

  test('When Cyrillic look-alikes hide inside a Latin word, then they fold to Latin', () => {
    assert.equal(foldText('саsino'), 'casino');
    assert.equal(foldText('Free РауРаl money'), 'Free PayPal money');
    assert.equal(foldText('ѕех'), 'sex'); // all look-alikes, with ѕ that no Russian word uses
    assert.equal(foldText('саѕіпо'), 'саѕіпо'); // п looks like n to a reader, not to Unicode's confusables data
  });

  test('When text is real Russian, Greek, Korean, Chinese, Arabic or Thai, then it is left as written', () => {
    for (const text of ['Привет, как дела? Всё хорошо, спасибо.', 'сок и сахар', 'Καλημέρα σας, ευχαριστώ πολύ',
      '좋은 기사 감사합니다', '바카라 사이트', 'ㅋㅋㅋ 진짜 웃기다 ㅠㅠ', 'شكرا جزيلا على المقال', 'ขอบคุณสำหรับบทความครับ',
      'Crème brûlée à Paris']) {
      assert.equal(foldText(text), text);
    }
  });

  test('When zero-width characters, a soft hyphen or a BOM are inside words, then they are removed', () => {
    assert.equal(foldText('ca\u200Bsi\u200Cno\u200D \u2060bo\u00ADnus\uFEFF'), 'casino bonus');
  });

  test('When text has control characters and lone surrogates, then they are removed', () => {
    assert.equal(foldText('a\u0000b\uD800c\uDC00d\u0007'), 'a bcd');
  });

  test('When letters carry strike-through or zalgo marks, then the marks are removed', () => {
    assert.equal(foldText('c̷a̷s̷i̷n̷o̷ w̶i̶n̶'), 'casino win');
    assert.equal(foldText('café naïve'), 'café naïve');
  });

  test('When whitespace is irregular, then it collapses to single spaces and is trimmed', () => {
    assert.equal(foldText('  hello \n\t world\u00A0\u3000! '), 'hello world !');
  });

  test('When curly quotes are used, then they fold to straight ones', () => {
    assert.equal(foldText('don’t “quote”'), 'don\'t "quote"');
  });
});

describe('foldText: spaced-out letters', () => {
  test('When a name is spelled out letter by letter between stars, then it is re-joined', () => {
    assert.equal(foldText('⭐ A L E X I S 1 7 ⭐'), '⭐ ALEXIS17 ⭐');
    assert.equal(foldText('A L E X I S 1 7'), 'ALEXIS17');
  });

  test('When lowercase letters are spaced out four or more, then they are re-joined', () => {
    assert.equal(foldText('play c a s i n o now'), 'play casino now');
  });

  test('When spaced-out words are separated by wider gaps, then each word is re-joined on its own', () => {
    assert.equal(foldText('F R E E   V B U C K S'), 'FREE VBUCKS');
  });

  test('When Hangul syllables are spaced out, then they are re-joined', () => {
    assert.equal(foldText('바 카 라 사 이 트'), '바카라사이트');
  });

  test('When letters are separated by dots, then four or more are re-joined', () => {
    assert.equal(foldText('join C.A.S.I.N.O today'), 'join CASINO today');
  });

  test('When prose has short words, initials or addresses, then nothing is joined', () => {
    for (const text of ['I am ok', 'I a m', 'U.S.A.', 'e.g. this', '1.1.1.1', 'www.a.b.c.d.com', 'Plan B is ok']) {
      assert.equal(foldText(text), text);
    }
  });
});

describe('normalizeText: markup', () => {
  test('When a YouTube comment has an entity, a <br /> and a trailing BOM, then the text is clean', () => {
    const n = normalizeText('Didn&#39;t know it was so popular <br />\uFEFF', 'text');
    assert.equal(n.text, "Didn't know it was so popular");
    assert.deepEqual(n.links, []);
  });

  test('When a plain-text YouTube comment carries an <a href>, then the anchor text stays and the link is kept', () => {
    const raw =
      'my sister just received over 6,500 new <a rel="nofollow" class="ot-hashtag" ' +
      'href="https://plus.google.com/s/%23active">#active</a> youtube views\uFEFF';
    const n = normalizeText(raw, 'text');
    assert.equal(n.text, 'my sister just received over 6,500 new #active youtube views');
    assert.equal(n.links.length, 1);
    assert.equal(n.links[0]?.source, 'html');
    assert.equal(n.links[0]?.anchorText, '#active');
    assert.equal(n.links[0]?.domain, 'google.com');
    assert.equal(n.links[0]?.raw, 'https://plus.google.com/s/%23active');
  });

  test('When an html link points at x.y, then it is an html link with its anchor text', () => {
    const n = normalizeText('<p>Great post! <a href="http://x.y">click here</a></p>', 'html');
    assert.equal(n.text, 'Great post! click here');
    assert.deepEqual(
      n.links.map((l) => [l.source, l.url, l.anchorText]),
      [['html', 'http://x.y/', 'click here']],
    );
  });

  test('When an anchor repeats its own href, then the link is reported once', () => {
    const href = 'https://www.facebook.com/groups/100877300245414/';
    const n = normalizeText(`<a href="${href}">${href}</a>\uFEFF`, 'text');
    assert.equal(n.links.length, 1);
    assert.equal(n.links[0]?.source, 'html');
  });

  test('When an anchor shows one domain but points at another, then both are reported', () => {
    const n = normalizeText('<a href="http://evil.xyz/login">paypal.com</a>', 'html');
    assert.deepEqual(n.links.map((l) => l.domain), ['evil.xyz', 'paypal.com']);
  });

  test('When BBCode links are used, then they are read in every mode', () => {
    for (const mode of MODES) {
      const n = normalizeText('[url=http://a.b]text[/url] and [url]bit.ly/abc[/url]', mode);
      assert.equal(n.text, 'text and bit.ly/abc');
      assert.deepEqual(
        n.links.map((l) => [l.source, l.url, l.anchorText, l.shortener]),
        [
          ['bbcode', 'http://a.b/', 'text', false],
          ['bbcode', 'http://bit.ly/abc', 'bit.ly/abc', true],
        ],
      );
    }
  });

  test('When a markdown link is posted as markdown, then it is a markdown link with its anchor text', () => {
    const n = normalizeText('see [t](http://a.b) and ![logo](http://img.example.com/a.png)', 'markdown');
    assert.equal(n.text, 'see t and logo');
    assert.deepEqual(n.links.map((l) => [l.source, l.url, l.anchorText]), [['markdown', 'http://a.b/', 't']]);
  });

  test('When markdown syntax arrives as plain text, then only the URL inside it is found', () => {
    const n = normalizeText('see [t](http://a-site.com)', 'text');
    assert.equal(n.text, 'see [t](http://a-site.com)');
    assert.deepEqual(n.links.map((l) => [l.source, l.url]), [['url', 'http://a-site.com/']]);
  });

  test('When markdown emphasis splits a word, then the word is whole again', () => {
    assert.equal(normalizeText('**Best** c**a**sino, 5 * 3', 'markdown').text, 'Best casino, 5 * 3');
  });

  test('When entities are named, decimal or hex, then they are decoded once', () => {
    const n = normalizeText('caf&eacute; caf&#233; caf&#xE9; &amp;lt; &lt;b&gt;', 'text');
    assert.equal(n.text, 'café café café &lt; <b>');
  });

  test('When html has scripts, styles and comments, then their content is dropped', () => {
    const n = normalizeText('<style>p{}</style>hi<script>location="http://evil.com"</script> <!-- casino.com -->there', 'html');
    assert.equal(n.text, 'hi there');
    assert.deepEqual(n.links, []);
  });

  test('When tag names are in any case, at the 16-character limit or followed by odd whitespace, then they read as before', () => {
    // The tag name is scanned by hand (no regex): these are the edges of `<(\/?)([A-Za-z][A-Za-z0-9]{0,15})(?=[\s/>])`.
    assert.equal(normalizeText('<DIV>a</DIV><Span>b</Span><B>c</b>', 'text').text, 'a bc');
    assert.deepEqual(normalizeText('<A HREF="http://x.top">go</A>', 'html').links.map((l) => [l.domain, l.anchorText]), [['x.top', 'go']]);
    assert.equal(normalizeText('x<abcdefghijklmnop>y', 'html').text, 'x y'); // 16 characters: a tag
    assert.equal(normalizeText('x<abcdefghijklmnopq>y', 'html').text, 'x<abcdefghijklmnopq>y'); // 17: not a tag
    assert.equal(normalizeText('x<h1\u00a0class=t>y</h1 >z', 'html').text, 'x y z'); // no-break space is \s
    assert.equal(normalizeText('x<1a>y< a>z</ a>', 'html').text, 'x<1a>y< a>z</ a>'); // no letter first: not tags
    assert.equal(normalizeText('x<b\u3000>y', 'text').text, 'xy'); // ideographic space ends a known inline tag
    assert.equal(normalizeText('x<bx>y<B/>z', 'text').text, 'x<bx>yz'); // unknown name outside html mode stays
  });

  test('When plain text has angle brackets that are not tags, then they stay', () => {
    assert.equal(normalizeText('a <b and c> d, and I <3 you', 'text').text, 'a <b and c> d, and I <3 you');
  });

  test('When a legitimate Korean, Chinese or Russian comment is normalised, then it has no links and keeps its words', () => {
    assert.deepEqual(normalizeText('좋은 기사 감사합니다', 'text'), { text: '좋은 기사 감사합니다', links: [] });
    assert.deepEqual(normalizeText('写得很好，谢谢分享', 'html').links, []);
    assert.equal(normalizeText('写得很好，谢谢分享', 'html').text, '写得很好,谢谢分享'); // NFKC folds the fullwidth comma
    const ru = 'Спасибо за статью, было очень интересно.';
    assert.deepEqual(normalizeText(ru, 'text'), { text: ru, links: [] });
  });

  test('When the spaced-out and obfuscated seed spam is normalised, then text reads plainly and the link is found', () => {
    const n = normalizeText('⭐ A L E X I S 1 7 ⭐ 【 JAS890。COM 】', 'text');
    assert.equal(n.text, '⭐ ALEXIS17 ⭐ 【 JAS890。COM 】');
    assert.deepEqual(n.links.map((l) => l.domain), ['jas890.com']);
  });
});

describe('normalizeText + tokenize: worst cases stay bounded', () => {
  const MIB = 1 << 20;
  const fill = (unit: string): string => unit.repeat(Math.ceil(MIB / unit.length)).slice(0, MIB);

  function assertBounded(raw: string): void {
    for (const mode of MODES) {
      const n = normalizeText(raw, mode);
      const tokens = tokenize(n.text);
      assert.ok(n.links.length <= MAX_LINKS);
      assert.ok(n.text.length <= raw.length);
      assert.ok(tokens.length <= MAX_TOKENS);
      assert.ok(tokens.every((t) => t.length > 0 && t.length <= MAX_TOKEN_LENGTH));
    }
  }

  for (const [name, unit] of [['one letter', 'a'], ['dots', '.'], ['spaces', ' '], ['Hangul', '가'], ['emoji', '🔥'],
    ['Thai without spaces', 'สวัสดีครับ'], ['spaced letters', 'A '], ['zalgo', 'a\u0337'], ['zero-width', '\u200B'],
    ['mixed-script words', 'sа '], ['a mixed-script run', 'Пp'], ['broken digits', '5◐'], ['decorated letters', '❤a❤b'],
    ['decorated words', 'ab❤cd❤ '], ['regional indicators', '🇨 '], ['circled digits', '①'], ['starred singles', 'S★']] as const) {
    test(`When a comment is 1 MiB of ${name}, then normalising and tokenizing finish with bounded output`, () => {
      assertBounded(fill(unit));
    });
  }

  test('When a comment holds 10,000 links in text and in markup, then at most MAX_LINKS come back', () => {
    assertBounded(Array.from({ length: 10_000 }, (_, i) => `http://site${i}.com/p site${i}.net`).join(' '));
    const markup = Array.from({ length: 10_000 }, (_, i) => `<a href="http://s${i}.xyz">t</a>`).join('');
    assert.equal(normalizeText(markup, 'html').links.length, MAX_LINKS);
  });

  test('When <b> is nested 100,000 deep, then the text is what is inside', () => {
    const raw = '<b>'.repeat(100_000) + 'deep' + '</b>'.repeat(100_000);
    assert.equal(normalizeText(raw, 'html').text, 'deep');
    assert.equal(normalizeText(raw, 'text').text, 'deep');
  });

  for (const [name, unit] of [['<', '<'], ['[', '['], ['(', '('], ['[url=', '[url='], ['<a href="', '<a href="'], ['](', ']('],
    ['[a](', '[a]('], ['<!--', '<!--'], ['<script>', '<script>'], ['&#', '&#'], ['casino dot ', 'casino dot '],
    ['http://', 'http://']] as const) {
    test(`When a comment is 1 MiB of unbalanced "${name}", then it finishes with bounded output`, () => {
      assertBounded(fill(unit));
    });
  }

  test('When a URL is followed by a megabyte of closing brackets, then it finishes with bounded output', () => {
    assertBounded('http://a-site.com/' + fill(')'));
  });

  test('When a comment is 1 MiB of lone surrogates between letters, then none survive', () => {
    const raw = fill('\uD800a\uDC00');
    assertBounded(raw);
    assert.ok(!/[\uD800-\uDFFF]/.test(normalizeText(raw, 'text').text));
  });
});

describe('normalizeText + tokenize: properties', () => {
  const unit = fc.oneof(
    // Characters that drive the scanners, plus lone surrogates, invisible characters and look-alikes.
    fc.constantFrom('<', '>', '[', ']', '(', ')', '.', '。', ' ', '&', '#', ';', '=', '"', '/', ':', 'a', 'A', '1'),
    fc.constantFrom('가', 'с', '\u200B', '\uFEFF', '\u0337', '🔥', '\uD800', '\uDC00', 'http://', 'dot', 'url', 'href'),
    fc.string({ unit: 'binary', maxLength: 3 }),
    fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
  );

  test('When any string is normalised and tokenized, then nothing throws and tokens are non-empty, lowercase and capped', () => {
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 60 }).map((parts) => parts.join('')), fc.constantFrom(...MODES), (raw, mode) => {
        const n = normalizeText(raw, mode);
        assert.ok(!/[\u200B\uFEFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(n.text));
        for (const token of tokenize(n.text)) {
          assert.ok(token.length > 0 && token.length <= MAX_TOKEN_LENGTH, token);
          assert.equal(token, token.toLowerCase());
        }
      }),
      { numRuns: 2000 },
    );
  });

  // Irregular spacing is the one exception: "A B  C" keeps its letters apart (the wide gap is a word break), and
  // folding that output again would see "A B C".
  test('When text with regular spacing is folded twice, then the second fold changes nothing', () => {
    const regular = fc.array(unit, { maxLength: 40 }).map((parts) => parts.join('')).filter((s) => !/\s\s|[^\S ]/.test(s));
    fc.assert(
      fc.property(regular, (raw) => {
        const once = foldText(raw);
        assert.equal(foldText(once), once);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('normalizeText on the YouTube Spam Collection', () => {
  const dir = resolve(process.cwd(), '../shared/data/youtube-spam-collection');
  const present = existsSync(dir);
  const skip = present ? false : `no data at ${dir}`;
  test('When every real comment is normalised, then no BOM, entity or tag is left', { skip }, () => {
    let rows = 0;
    for (const file of ['Youtube01-Psy', 'Youtube02-KatyPerry', 'Youtube03-LMFAO', 'Youtube04-Eminem']) {
      for (const content of csvColumn(readFileSync(resolve(dir, `${file}.csv`), 'utf8'), 3)) {
        const n = normalizeText(content, 'text');
        // One spam row is escaped markup (`&lt;script&gt;…`): readers saw it as literal text, and so does Sluice.
        if (!content.includes('&lt;')) assert.ok(!/\uFEFF|&#39;|&quot;|&amp;|<br|<a /.test(n.text), n.text);
        rows++;
      }
    }
    assert.ok(rows > 1500);
  });
});

/** Values of one column of an RFC 4180 CSV (quoted fields, doubled quotes, newlines inside quotes), header skipped. */
function csvColumn(csv: string, column: number): string[] {
  const values: string[] = [];
  let field = '';
  let index = 0;
  let quoted = false;
  let header = true;
  for (let i = 0; i < csv.length; i++) {
    const c = csv[i];
    if (quoted) {
      if (c === '"' && csv[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',' || c === '\n') {
      if (index === column && !header) values.push(field);
      field = '';
      index = c === ',' ? index + 1 : 0;
      if (c === '\n') header = false;
    } else if (c !== '\r') field += c;
  }
  return values;
}

describe('foldText: a byte-order mark before ASCII', () => {
  test('When plain ASCII starts with a BOM, then it folds exactly as the same text without it', () => {
    const ascii = fc.constantFrom('a', 'B', '1', ' ', '  ', '.', "'", '\t', '\n', 'x', 'Y', 'I');
    fc.assert(
      fc.property(fc.array(ascii, { maxLength: 30 }).map((a) => a.join('')), (s) => {
        assert.equal(foldText(`\uFEFF${s}`), foldText(s));
        assert.equal(foldText(`\uFEFF${s}\uFEFF`), foldText(s));
        assert.equal(foldText(`\uFEFF${s}\u0001`), foldText(`${s} `));
      }),
      { numRuns: 2000 },
    );
    assert.equal(foldText('\uFEFFC A S I N O'), 'CASINO');
    assert.equal(foldText('\uFEFFсаsino'), 'casino');
  });
});
