/** The evaluation report page shows comments as their readers read them: escaped once, never twice. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeHTML } from 'entities';
import { evaluatePairs } from '../../src/classifier/metrics.js';
import { renderReport } from '../../src/classifier/report.js';
import type { ScoredExample } from '../../src/classifier/train.js';
import type { ContentType } from '../../src/domain/comment.js';

function mistake(id: string, content: string, contentType: ContentType, name = 'Lee'): ScoredExample {
  return { label: 'ham', probability: 0.99, abstained: false, example: { id, content, contentType, author: { name }, label: 'ham', source: 'test' } };
}

/** The text a browser shows for each content cell of the false-positives table (entities decoded once, as it does). */
function shownContents(html: string): string[] {
  const table = html.slice(html.indexOf('Worst false positives'), html.indexOf('Worst false negatives'));
  return [...table.matchAll(/<tr><td>[^<]*<\/td><td>[^<]*<\/td><td>([^<]*)<\/td>/g)].map((m) => decodeHTML(m[1]!));
}

test('When an HTML comment carries entities (YouTube: I&#39;m), then the report shows the character, not the entity', () => {
  const scored = [mistake('a', 'I&#39;m here &amp; there, <b>really</b>', 'html'), mistake('b', 'Plain text: 5 &lt; 6 and I\'m "quoted"', 'text')];
  const html = renderReport('Evaluation of <test>', evaluatePairs(scored, 0.5), scored);
  assert.deepEqual(shownContents(html).sort(), ["I'm here & there, <b>really</b>", 'Plain text: 5 &lt; 6 and I\'m "quoted"'].sort());
  assert.ok(!html.includes('&amp;#39;'), 'no double-encoded entity');
  assert.ok(html.includes('<title>Evaluation of &lt;test&gt;</title>'));
});

test('When an HTML comment is cut to 300 characters, then an entity is never cut in half', () => {
  const content = `${'x'.repeat(297)}&#39;tail`;
  const scored = [mistake('c', content, 'html')];
  const [shown] = shownContents(renderReport('t', evaluatePairs(scored, 0.5), scored));
  assert.equal(shown, `${'x'.repeat(297)}'ta`);
});
