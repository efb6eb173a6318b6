/**
 * Recording a label: the one path by which anything teaches the classifier — a moderator's decision, an operator's
 * import, an Akismet submit-*, a published comment nobody reported (src/use-cases/learn-published.ts), or (opt-in) the
 * machine's own confident verdicts. The corpus stores it; when it changed
 * something and belongs to a site, that site's live model forgets what it replaced and learns it.
 */
import type { Queues } from '../queue/queues.js';
import type { ExampleSource, ExampleText, Label } from '../store/corpus.js';
import type { Store } from '../store/index.js';

export interface LabelInput {
  readonly site: string;
  readonly id: string;
  readonly label: Label;
  readonly source: ExampleSource;
  readonly by: string;
  readonly at: Date;
  readonly text: ExampleText;
  /** Label only a comment nobody has labelled yet (the machine's own labels never override a human's). */
  readonly onlyIfUnlabelled?: boolean;
}

/** Stores the label; returns whether it changed the corpus (and so queued a learn job when `learn` is true). */
export async function recordLabel(
  deps: { store: Store; queues: Pick<Queues, 'enqueueTraining'> },
  input: LabelInput,
  learn = true,
): Promise<boolean> {
  const { site, id, label, text } = input;
  const example = { site, id, label, source: input.source, by: input.by, at: input.at.toISOString(), ...text };
  const { changed, previous } = await deps.store.corpus.label(example, { onlyIfUnlabelled: input.onlyIfUnlabelled ?? false });
  if (!changed || !learn) return changed;
  const forget = previous && { label: previous.label, content: previous.content, contentType: previous.contentType, author: previous.author };
  await deps.queues.enqueueTraining({ kind: 'learn', site, id, learn: { label, ...text }, ...(forget ? { forget } : {}) });
  return true;
}

/** The part of a comment the classifier learns from. */
export function exampleText(c: { content: string; contentType: ExampleText['contentType']; author: { name?: string | undefined; url?: string | undefined } }): ExampleText {
  const author: { name?: string; url?: string } = {};
  if (c.author.name) author.name = c.author.name;
  if (c.author.url) author.url = c.author.url;
  return { content: c.content, contentType: c.contentType, author };
}
