import { createHash } from 'crypto';
import { http, HttpResponse, delay } from 'msw';

/**
 * A stand-in SCM for msw: serves files under https://scm.test/<path> with
 * strong etags and 304 answers to If-None-Match, and counts answers.
 */
export class FakeScm {
  readonly files = new Map<string, string>();
  readonly failing = new Map<string, number>();
  readonly hanging = new Set<string>();
  /** Delay of every answer, in ms (0: none). */
  delayMs = 0;
  counts = { ok: 0, notModified: 0, notFound: 0, failed: 0 };
  readonly requests: Array<{ path: string; ifNoneMatch?: string }> = [];

  constructor(readonly base = 'https://scm.test') {}

  set(path: string, content: string) {
    this.files.set(path, content);
  }

  static etag(content: string) {
    return `"${createHash('sha1').update(content).digest('hex')}"`;
  }

  reset() {
    this.counts = { ok: 0, notModified: 0, notFound: 0, failed: 0 };
    this.requests.length = 0;
  }

  handler() {
    return http.get(`${this.base}/*`, async ({ request }) => {
      const path = new URL(request.url).pathname;
      const ifNoneMatch = request.headers.get('if-none-match') ?? undefined;
      this.requests.push({ path, ifNoneMatch });
      if (this.hanging.has(path)) {
        await delay('infinite');
      }
      if (this.delayMs > 0) {
        await delay(this.delayMs);
      }
      const status = this.failing.get(path);
      if (status) {
        this.counts.failed++;
        return new HttpResponse('upstream broke', { status });
      }
      const content = this.files.get(path);
      if (content === undefined) {
        this.counts.notFound++;
        return new HttpResponse('not found', { status: 404 });
      }
      const etag = FakeScm.etag(content);
      if (ifNoneMatch === etag) {
        this.counts.notModified++;
        return new HttpResponse(null, { status: 304, headers: { ETag: etag } });
      }
      this.counts.ok++;
      return new HttpResponse(content, {
        status: 200,
        headers: { ETag: etag },
      });
    });
  }
}
