// Toasts, the clock that drives countdowns, and the rate-limit notice.
import type { RateLimitEvent } from '../bindings';
import * as host from '../host';
import { HostError } from '../host';

export interface Toast {
  id: number;
  kind: 'error' | 'info';
  text: string;
  expiresAt: number;
}

export interface RateLimit {
  until: number;
  attempt: number;
  source: string;
}

/** The server's message, plus the wait for rate limits. */
export function describeError(e: HostError): string {
  if (e.code === 'rateLimited' && e.retryAfter !== null) return `${e.message} (try again in ${e.retryAfter} s)`;
  return e.message;
}

export class Feedback {
  toasts = $state<Toast[]>([]);
  rateLimit = $state<RateLimit | null>(null);
  /** Wall clock, updated every second while the app runs (countdowns, relative times). */
  now = $state(Date.now());

  private toastSeq = 0;
  private inFlight = 0;
  private ticker: ReturnType<typeof setInterval> | null = null;
  private unlisten: (() => void) | null = null;

  /** Starts the one-second clock (calling `onTick` after each beat) and the rate-limit listener. */
  start(onTick: (now: number) => void) {
    if (this.ticker !== null) return;
    this.ticker = setInterval(() => {
      this.tick();
      onTick(this.now);
    }, 1000);
    host.onRateLimited((ev) => this.onRateLimited(ev)).then((un) => {
      if (this.ticker === null) un();
      else this.unlisten = un;
    });
  }

  stop() {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = null;
    this.unlisten?.();
    this.unlisten = null;
  }

  /** Counts calls in flight, so the rate-limit notice can go once the waiting action is done. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    this.inFlight++;
    try {
      return await fn();
    } finally {
      this.inFlight--;
      if (this.inFlight === 0) this.rateLimit = null;
    }
  }

  toast(kind: 'error' | 'info', text: string, ms = kind === 'error' ? 8000 : 4000) {
    const t: Toast = { id: ++this.toastSeq, kind, text, expiresAt: Date.now() + ms };
    this.toasts = [...this.toasts.slice(-3), t];
  }

  dismissToast(id: number) {
    this.toasts = this.toasts.filter((t) => t.id !== id);
  }

  /** An error as a toast, with the wait for rate limits. */
  errorToast(e: unknown, prefix = '') {
    this.toast('error', prefix + describeError(HostError.from(e)));
  }

  private tick() {
    this.now = Date.now();
    if (this.toasts.some((t) => t.expiresAt <= this.now)) this.toasts = this.toasts.filter((t) => t.expiresAt > this.now);
  }

  private onRateLimited(ev: RateLimitEvent) {
    this.now = Date.now();
    this.rateLimit = { until: this.now + ev.waitSecs * 1000, attempt: ev.attempt, source: ev.source };
  }
}
