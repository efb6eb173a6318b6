import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import {
  DatasetError,
  detectFormat,
  parseCsv,
  parseJsonLines,
  parseSmsCollection,
  parseYoutubeCsv,
} from '../../src/classifier/dataset.js';

describe('dataset loading', () => {
  it('When a CSV field is quoted with commas, doubled quotes and newlines, then it parses as one field', () => {
    const text = 'a,b,c\r\n1,"say ""hi"",\nthere\r\nyou",x\n2,,"last"\n';
    assert.deepEqual(parseCsv(text), [
      ['a', 'b', 'c'],
      ['1', 'say "hi",\nthere\r\nyou', 'x'],
      ['2', '', 'last'],
    ]);
  });

  it('When a CSV starts with a byte-order mark and has no final newline, then neither shows in the rows', () => {
    assert.deepEqual(parseCsv('\uFEFFh1,h2\nv1,v2'), [
      ['h1', 'h2'],
      ['v1', 'v2'],
    ]);
  });

  it('When a quoted CSV field never ends, then parsing fails loudly', () => {
    assert.throws(() => parseCsv('a,"open\n'), DatasetError);
  });

  it('When YouTube CSV rows are read, then labels, authors and HTML content come through and DATE is ignored', () => {
    const text = [
      'COMMENT_ID,AUTHOR,DATE,CONTENT,CLASS',
      'z1,Lisa,,"Check <a href=""http://x.example"">my</a> channel,\nplease\uFEFF",1',
      'z2,Jo,2015-05-29T02:26:10,I always end up coming back&#39;,0',
    ].join('\n');
    const rows = parseYoutubeCsv(text, 'Youtube04-Eminem.csv');
    assert.equal(rows.length, 2);
    assert.deepEqual(rows[0], {
      id: 'z1',
      content: 'Check <a href="http://x.example">my</a> channel,\nplease\uFEFF',
      contentType: 'html',
      author: { name: 'Lisa' },
      label: 'spam',
      source: 'Youtube04-Eminem.csv',
    });
    assert.equal(rows[1]?.label, 'ham');
    assert.ok(!JSON.stringify(rows).includes('2015-05-29'));
  });

  it('When a YouTube CSV has a bad CLASS, then the error names the file and line', () => {
    const err = (() => {
      try {
        parseYoutubeCsv('COMMENT_ID,AUTHOR,DATE,CONTENT,CLASS\nz,a,,b,2\n', 'f.csv');
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    assert.ok(err instanceof DatasetError);
    assert.equal(err.line, 2);
    assert.match(err.message, /^f\.csv:2:/);
  });

  it('When JSON lines are read, then optional fields default and invalid lines are refused by number', () => {
    const text = [
      '{"id":"c1","content":"hi","label":"ham"}',
      '',
      '{"content":"buy","contentType":"html","author":{"name":"x","url":"http://y.example"},"label":"spam"}',
    ].join('\n');
    const rows = parseJsonLines(text, 'seed.jsonl');
    assert.deepEqual(rows[0], { id: 'c1', content: 'hi', contentType: 'text', author: {}, label: 'ham', source: 'seed.jsonl' });
    assert.deepEqual(rows[1]?.author, { name: 'x', url: 'http://y.example' });
    assert.equal(rows[1]?.id, 'seed.jsonl:3');
    assert.throws(() => parseJsonLines('{"content":"x","label":"maybe"}', 's'), /s:1: label/);
    assert.throws(() => parseJsonLines('{nope', 's'), /s:1: not valid JSON/);
  });

  it('When SMS collection lines are read, then the label and text split at the first tab', () => {
    const rows = parseSmsCollection('ham\tOk lar...\nspam\tWIN\ta prize\n', 'SMSSpamCollection');
    assert.deepEqual(
      rows.map((r) => [r.label, r.content]),
      [
        ['ham', 'Ok lar...'],
        ['spam', 'WIN\ta prize'],
      ],
    );
  });

  it('When the format is not given, then it is told from the extension or the first line', () => {
    assert.equal(detectFormat('a.csv', ''), 'youtube-csv');
    assert.equal(detectFormat('a.jsonl', ''), 'jsonl');
    assert.equal(detectFormat('SMSSpamCollection', 'ham\thello\n'), 'sms');
    assert.throws(() => detectFormat('notes.txt', 'hello'), DatasetError);
  });
});
