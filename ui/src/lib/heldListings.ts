// The listings the window holds, by what was asked, each with the digest Rust gave it
// (crates/desk-core/src/view/listing_answer.rs). Asking again sends that digest: when the
// server's listing is the same, the answer leaves the rows out and the held ones are shown.
// Going back to the environment just seen is the common switch; its rows then cost no
// transfer, no parse and no second copy for the garbage collector.
import * as host from './host';
import type { SecretList } from './wire';

/** The environment on screen and the one before it. */
const KEEP = 2;

type Held = { digest: string; list: SecretList };

const keyOf = (appId: string, env: string, tags: string[], path: string | null) => JSON.stringify([appId, env, tags, path]);

export class HeldListings {
  private held = new Map<string, Held>();

  /** The listing held for this question, if any. */
  peek(appId: string, env: string, tags: string[], path: string | null): SecretList | null {
    return this.held.get(keyOf(appId, env, tags, path))?.list ?? null;
  }

  /**
   * Lists through `list_secrets`. An unchanged listing comes back as the very object held
   * (so a window showing it has nothing to redraw), with the answer's `elapsedMs`.
   */
  async fetch(appId: string, env: string, tags: string[], path: string | null): Promise<SecretList> {
    const key = keyOf(appId, env, tags, path);
    // Taken now: another listing of the same question may replace it before this answers.
    const held = this.held.get(key);
    const answer = await host.listSecrets(appId, env, tags, path, held?.digest ?? null);
    const list = answer.list ?? (held?.digest === answer.digest ? held.list : null);
    if (!list) throw new Error('list_secrets left out rows this window does not hold.');
    list.elapsedMs = answer.elapsedMs;
    // A folder's quick first part is not worth a place: it is asked for once per slow listing.
    if (path !== null) return list;
    this.held.delete(key);
    this.held.set(key, { digest: answer.digest, list });
    for (const old of this.held.keys()) {
      if (this.held.size <= KEEP) break;
      this.held.delete(old);
    }
    return list;
  }

  /** Lock or another account: nothing shown before stays in memory. */
  clear() {
    this.held.clear();
  }
}
