/**
 * Why the contest could not be fetched, when the network is not to blame (decision 0034). A host
 * page the contest does not allow gets no CORS headers, and the browser reports that exactly as a
 * lost connection. `embed-check` is readable from any page, so the widget can ask it whether the
 * page's origin is allowed and, when it is not, name the origin the organisers must add. A later
 * chunk: only a page that failed to load the contest fetches it.
 */
import type { EmbedCheck } from '../../api/src/contract/contestant.js';
import type { ApiClient } from './api-client.js';
import './strings-refusal.js';

/** The page's origin when the contest does not allow it; null when it does (or cannot be asked). */
export async function refusedOrigin(client: ApiClient, slug: string): Promise<string | null> {
  const origin = location.origin;
  const check = await client.request<EmbedCheck>('GET', `/contests/${slug}/embed-check?origin=${encodeURIComponent(origin)}`);
  return check.allowed ? null : origin;
}
