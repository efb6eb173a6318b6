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
interface BuildNode {
  readonly next: Map<number, number>;
  fail: number;
  /** Term indices ending here, including those reached through fail links (merged at build time). */
  out: number[];
}

/**
 * A compiled set of terms. Terms are matched as given (callers lowercase both sides).
 *
 * The trie is built with Maps, then flattened into typed arrays: one open-addressing table of every transition keyed by
 * (state, code unit), the fail link and the output list of each state. A step of the scan is then an integer hash and
 * a probe or two, with no object or Map touched.
 */
export class AhoCorasick<T> {
  private readonly terms: string[] = [];
  private readonly values: T[] = [];
  /** Per state: its fail state; its outputs are `outs[outStart[s] .. outStart[s + 1])`. */
  private readonly fail: Int32Array;
  private readonly outStart: Int32Array;
  private readonly outs: Int32Array;
  /** Transition table: state + 1 (0: empty), code unit, target state. */
  private readonly tState: Int32Array;
  private readonly tUnit: Uint16Array;
  private readonly tNext: Int32Array;
  private readonly mask: number;
  /**
   * ASCII, the common case, as a full automaton: for every state and every ASCII unit that occurs in some term (its
   * class, 0 for the others), the state after it, fail links already followed, for the states spelled in ASCII from
   * the root. About 50 classes × 2 bytes per state.
   * An entry also carries `outFlag` when that state has outputs, so a step that finds nothing reads no other table.
   */
  private readonly asciiClass = new Uint8Array(128);
  private readonly fold: Uint16Array;
  private readonly classes: number;
  private readonly dfa: Uint16Array | Int32Array;
  private readonly outFlag: number;
  /** States `0 … asciiStates - 1` are those spelled in ASCII from the root, the ones with a row in `dfa`. */
  private readonly asciiStates: number;

  /**
   * `fold`, when given, maps code units from U+0080 of the searched text before they are matched: 0 keeps the unit,
   * 0xFFFF marks one that should have been removed (a combining mark; {@link scan} reports meeting one), any other
   * value replaces it (é → e). Terms must be given folded already.
   */
  constructor(entries: Iterable<readonly [term: string, value: T]>, fold?: Uint16Array) {
    this.fold = fold ?? new Uint16Array(0);
    const nodes: BuildNode[] = [{ next: new Map(), fail: 0, out: [] }];
    let edges = 0;
    for (const [term, value] of entries) {
      if (term.length === 0) continue;
      let node = 0;
      for (let i = 0; i < term.length; i++) {
        const ch = term.charCodeAt(i);
        let child = nodes[node]!.next.get(ch);
        if (child === undefined) {
          child = nodes.length;
          nodes.push({ next: new Map(), fail: 0, out: [] });
          nodes[node]!.next.set(ch, child);
          edges++;
        }
        node = child;
      }
      nodes[node]!.out.push(this.terms.length);
      this.terms.push(term);
      this.values.push(value);
    }
    let classes = 1;
    for (const term of this.terms) {
      for (let i = 0; i < term.length; i++) {
        const ch = term.charCodeAt(i);
        if (ch < 128 && this.asciiClass[ch] === 0) this.asciiClass[ch] = classes++;
      }
    }
    // Fail links, breadth first: a child's is where its parent's fail chain first has a transition on its unit.
    const queue: number[] = [...nodes[0]!.next.values()];
    for (let i = 0; i < queue.length; i++) {
      const node = nodes[queue[i]!]!;
      for (const [ch, c] of node.next) {
        let target = 0;
        for (let f = node.fail; ; f = nodes[f]!.fail) {
          const t = nodes[f]!.next.get(ch);
          if (t !== undefined) {
            target = t;
            break;
          }
          if (f === 0) break;
        }
        const child = nodes[c]!;
        child.fail = target;
        if (nodes[target]!.out.length) child.out = child.out.concat(nodes[target]!.out);
        queue.push(c);
      }
    }
    // States renumbered breadth first, those spelled in ASCII from the root first: a scan of ASCII text then steps
    // through a compact table whose shallow rows, where it spends most steps, share a few cache lines.
    const asciiPath = new Uint8Array(nodes.length);
    asciiPath[0] = 1;
    for (const s of [0, ...queue]) for (const [ch, c] of nodes[s]!.next) asciiPath[c] = asciiPath[s]! && ch < 128 ? 1 : 0;
    const spelledInAscii = queue.filter((s) => asciiPath[s] === 1);
    const order = [...spelledInAscii, ...queue.filter((s) => asciiPath[s] === 0)];
    const asciiStates = 1 + spelledInAscii.length;
    const id = new Int32Array(nodes.length);
    for (let k = 0; k < order.length; k++) id[order[k]!] = k + 1;
    const bfs: BuildNode[] = [nodes[0]!, ...order.map((old) => nodes[old]!)].map((node) => ({
      next: new Map([...node.next].map(([ch, c]) => [ch, id[c]!] as const)),
      fail: id[node.fail]!,
      out: node.out,
    }));
    for (let k = 0; k < bfs.length; k++) {
      nodes[k] = bfs[k]!;
      if (k > 0) queue[k - 1] = k;
    }
    const n = nodes.length;
    this.fail = new Int32Array(n);
    this.outStart = new Int32Array(n + 1);
    let outCount = 0;
    for (let s = 0; s < n; s++) outCount += nodes[s]!.out.length;
    this.outs = new Int32Array(outCount);
    let capacity = 16;
    while (capacity < edges * 2) capacity *= 2;
    this.mask = capacity - 1;
    this.tState = new Int32Array(capacity);
    this.tUnit = new Uint16Array(capacity);
    this.tNext = new Int32Array(capacity);
    let o = 0;
    for (let s = 0; s < n; s++) {
      const node = nodes[s]!;
      this.fail[s] = node.fail;
      this.outStart[s] = o;
      for (const t of node.out) this.outs[o++] = t;
      for (const [ch, c] of node.next) {
        let k = slotOf(s, ch, this.mask);
        while (this.tState[k] !== 0) k = (k + 1) & this.mask;
        this.tState[k] = s + 1;
        this.tUnit[k] = ch;
        this.tNext[k] = c;
      }
    }
    this.outStart[n] = o;
    // The ASCII automaton over the states spelled in ASCII (a state's fail state is one too, and shallower, so its row
    // is filled first); the other states step through the transition table.
    this.classes = classes;
    this.asciiStates = asciiStates;
    const small = asciiStates <= 0x8000;
    const dfa = small ? new Uint16Array(asciiStates * classes) : new Int32Array(asciiStates * classes);
    const outFlag = small ? 0x8000 : 0x40000000;
    this.outFlag = outFlag;
    const units: number[] = [];
    for (let ch = 0; ch < 128; ch++) if (this.asciiClass[ch] !== 0) units.push(ch);
    for (let state = 0; state < asciiStates; state++) {
      const node = nodes[state]!;
      const row = state * classes;
      const failRow = node.fail * classes;
      for (const ch of units) {
        const k = this.asciiClass[ch]!;
        const child = node.next.get(ch);
        // A fail row's entries carry their flag already.
        dfa[row + k] = child === undefined ? (state === 0 ? 0 : dfa[failRow + k]!) : child | (nodes[child]!.out.length ? outFlag : 0);
      }
    }
    this.dfa = dfa;
  }

  /** Every match in `text`, in order of their end; `limit` bounds the work on hostile input. */
  search(text: string, limit = 1000): TermMatch<T>[] {
    return this.scan(text, limit).matches;
  }

  /**
   * {@link search} with the constructor's `fold` applied, and whether a unit to remove was met: then the matches may
   * miss terms, and the caller should search a copy of the text with those units removed.
   */
  scan(text: string, limit = 1000): { matches: TermMatch<T>[]; removable: boolean } {
    const found: TermMatch<T>[] = [];
    let removable = false;
    const { outStart, outs, dfa, asciiClass, classes, outFlag, asciiStates, fold } = this;
    const stateBits = outFlag - 1;
    let state = 0;
    for (let i = 0; i < text.length; ) {
      let ch = text.charCodeAt(i++);
      if (ch < 128 && state < asciiStates) {
        const entry = dfa[state * classes + asciiClass[ch]!]!;
        state = entry & stateBits;
        if ((entry & outFlag) === 0) continue;
      } else {
        if (ch < fold.length) {
          const f = fold[ch]!;
          if (f === 0xffff) removable = true;
          else if (f !== 0) ch = f;
        }
        state = this.step(state, ch);
      }
      const from = outStart[state]!;
      const to = outStart[state + 1]!;
      for (let k = from; k < to; k++) {
        const t = outs[k]!;
        const term = this.terms[t]!;
        found.push({ start: i - term.length, end: i, term, value: this.values[t]! });
        if (found.length >= limit) return { matches: found, removable };
      }
    }
    return { matches: found, removable };
  }

  /** The state after `ch` from `state`: its transition, else its fail chain's first, else the root. */
  private step(state: number, ch: number): number {
    const { fail, tState, tUnit, tNext, mask } = this;
    for (;;) {
      for (let k = slotOf(state, ch, mask); tState[k] !== 0; k = (k + 1) & mask) {
        if (tState[k] === state + 1 && tUnit[k] === ch) return tNext[k]!;
      }
      if (state === 0) return 0;
      state = fail[state]!;
    }
  }
}

function slotOf(state: number, ch: number, mask: number): number {
  const h = Math.imul(state, 0x9e3779b1) ^ Math.imul(ch, 0x85ebca6b);
  return (h ^ (h >>> 15)) & mask;
}
