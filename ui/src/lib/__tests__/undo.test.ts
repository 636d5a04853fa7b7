import { describe, expect, it } from 'vitest';
import { canUndo, idle, listKeys, secondsLeft, undoReducer, UNDO_WINDOW_MS, type UndoState } from '../undo';

const outcome = { undoId: 'u1', deletedKeys: ['A', 'B'], message: 'Deleted 2 secrets', commitInSecs: 10 };

describe('undo state machine', () => {
  it('offers undo for the window the backend gives, then commits', () => {
    let s: UndoState = undoReducer(idle, { type: 'deleted', outcome, now: 1000 });
    expect(s.status).toBe('offered');
    expect(canUndo(s)).toBe(true);
    expect(secondsLeft(s, 1000)).toBe(10);
    s = undoReducer(s, { type: 'tick', now: 1000 + 10_000 - 1 });
    expect(s.status).toBe('offered');
    s = undoReducer(s, { type: 'tick', now: 1000 + 10_000 });
    expect(s).toEqual({ status: 'committing', undoId: 'u1', keys: ['A', 'B'] });
    expect(canUndo(s)).toBe(false);
    expect(undoReducer(s, { type: 'dismiss' })).toBe(s);
    expect(undoReducer(s, { type: 'committed' })).toBe(idle);
  });
  it('uses commitInSecs, and the default window without it', () => {
    const short = undoReducer(idle, { type: 'deleted', outcome: { ...outcome, commitInSecs: 3 }, now: 0 });
    expect(secondsLeft(short, 0)).toBe(3);
    const old = undoReducer(idle, { type: 'deleted', outcome: { ...outcome, commitInSecs: undefined as unknown as number }, now: 0 });
    expect(secondsLeft(old, 0)).toBe(UNDO_WINDOW_MS / 1000);
  });
  it('goes offered → undoing → restored → idle', () => {
    let s = undoReducer(idle, { type: 'deleted', outcome, now: 0 });
    s = undoReducer(s, { type: 'undo' });
    expect(s).toMatchObject({ status: 'undoing', undoId: 'u1' });
    expect(canUndo(s)).toBe(false);
    // ticks and dismiss do not interrupt an undo in flight
    expect(undoReducer(s, { type: 'tick', now: 99_999 })).toBe(s);
    expect(undoReducer(s, { type: 'dismiss' })).toBe(s);
    s = undoReducer(s, { type: 'undone', now: 50 });
    expect(s.status).toBe('restored');
    expect(undoReducer(s, { type: 'tick', now: 10_000 })).toBe(idle);
  });
  it('lets a failed undo be retried', () => {
    let s = undoReducer(idle, { type: 'deleted', outcome, now: 0 });
    s = undoReducer(s, { type: 'undo' });
    s = undoReducer(s, { type: 'undoFailed', error: 'network', now: 10 });
    expect(s).toMatchObject({ status: 'failed', error: 'network' });
    expect(canUndo(s)).toBe(true);
    s = undoReducer(s, { type: 'undo' });
    expect(s).toMatchObject({ status: 'undoing', undoId: 'u1' });
  });
  it('a newer delete replaces the offer; undo from idle does nothing; dismiss commits', () => {
    let s = undoReducer(idle, { type: 'deleted', outcome, now: 0 });
    s = undoReducer(s, { type: 'deleted', outcome: { ...outcome, undoId: 'u2', deletedKeys: ['C'] }, now: 5 });
    expect(s).toMatchObject({ undoId: 'u2', keys: ['C'] });
    expect(undoReducer(idle, { type: 'undo' })).toBe(idle);
    expect(undoReducer(s, { type: 'dismiss' })).toEqual({ status: 'committing', undoId: 'u2', keys: ['C'] });
  });
  it('names keys with "and N more"', () => {
    expect(listKeys(['A', 'B'])).toBe('A, B');
    const many = Array.from({ length: 13 }, (_, i) => `K${i}`);
    expect(listKeys(many)).toBe('K0, K1, K2, K3, K4, K5, K6, K7, K8, K9 and 3 more');
  });
});
