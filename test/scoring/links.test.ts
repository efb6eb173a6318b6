/** Link extraction on real-looking spam and on legitimate text that merely contains dots. */
import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { extractLinks, MAX_LINKS, parseLinkTarget, scanLinks, type ExtractedLink } from '../../src/scoring/links.js';

function only(text: string): ExtractedLink {
  const links = extractLinks(text);
  assert.equal(links.length, 1, `expected one link in ${JSON.stringify(text)}, got ${JSON.stringify(links)}`);
  return links[0] as ExtractedLink;
}

describe('extractLinks: spam spellings', () => {
  test('When a domain is written with an ideographic full stop in brackets, then it is found as obfuscated', () => {
    const link = only('【 JAS890。COM 】');
    assert.equal(link.domain, 'jas890.com');
    assert.equal(link.url, 'http://jas890.com/');
    assert.equal(link.source, 'obfuscated');
    assert.equal(link.raw, 'JAS890。COM');
  });

  const spellings = ['casino dot com', 'casino DOT com', 'casino(.)com', 'casino[.]com', 'casino{.}com', 'casino . com',
    'casino [dot] com', 'casino(dot)com', 'casino (.) com', 'casino·com'];
  for (const text of spellings) {
    test(`When a comment says "best odds at ${text}", then casino.com is found as obfuscated`, () => {
      const link = only(`best odds at ${text} tonight`);
      assert.equal(link.domain, 'casino.com');
      assert.equal(link.source, 'obfuscated');
      assert.equal(link.raw, text);
    });
  }

  test('When a YouTube spammer leaves a space after the dot, then the host is still found', () => {
    assert.equal(only('The only thing she used was pimpmyviews. com').domain, 'pimpmyviews.com');
    assert.equal(only('go to kidsmediausa . com for more').domain, 'kidsmediausa.com');
  });

  test('When "dot com" is ordinary prose, then no link is invented', () => {
    assert.deepEqual(extractLinks('I remember the dot com boom, it was wild'), []);
    assert.deepEqual(extractLinks('He put a dot on it'), []);
  });

  test('When a URL has an IP literal host, then it is an IP link whose domain is the IP', () => {
    const link = only('free money http://192.168.1.1/x now');
    assert.equal(link.isIp, true);
    assert.equal(link.domain, '192.168.1.1');
    assert.equal(link.host, '192.168.1.1');
    assert.equal(link.tld, '');
    assert.equal(link.url, 'http://192.168.1.1/x');
  });

  test('When a URL has a punycode host, then host and domain are shown decoded', () => {
    const link = only('https://xn--9n2bp8q.com');
    assert.equal(link.host, '실례.com');
    assert.equal(link.domain, '실례.com');
    assert.equal(link.tld, 'com');
    assert.equal(link.url, 'https://xn--9n2bp8q.com/');
  });

  test('When a bare Korean domain is written, then it is found with its Unicode host', () => {
    assert.equal(only('최고의 사이트 카지노.com 방문').host, '카지노.com');
  });

  test('When a shortener link is written bare, then it is marked as a shortener', () => {
    const link = only('click bit.ly/abc');
    assert.equal(link.shortener, true);
    assert.equal(link.url, 'http://bit.ly/abc');
    assert.equal(link.source, 'bare');
  });

  test('When a bare domain has a path, then the URL keeps the path and the domain has none', () => {
    const link = only('see casinosite.xyz/path?ref=12 for bonus');
    assert.equal(link.url, 'http://casinosite.xyz/path?ref=12');
    assert.equal(link.domain, 'casinosite.xyz');
    assert.equal(link.tld, 'xyz');
    assert.equal(link.isIp, false);
    assert.equal(link.shortener, false);
  });

  test('When a www host is under a two-level suffix, then tld is the whole public suffix', () => {
    const link = only('www.woori-casino.co.kr');
    assert.equal(link.source, 'www');
    assert.equal(link.domain, 'woori-casino.co.kr');
    assert.equal(link.tld, 'co.kr');
  });

  test('When a blog sits on a shared hosting suffix, then each blog is its own domain', () => {
    assert.equal(only('facebook-pass-hack2013.blogspot.com').domain, 'facebook-pass-hack2013.blogspot.com');
  });

  test('When a link is glued to Chinese text, then only the ASCII host is taken', () => {
    assert.equal(only('請訪問casino.com謝謝').raw, 'casino.com');
  });

  test('When a URL ends a sentence or sits in brackets, then trailing punctuation is not part of it', () => {
    assert.equal(only('(see http://a-site.com/x).').url, 'http://a-site.com/x');
    assert.equal(only('http://en.wikipedia.org/wiki/Foo_(bar), ok').url, 'http://en.wikipedia.org/wiki/Foo_(bar)');
  });

  test('When a URL is defanged as hxxp, then it is read as http', () => {
    assert.equal(only('hxxp://evil-site.net/login').url, 'http://evil-site.net/login');
  });

  test('When a sentence ends just before a domain, then the domain alone is the link', () => {
    assert.equal(only('Hello. casino.com').raw, 'casino.com');
  });

  test('When 10,000 links are posted, then at most MAX_LINKS are reported', () => {
    const text = Array.from({ length: 10_000 }, (_, i) => `http://site${i}.com/p`).join(' ');
    const links = extractLinks(text);
    assert.equal(links.length, MAX_LINKS);
    assert.equal(links[0]?.domain, 'site0.com');
  });
});

describe('scanLinks: the remembered last scan', () => {
  test('When a scan is stopped early and the same text is scanned again, then the second scan still sees every link', () => {
    const text = 'a.com then b.net then c.org';
    const first: string[] = [];
    scanLinks(text, (m) => {
      first.push(m.link.domain);
      return false;
    });
    assert.deepEqual(first, ['a.com']);
    assert.deepEqual(extractLinks(text).map((l) => l.domain), ['a.com', 'b.net', 'c.org']);
    // Replayed from memory: the same matches, and a visitor can still stop it.
    const again: string[] = [];
    scanLinks(text, (m) => {
      again.push(`${m.link.domain}@${m.start}`);
      return again.length < 2;
    });
    assert.deepEqual(again, ['a.com@0', 'b.net@11']);
    assert.deepEqual(extractLinks('other.com'), [extractLinks('other.com')[0]]);
    assert.deepEqual(extractLinks(text).map((l) => l.domain), ['a.com', 'b.net', 'c.org']);
  });
});

describe('extractLinks: legitimate text with dots', () => {
  const legitimate = ['e.g. this', 'U.S.A.', 'I am ok', 'v1.2.3 is out', 'I give it 3.5 stars', 'about 1.5 million',
    'see report.pdf and main.py', 'edit README.md first', 'what a dream.love it', 'I see her.my friend too',
    'great song.Watch it again', 'ok...so what', 'Ph.D. students', 'a.m. or p.m.', 'pi is 3.14159', '1.1.1.1 is a DNS'];
  for (const text of legitimate) {
    test(`When a comment says "${text}", then no link is found`, () => {
      assert.deepEqual(extractLinks(text), []);
    });
  }

  test('When an email address is written, then it is not reported as a link to its domain', () => {
    assert.deepEqual(extractLinks('write to me@example.com or john.smith@mail.example.org'), []);
  });

  test('When a URL names a single-label host, then it is ignored', () => {
    assert.deepEqual(extractLinks('http://localhost/x'), []);
  });
});

describe('parseLinkTarget', () => {
  test('When an author URL is a bare domain, then it parses as bare with http', () => {
    const link = parseLinkTarget('  casino.com ');
    assert.equal(link?.url, 'http://casino.com/');
    assert.equal(link?.source, 'bare');
  });

  test('When an href has a scheme, then any dotted host is accepted', () => {
    assert.equal(parseLinkTarget('http://x.y')?.domain, 'x.y');
    assert.equal(parseLinkTarget('//cdn.example.net/a')?.url, 'http://cdn.example.net/a');
    assert.equal(parseLinkTarget('www.casino.com')?.source, 'www');
    assert.equal(parseLinkTarget('casino.com:8080/x')?.url, 'http://casino.com:8080/x');
  });

  test('When an href is not a web link, then it gives undefined', () => {
    const notWeb = ['', 'mailto:a@b.com', 'javascript:alert(1)', '/relative/path', '#top', 'not a url', 'report.pdf'];
    for (const href of notWeb) {
      assert.equal(parseLinkTarget(href), undefined, href);
    }
  });
});

describe('parsing remembered per URL', () => {
  test('When the same URL is read as a scheme link and as a bare host, then each keeps its own suffix rule', () => {
    // `http://foo.notatld/x` is the parser's input both times; only the bare reading needs a real public suffix.
    for (let round = 0; round < 2; round++) {
      assert.equal(parseLinkTarget('foo.notatld/x'), undefined);
      assert.equal(parseLinkTarget('http://foo.notatld/x')?.domain, 'foo.notatld');
    }
  });

  test('When a link repeats, then each reading is its own object with its own source and raw text', () => {
    const a = only('see casino.com now');
    const b = only('see http://casino.com now');
    const c = only('again casino.com');
    assert.notEqual(a, c);
    assert.deepEqual(a, c);
    assert.equal(a.source, 'bare');
    assert.equal(b.source, 'url');
    assert.equal(b.raw, 'http://casino.com');
    assert.equal(b.url, a.url);
  });
});
