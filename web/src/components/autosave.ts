/**
 * Drafts save themselves: a few seconds after the last change, at once on a step change (flush),
 * never twice the same content, one save at a time (a change during a save is saved after it).
 * Framework-free, so the timing is unit-tested without a browser.
 */
export interface AutoSaver<T> {
  /** the content changed: saved after the delay unless it changes again */
  changed(data: T): void;
  /** save now what waits (a step change, leaving the page) */
  flush(): Promise<void>;
  /** nothing more is saved (the form was submitted or discarded) */
  stop(): void;
  /** the content the server has (a resumed draft): not saved again */
  known(data: T): void;
}

export interface AutoSaveOptions<T> {
  save: (data: T) => Promise<void>;
  onSaved: (at: Date) => void;
  onError?: (err: unknown) => void;
  delayMs?: number;
  now?: () => Date;
}

export const AUTOSAVE_DELAY_MS = 3000;

export function autoSaver<T>(opts: AutoSaveOptions<T>): AutoSaver<T> {
  const delay = opts.delayMs ?? AUTOSAVE_DELAY_MS;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let pending: { data: T; text: string } | null = null;
  let lastSaved = '';
  let running: Promise<void> | null = null;
  let stopped = false;

  const clear = () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };

  async function run(): Promise<void> {
    clear();
    // one save at a time: the newest content follows the one in flight
    while (running) await running;
    if (stopped || !pending) return;
    const { data, text } = pending;
    pending = null;
    if (text === lastSaved) return;
    running = (async () => {
      try {
        await opts.save(data);
        lastSaved = text;
        if (!stopped) opts.onSaved((opts.now ?? (() => new Date()))());
      } catch (err) {
        // kept for the next change or flush
        pending ??= { data, text };
        opts.onError?.(err);
      }
    })();
    try {
      await running;
    } finally {
      running = null;
    }
  }

  return {
    changed(data) {
      if (stopped) return;
      const text = JSON.stringify(data);
      if (text === lastSaved) {
        pending = null;
        clear();
        return;
      }
      pending = { data, text };
      clear();
      timer = setTimeout(() => void run(), delay);
    },
    flush: run,
    stop() {
      stopped = true;
      pending = null;
      clear();
    },
    known(data) {
      lastSaved = JSON.stringify(data);
    },
  };
}

/** 14:03:09: the time a draft was saved, as the note shows it. */
export function clockTime(at: Date): string {
  return [at.getHours(), at.getMinutes(), at.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}
