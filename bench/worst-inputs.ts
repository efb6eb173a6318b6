/** Hostile comments for the worst-case benchmark and the bad-input test: each must score, fast, without throwing. */
import type { CommentInput } from '../src/domain/comment.js';

const MiB = 1024 * 1024;

/** Named worst cases, as comments the pipeline accepts (the HTTP schema caps content lower; the core must not care). */
export function worstInputs(): Array<{ name: string; comment: CommentInput }> {
  const base = { postId: 'p', contentType: 'text' as const, author: {} };
  const links = Array.from({ length: 10_000 }, (_, i) => `https://spam${i}.xyz/?ref=${i}`).join(' ');
  const nested = `${'<div><span><b><a href="https://x.top">'.repeat(20_000)}casino${'</a></b></span></div>'.repeat(20_000)}`;
  const surrogates = `${'\uD800abc\uDC00\uDFFF'.repeat(50_000)} 카지노 \uD83D`;
  const everything =
    '【 JAS890。COM 】 ⭐ C H E C K ⭐ 우리카지노 바카라사이트 slot gacor maxwin viagra payday loan bitcoin investment porn seo services ' +
    'check out my channel subscribe like this comment great post thanks for sharing 텔레그램: @casino777 WA 0812-3456-7890 ' +
    'BUY NOW!!!!!!!!!! 🔥🔥🔥🔥🔥🔥🔥🔥🔥🔥🔥 https://bit.ly/x http://45.1.2.3/a casino dot com https://a.top/?ref=1 https://b.xyz https://c.icu ';
  return [
    { name: '1 MiB of text', comment: { ...base, id: 'big', content: 'lorem ipsum dolor sit amet casino '.repeat(Math.ceil(MiB / 34)).slice(0, MiB) } },
    { name: '1 MiB without spaces', comment: { ...base, id: 'blob', content: 'a'.repeat(MiB) } },
    { name: '10,000 links', comment: { ...base, id: 'links', content: links } },
    { name: 'deeply nested HTML', comment: { ...base, id: 'html', contentType: 'html', content: nested } },
    { name: 'invalid surrogates', comment: { ...base, id: 'surrogates', content: surrogates, author: { name: '\uDC00\uD800 ⭐ A L E X ⭐' } } },
    {
      name: 'every rule together',
      comment: {
        ...base,
        id: 'all',
        content: everything.repeat(50),
        honeypot: 'filled',
        formRenderedAt: '2026-11-20T12:00:00Z',
        createdAt: '2026-11-20T12:00:01Z',
        author: { name: 'best cheap casino online 2024 bonus site 우리카지노 𝗪𝗘𝗧𝗢𝗡𝟴𝟴', email: 'x@mailinator.com', url: 'http://casinositekr.xyz', ip: '203.0.113.9' },
      },
    },
  ];
}
