// A value computed at most once per `ttlMs` in this process, shared by every request: for figures that
// summarise a whole window of data (the queue page's discussion metrics), which nobody needs fresher than
// a minute and which would otherwise be recomputed on every page view. Concurrent callers share one
// computation; a failed computation is not kept.
export function memoizeFor<T>(ttlMs: number, now: () => number = Date.now) {
  let value: { result: T; at: number } | null = null;
  let pending: Promise<T> | null = null;
  return (compute: () => Promise<T>): Promise<T> => {
    if (value && now() - value.at < ttlMs) return Promise.resolve(value.result);
    pending ??= compute().then(
      (result) => {
        value = { result, at: now() };
        pending = null;
        return result;
      },
      (error: unknown) => {
        pending = null;
        throw error;
      },
    );
    return pending;
  };
}
