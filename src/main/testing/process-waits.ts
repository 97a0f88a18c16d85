// Bounded waits for tests that watch processes: every wait ends, and says what it waited for.

/** Resolves with `p`, or rejects naming `what` once `ms` pass. */
export function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([p, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: nothing after ${ms} ms`)), ms)))]).finally(() => clearTimeout(timer));
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** True once `pid` has exited, polling for at most `ms`. */
export async function gone(pid: number, ms = 5000): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (!alive(pid)) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return !alive(pid);
}

/** Samples every 100 ms whether the session's engine is still the one it was, and alive. */
export function watchEngine(session: { enginePid: number | undefined }, pid: number): { stop(): void; samples: number; engineDead: number; pidChanged: number } {
  const figures = {
    samples: 0,
    engineDead: 0,
    pidChanged: 0,
    stop: () => clearInterval(timer),
  };
  const timer = setInterval(() => {
    figures.samples++;
    if (!alive(pid)) figures.engineDead++;
    if (session.enginePid !== pid) figures.pidChanged++;
  }, 100);
  return figures;
}
