/**
 * Downloads (CSV and JSON exports) go out gzip-compressed to a client that accepts it, compressed
 * as they stream: a ranking of a province is tens of megabytes of text that gzip makes a fifth of,
 * and the committee often downloads over a provincial office's line. Hono's own middleware does
 * it with the runtime's CompressionStream; XLSX is already a ZIP container and passes untouched.
 *
 * It is attached per route, never with `use('*')` on a router mounted under `/api/admin`: there
 * the wildcard would reach every admin route mounted beside it.
 */
import { compress } from 'hono/compress';

export const compressedDownload = compress({
  encoding: 'gzip',
  contentTypeFilter: (type) => /^(?:text\/csv|application\/json)\s*(?:;|$)/i.test(type),
});
