/**
 * A chunked body of `totalBytes` produced lazily (pull-based, 64 KiB at a
 * time, no content-length), counting how much the reader actually pulled:
 * a capped reader stops pulling soon after its cap.
 */
export function hugeBody(totalBytes: number, fill = 'a') {
  const chunk = new TextEncoder().encode(fill.repeat(64 * 1024));
  const stats = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (stats.pulled >= totalBytes) {
        controller.close();
        return;
      }
      stats.pulled += chunk.byteLength;
      controller.enqueue(chunk);
    },
    cancel() {
      stats.cancelled = true;
    },
  });
  return { stream, stats };
}

/** Resident set size in MB (after a GC when exposed). */
export function rssMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().rss / 1024 / 1024;
}

export const MB = 1024 * 1024;
