/**
 * Reads that many requests make at once, made once for all of them (decision 0044, "Cost"): a
 * caller never joins a read already running, which may have begun before the caller's own write
 * (on any node) committed; it waits for the next read, which begins after the running one ends,
 * and so after the caller arrived. At most one read per key runs at a time, and all callers that
 * arrive meanwhile share the next one: under load, one round trip serves a whole batch of kept
 * public bodies instead of one each.
 */
export function coalesced<K, T>(read: (key: K) => Promise<T>): (key: K) => Promise<T> {
  const running = new Map<K, Promise<T>>();
  const next = new Map<K, Promise<T>>();
  const start = (key: K): Promise<T> => {
    const reading = read(key).finally(() => {
      if (running.get(key) === reading) running.delete(key);
    });
    running.set(key, reading);
    return reading;
  };
  return (key) => {
    const queued = next.get(key);
    if (queued) return queued;
    const current = running.get(key);
    if (!current) return start(key);
    const after = current.then(
      () => undefined,
      () => undefined,
    ).then(() => {
      next.delete(key);
      return start(key);
    });
    next.set(key, after);
    return after;
  };
}
