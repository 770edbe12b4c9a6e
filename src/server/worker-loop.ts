// A background worker of a server process that reacts to case events: a pass for one case at once on a bus message,
// and a periodic sweep that catches anything missed. Passes run one after another in this process (other processes
// are kept apart by the database); a sweep asked for while one is already queued is not queued twice.
import type { AppContext } from './context';

export interface WorkerLoop {
  /** One full pass (a sweep), after whatever is running. */
  runOnce(): Promise<void>;
  /** No more passes; resolves when the running one has ended. */
  stop(): Promise<void>;
}

/** Runs `pass(caseId)` on every bus message about a case and `pass()` every `intervalMs`; errors go to `onError`. */
export function startWorkerLoop(
  ctx: AppContext,
  pass: (caseId?: string) => Promise<void>,
  opts: { intervalMs?: number; onError: (err: unknown) => void },
): WorkerLoop {
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  let sweepQueued = false;
  const schedule = (caseId?: string): Promise<void> => {
    if (stopped) return running;
    if (!caseId) {
      if (sweepQueued) return running;
      sweepQueued = true;
    }
    running = running
      .then(() => {
        if (!caseId) sweepQueued = false;
        return pass(caseId);
      })
      .catch(opts.onError);
    return running;
  };
  const unsubscribe = ctx.bus.subscribe((m) => void schedule(m.caseId));
  const timer = setInterval(() => void schedule(), opts.intervalMs ?? 5000);
  timer.unref();
  return {
    runOnce: () => schedule(),
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      unsubscribe();
      await running;
    },
  };
}
