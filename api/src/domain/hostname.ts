/** What a person (or the host site's developer) is told when `source` is not a host name. */
export const SOURCE_MESSAGE = 'Trang nguồn phải là tên miền của trang có nhúng cuộc thi, ví dụ baothaibinh.com.vn';

/**
 * One label of a host name in its ASCII form (IDN labels as "xn--…"), not starting or ending with
 * "-"; "_" as browsers allow it. No lookbehind: the widget shares this file, and Safari before 16.4
 * cannot even parse one.
 */
const LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/;
/** Before parsing: letters of any script (IDN), digits, ".", "-", "_" — no scheme, port, path, space or "@". */
const HOST_CHARACTERS = /^[\p{L}\p{M}\p{N}._-]+$/u;

/**
 * The host name `input` names, lower-case and in its ASCII form ("thái-bình.vn" becomes
 * "xn--thi-bnh-…"), as `location.hostname` gives it; null for anything that is not a host name
 * of at most 253 characters (free text, a URL, an address with a port, an IPv6 literal).
 */
export function normaliseHostname(input: string): string | null {
  const host = input.trim().replace(/\.$/, '');
  if (host === '' || host.length > 253 || !HOST_CHARACTERS.test(host)) return null;
  let ascii: string;
  try {
    ascii = new URL(`http://${host}`).hostname; // IDNA: lower case, Unicode labels to punycode
  } catch {
    return null;
  }
  return ascii.length <= 253 && ascii.split('.').every((label) => LABEL.test(label)) ? ascii : null;
}

/**
 * The host site a request came from: `given` (the widget's `source`) when it is a host name, else
 * the Origin's host name; null when neither names one. `given` wins over a different Origin: a host
 * page may name itself with the widget's `source` attribute (demo/cong-so.html), and a client
 * outside a browser can send any Origin anyway, so the Origin proves no more than `source` does.
 * Either way only a host name is stored, never free text.
 */
export function sourceHost(given: string | undefined, origin: string | undefined): string | null {
  const source = given ? normaliseHostname(given) : null;
  if (source) return source;
  try {
    return origin ? normaliseHostname(new URL(origin).hostname) : null;
  } catch {
    return null;
  }
}
