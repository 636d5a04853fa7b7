import { getContext, setContext } from 'svelte';
import type { DeskStore } from './store.svelte';

const KEY = Symbol('desk-store');

export function provideStore(store: DeskStore): DeskStore {
  return setContext(KEY, store);
}

export function useStore(): DeskStore {
  const s = getContext<DeskStore | undefined>(KEY);
  if (!s) throw new Error('DeskStore missing: render inside <App>');
  return s;
}
