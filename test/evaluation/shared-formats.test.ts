/** The formats of the shared Telegram and X sets, and the placeholder filling that keeps their evaluation honest. */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { detectFormat, parseLabelCsv, parseXPosts } from '../../src/classifier/dataset.js';
import { fillPlaceholders } from '../../src/classifier/placeholders.js';

describe('shared dataset formats', () => {
  it('When label,message CSV rows are read, then 1 is spam, 0 is ham, and a bad label fails loudly', () => {
    const rows = parseLabelCsv('label,message\n1,"Работа, пиши"\n0,привет\n', 'tg.csv');
    assert.deepEqual(rows.map((r) => [r.label, r.content]), [['spam', 'Работа, пиши'], ['ham', 'привет']]);
    assert.throws(() => parseLabelCsv('label,message\nx,hi\n', 'tg.csv'), /label must be/);
    assert.equal(detectFormat('a.csv', 'label,message\n1,x'), 'label-csv');
    assert.equal(detectFormat('a.csv', 'COMMENT_ID,AUTHOR,DATE,CONTENT,CLASS\n'), 'youtube-csv');
  });

  it('When anonymiser placeholders are filled, then each becomes a plausible value, the same for the same seed', () => {
    const text = 'пиши [USERNAME] или звони [PHONE], ссылка [LINK], от 5000 [CURRENCY] в [TIME]';
    const a = fillPlaceholders(text, 'row-1');
    assert.equal(a, fillPlaceholders(text, 'row-1'));
    assert.doesNotMatch(a, /\[(LINK|USERNAME|PHONE|CURRENCY|TIME)\]/);
    assert.match(a, /@[a-z]+\d*/);
    assert.match(a, /https:\/\/\S+/);
    assert.match(a, /(\+7|8)[ (]?9\d\d/);
    assert.match(a, /\d\d:\d\d/);
    assert.equal(fillPlaceholders('no brackets here', 'x'), 'no brackets here');
  });

  it('When X posts are read, then scam labels are spam, clean is ham, and topic-only or promo-only rows are skipped', () => {
    const lines = [
      { id: 'x1', text: 'DM me for recovery', labels: ['recovery_scam', 'topic_crypto'], notes: 'never read' },
      { id: 'x2', text: 'Nice garden', labels: ['clean'] },
      { id: 'x3', text: 'BTC up', labels: ['topic_crypto'] },
      { id: 'x4', text: 'Buy my course', labels: ['promo'] },
    ].map((o) => JSON.stringify(o));
    const rows = parseXPosts(lines.join('\n'), 'x.jsonl');
    assert.deepEqual(rows.map((r) => [r.id, r.label]), [['x1', 'spam'], ['x2', 'ham']]);
    assert.equal(detectFormat('x.jsonl', lines[0]!), 'x-posts');
    assert.equal(detectFormat('seed.jsonl', '{"content":"x","label":"ham"}'), 'jsonl');
  });
});
