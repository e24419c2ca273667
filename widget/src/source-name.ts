import { normaliseHostname } from '../../api/src/domain/hostname.js';

/**
 * The host name sent as `source` with a registration and a new attempt: the quiz's `source`
 * attribute when it is a host name, else the page's own (decision 0034). Only the registration and
 * attempt chunks need it, so the rules of host names stay out of the first screen (decision 0013).
 */
export function sourceName(source: string): string {
  return normaliseHostname(source) ?? normaliseHostname(location.hostname) ?? '';
}
