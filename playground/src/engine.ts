import type { RunEvent } from '../../src/browser.js';
import type { Reply, Request } from './protocol.js';

/** The error a request ends with when the user cancels it. */
export class Cancelled extends Error {
  constructor() {
    super('cancelled');
  }
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  onEvent?: (event: RunEvent) => void;
}

/**
 * The page's handle on the computing worker. Cancelling terminates the worker, which stops a job mid-epoch at once,
 * and starts a fresh one with the last loaded data, so the page stays usable.
 */
export class Engine {
  private worker: Worker;
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();
  private lastLoad: Request | null = null;

  constructor() {
    this.worker = this.spawn();
  }

  private spawn(): Worker {
    const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (e: MessageEvent<Reply>) => {
      const reply = e.data;
      const p = this.pending.get(reply.id);
      if (p === undefined) return;
      if (reply.type === 'event') {
        p.onEvent?.(reply.event);
        return;
      }
      this.pending.delete(reply.id);
      if (reply.type === 'done') p.resolve(reply.value);
      else p.reject(new Error(reply.message));
    };
    worker.onerror = (e) => {
      for (const p of this.pending.values()) p.reject(new Error(e.message || 'the computing thread failed'));
      this.pending.clear();
    };
    return worker;
  }

  /** Sends a request; events of a running study or training arrive through `onEvent`. */
  request<T>(request: Request, onEvent?: (event: RunEvent) => void): Promise<T> {
    if (request.type === 'load') this.lastLoad = request;
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, onEvent });
      this.worker.postMessage({ id, request });
    });
  }

  /** Stops whatever runs now: every pending request fails with {@link Cancelled}; the data is loaded again. */
  async cancel(): Promise<void> {
    this.worker.terminate();
    for (const p of this.pending.values()) p.reject(new Cancelled());
    this.pending.clear();
    this.worker = this.spawn();
    if (this.lastLoad !== null) await this.request(this.lastLoad);
  }
}
