/**
 * Aho-Corasick multi-pattern matcher: finds every occurrence of any of N terms in one pass, linear in the text
 * (plus matches). Lexicons of thousands of terms cost the same per character as one, and no pattern backtracks.
 */

/** One occurrence of a term in the text. */
export interface TermMatch<T> {
  /** Index of the first character in the searched text. */
  readonly start: number;
  readonly end: number;
  readonly term: string;
  readonly value: T;
}

// Transitions are keyed by UTF-16 code unit: a surrogate pair is two steps, the same for terms and text, so any
// string matches and the scan never allocates a code-point string per character.
interface Node<T> {
  readonly next: Map<number, Node<T>>;
  fail: Node<T> | undefined;
  /** Terms ending here, including those reached through fail links (merged at build time). */
  out: Array<{ term: string; value: T }>;
}

const newNode = <T>(): Node<T> => ({ next: new Map(), fail: undefined, out: [] });

/** A compiled set of terms. Terms are matched as given (callers lowercase both sides). */
export class AhoCorasick<T> {
  private readonly root: Node<T> = newNode();

  constructor(entries: Iterable<readonly [term: string, value: T]>) {
    for (const [term, value] of entries) {
      if (term.length === 0) continue;
      let node = this.root;
      for (let i = 0; i < term.length; i++) {
        const ch = term.charCodeAt(i);
        let child = node.next.get(ch);
        if (!child) node.next.set(ch, (child = newNode()));
        node = child;
      }
      node.out.push({ term, value });
    }
    this.link();
  }

  private link(): void {
    const queue: Node<T>[] = [];
    for (const child of this.root.next.values()) {
      child.fail = this.root;
      queue.push(child);
    }
    for (let i = 0; i < queue.length; i++) {
      const node = queue[i]!;
      for (const [ch, child] of node.next) {
        let f = node.fail;
        while (f && !f.next.has(ch)) f = f.fail;
        child.fail = f?.next.get(ch) ?? this.root;
        if (child.fail.out.length) child.out = child.out.concat(child.fail.out);
        queue.push(child);
      }
    }
  }

  /** Every match in `text`, in order of their end; `limit` bounds the work on hostile input. */
  search(text: string, limit = 1000): TermMatch<T>[] {
    const found: TermMatch<T>[] = [];
    const root = this.root;
    let node = root;
    for (let i = 0; i < text.length; ) {
      const ch = text.charCodeAt(i++);
      let next = node.next.get(ch);
      while (next === undefined && node !== root) {
        node = node.fail!;
        next = node.next.get(ch);
      }
      node = next ?? root;
      if (node.out.length === 0) continue;
      for (const o of node.out) {
        found.push({ start: i - o.term.length, end: i, term: o.term, value: o.value });
        if (found.length >= limit) return found;
      }
    }
    return found;
  }
}
