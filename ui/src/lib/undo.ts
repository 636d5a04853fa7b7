// The "Deleted N secrets — Undo" toast as a small state machine. Deletes are held back by the
// backend: nothing is sent until the undo window ends (or the toast is dismissed), then the
// store commits them ('committing').
import type { DeleteOutcome } from './bindings';

export type UndoState =
  | { status: 'idle' }
  | { status: 'offered'; undoId: string; keys: string[]; message: string; expiresAt: number }
  | { status: 'undoing'; undoId: string; keys: string[]; message: string }
  | { status: 'restored'; keys: string[]; until: number }
  | { status: 'failed'; undoId: string; keys: string[]; error: string; expiresAt: number }
  | { status: 'committing'; undoId: string; keys: string[] };

export type UndoEvent =
  | { type: 'deleted'; outcome: DeleteOutcome; now: number }
  | { type: 'tick'; now: number }
  | { type: 'undo' }
  | { type: 'undone'; now: number }
  | { type: 'undoFailed'; error: string; now: number }
  | { type: 'dismiss' }
  | { type: 'committed' };

/** Used when the backend does not say how long the window is. */
export const UNDO_WINDOW_MS = 10_000;
export const RESTORED_NOTICE_MS = 3_000;

export const idle: UndoState = { status: 'idle' };

function windowMs(o: DeleteOutcome): number {
  return typeof o.commitInSecs === 'number' && o.commitInSecs >= 0 ? o.commitInSecs * 1000 : UNDO_WINDOW_MS;
}

export function undoReducer(s: UndoState, e: UndoEvent): UndoState {
  switch (e.type) {
    case 'deleted':
      // A newer delete replaces the older offer (the store commits the older one first).
      return {
        status: 'offered',
        undoId: e.outcome.undoId,
        keys: [...e.outcome.deletedKeys],
        message: e.outcome.message,
        expiresAt: e.now + windowMs(e.outcome),
      };
    case 'tick':
      if ((s.status === 'offered' || s.status === 'failed') && e.now >= s.expiresAt)
        return { status: 'committing', undoId: s.undoId, keys: s.keys };
      if (s.status === 'restored' && e.now >= s.until) return idle;
      return s;
    case 'undo':
      if (s.status === 'offered' || s.status === 'failed')
        return { status: 'undoing', undoId: s.undoId, keys: s.keys, message: s.status === 'offered' ? s.message : '' };
      return s;
    case 'undone':
      if (s.status === 'undoing') return { status: 'restored', keys: s.keys, until: e.now + RESTORED_NOTICE_MS };
      return s;
    case 'undoFailed':
      if (s.status === 'undoing')
        return { status: 'failed', undoId: s.undoId, keys: s.keys, error: e.error, expiresAt: e.now + UNDO_WINDOW_MS };
      return s;
    case 'dismiss':
      // Dismissing the offer ends the window: the delete is sent now.
      if (s.status === 'offered' || s.status === 'failed') return { status: 'committing', undoId: s.undoId, keys: s.keys };
      return s.status === 'restored' ? idle : s;
    case 'committed':
      return s.status === 'committing' ? idle : s;
  }
}

/** Seconds left to undo, for the toast. */
export function secondsLeft(s: UndoState, now: number): number {
  if (s.status !== 'offered' && s.status !== 'failed') return 0;
  return Math.max(0, Math.ceil((s.expiresAt - now) / 1000));
}

/** Whether the undo button should be offered. */
export function canUndo(s: UndoState): boolean {
  return s.status === 'offered' || s.status === 'failed';
}

/** "A, B, C and 4 more". */
export function listKeys(keys: readonly string[], max = 10): string {
  if (keys.length <= max) return keys.join(', ');
  return `${keys.slice(0, max).join(', ')} and ${keys.length - max} more`;
}

/** A key short enough for a toast line: the start and the end, `…` between (the full key goes in a title). */
export function shortKey(key: string, max = 40): string {
  if (key.length <= max) return key;
  const head = Math.ceil((max - 1) * 0.6);
  return `${key.slice(0, head)}…${key.slice(key.length - (max - 1 - head))}`;
}

/** "KEY" or "N secrets", short enough for a toast. */
export function whatWasDeleted(keys: readonly string[]): string {
  return keys.length === 1 ? shortKey(keys[0]) : `${keys.length} secrets`;
}
