// Filtering a large listing keystroke after keystroke. Rows are tested by their position
// in the listing: the compared texts sit in an array beside the rows, and the ids a value
// search found become a mask of positions, so a pass over 10,000 rows does no map lookups.
import type { SecretRow } from './bindings';
import { keepsEverything, narrows, rowChecks, textNeedle, textOf, type FilterState } from './filter';

/** The compared texts and positions of one listing's rows (in the order shown). */
export class RowIndex {
  private readonly texts: (string | undefined)[];
  /** Position of each id; null until needed, or when an id is listed twice. */
  private positions: Map<string, number> | null = null;
  private twice = false;
  private maskFor: readonly string[] | null = null;
  private mask = new Uint8Array(0);

  constructor(readonly rows: readonly SecretRow[]) {
    this.texts = new Array<string | undefined>(rows.length);
  }

  text(i: number): string {
    let t = this.texts[i];
    if (t === undefined) {
      t = textOf(this.rows[i]);
      this.texts[i] = t;
    }
    return t;
  }

  /** 1 at the position of every row whose id is in `ids`. */
  valueMask(ids: readonly string[]): Uint8Array {
    if (ids === this.maskFor) return this.mask;
    const mask = new Uint8Array(this.rows.length);
    const positions = this.positionMap();
    if (positions === null) {
      const found = new Set(ids);
      this.rows.forEach((r, i) => (mask[i] = found.has(r.id) ? 1 : 0));
    } else {
      for (const id of ids) {
        const i = positions.get(id);
        if (i !== undefined) mask[i] = 1;
      }
    }
    this.maskFor = ids;
    this.mask = mask;
    return mask;
  }

  private positionMap(): Map<string, number> | null {
    if (this.positions === null && !this.twice) {
      const positions = new Map<string, number>();
      for (let i = 0; i < this.rows.length && !this.twice; i++) {
        const id = this.rows[i].id;
        if (positions.has(id)) this.twice = true;
        positions.set(id, i);
      }
      if (!this.twice) this.positions = positions;
    }
    return this.positions;
  }

  /**
   * Works out the compared texts and the positions a slice at a time between frames, so
   * the first typed letter and the first value search do not do it for every row at once.
   * Stops when `stillWanted()` turns false (another listing came).
   */
  warm(stillWanted: () => boolean, slice = 2_000): void {
    let at = 0;
    const step = () => {
      if (!stillWanted()) return;
      const end = Math.min(at + slice, this.rows.length);
      for (; at < end; at++) this.text(at);
      if (at < this.rows.length) setTimeout(step, 0);
      else setTimeout(() => stillWanted() && this.positionMap(), 0);
    };
    setTimeout(step, 0);
  }
}

/** Positions of `index.rows` (all, or those in `from`) that `f` keeps. */
function keptPositions(index: RowIndex, from: Int32Array | null, f: FilterState): Int32Array {
  const checks = rowChecks(f);
  const text = textNeedle(f);
  const mask = f.valueIds !== null && text !== '' ? index.valueMask(f.valueIds) : null;
  const rows = index.rows;
  const count = from === null ? rows.length : from.length;
  const out = new Int32Array(count);
  let n = 0;
  for (let k = 0; k < count; k++) {
    const i = from === null ? k : from[k];
    if (checks !== null && !checks(rows[i])) continue;
    if (text === '' || index.text(i).includes(text) || (mask !== null && mask[i] === 1)) out[n++] = i;
  }
  return out.subarray(0, n);
}

interface Step {
  state: FilterState;
  positions: Int32Array;
  rows: readonly SecretRow[];
}

/**
 * Filters keystroke after keystroke without scanning every row each time: it keeps the
 * chain of results while the text grows, filters the longest earlier result that the new
 * filter narrows, and answers a backspace from the chain.
 */
export class KeystrokeFilter {
  private index: RowIndex | null = null;
  /** Each listing's index while it is held (a listing shown again keeps its own). */
  private indexes = new WeakMap<readonly SecretRow[], RowIndex>();
  private chain: Step[] = [];
  /** The last answer: when the next keeps the same rows, it is given again (no repaint). */
  private last: Step | null = null;

  /** The index of `rows`, made anew when the listing (or its order) changed. */
  indexOf(rows: readonly SecretRow[]): RowIndex {
    if (this.index === null || this.index.rows !== rows) {
      this.index = this.indexes.get(rows) ?? new RowIndex(rows);
      this.indexes.set(rows, this.index);
      this.chain = [];
      this.last = null;
    }
    return this.index;
  }

  run(from: readonly SecretRow[], state: FilterState): readonly SecretRow[] {
    const index = this.indexOf(from);
    if (keepsEverything(state)) {
      this.last = null;
      return from;
    }
    let i = this.chain.length - 1;
    while (i >= 0 && !narrows(this.chain[i].state, state)) i--;
    const base = i >= 0 ? this.chain[i] : null;
    this.chain.length = i + 1;
    const step = base && narrows(state, base.state) ? base : this.filter(index, base, state);
    if (this.last !== null && samePositions(this.last.positions, step.positions)) return this.last.rows;
    this.last = step;
    return step.rows;
  }

  private filter(index: RowIndex, base: Step | null, state: FilterState): Step {
    const positions = keptPositions(index, base ? base.positions : null, state);
    const rows = new Array<SecretRow>(positions.length);
    for (let k = 0; k < positions.length; k++) rows[k] = index.rows[positions[k]];
    const step = { state, positions, rows };
    if (this.chain.length >= 64) this.chain.shift();
    this.chain.push(step);
    return step;
  }
}

function samePositions(a: Int32Array, b: Int32Array): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}
