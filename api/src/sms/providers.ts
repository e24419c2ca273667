import { createHmac } from 'node:crypto';
import type { SmsConfig } from '../config.js';

/** Sends one text message; rejects with `SmsUnavailable` when the message may not have gone out. */
export interface SmsProvider {
  send(phone: string, text: string): Promise<void>;
}

/** The gateway refused, failed or did not answer in time; the caller answers 503. */
export class SmsUnavailable extends Error {}

/** `0912345678` → `0912***678`: enough for an operator to tell numbers apart, not to call one. */
export function maskPhone(phone: string): string {
  return phone.length < 7 ? '***' : `${phone.slice(0, 4)}***${phone.slice(-3)}`;
}

/**
 * For development and tests only: writes one JSON line per message (the phone masked, the text
 * with its code in clear) instead of sending anything. A production server without SMS_PROVIDER
 * gets `none` instead (config.ts), so codes do not end up in its log.
 */
export const logSmsProvider: SmsProvider = {
  async send(phone, text) {
    console.info(JSON.stringify({ event: 'sms.log', note: 'chỉ dùng khi phát triển', phone: maskPhone(phone), text }));
  },
};

const noSmsProvider: SmsProvider = {
  async send() {
    throw new SmsUnavailable('SMS_PROVIDER is not set');
  },
};

/** `0912345678` → `84912345678`, the international form many gateways ask for. */
function internationalForm(phone: string): string {
  return phone.startsWith('0') ? `84${phone.slice(1)}` : phone;
}

function fill(template: string, phone: string, text: string, encode: (value: string) => string): string {
  return template
    .replaceAll('{phone84}', encode(internationalForm(phone)))
    .replaceAll('{phone}', encode(phone))
    .replaceAll('{text}', encode(text));
}

/** A value placed inside a JSON string of the body template: escaped, without its quotes. */
const jsonInner = (value: string) => JSON.stringify(value).slice(1, -1);

/**
 * A generic HTTP gateway. `{phone}` (0xxxxxxxxx), `{phone84}` (84xxxxxxxxx) and `{text}` are
 * filled into SMS_HTTP_URL (URL-encoded) and into SMS_HTTP_BODY (JSON-escaped). With a body
 * template it POSTs that body; without one, a URL with placeholders is called with GET, and a URL
 * without them receives a JSON POST `{phone, text}`. SMS_HTTP_SECRET goes as
 * `Authorization: Bearer …` and signs what was sent (`X-Signature: sha256=<HMAC of the body, or
 * of the URL for a GET>`). Any answer other than 2xx, a network error or the timeout is a failure.
 */
export function httpSmsProvider(config: Extract<SmsConfig, { provider: 'http' }>, fetchImpl: typeof fetch = fetch): SmsProvider {
  return {
    async send(phone, text) {
      const url = fill(config.urlTemplate, phone, text, encodeURIComponent);
      const templated = url !== config.urlTemplate;
      const body = config.bodyTemplate
        ? fill(config.bodyTemplate, phone, text, jsonInner)
        : templated
          ? null
          : JSON.stringify({ phone, text });
      const headers: Record<string, string> = {};
      if (body !== null) headers['content-type'] = 'application/json';
      if (config.secret) {
        headers.authorization = `Bearer ${config.secret}`;
        headers['x-signature'] = `sha256=${createHmac('sha256', config.secret).update(body ?? url).digest('hex')}`;
      }
      let response: Response;
      try {
        response = await fetchImpl(url, {
          method: body === null ? 'GET' : 'POST',
          headers,
          body,
          signal: AbortSignal.timeout(config.timeoutMs),
          redirect: 'error',
        });
        // The answer's body is not needed; reading it frees the connection.
        await response.arrayBuffer();
      } catch (error) {
        throw new SmsUnavailable(`SMS gateway unreachable: ${error instanceof Error ? error.name : 'error'}`);
      }
      if (!response.ok) throw new SmsUnavailable(`SMS gateway answered ${response.status}`);
    },
  };
}

export function smsProviderFrom(config: SmsConfig): SmsProvider {
  if (config.provider === 'http') return httpSmsProvider(config);
  return config.provider === 'log' ? logSmsProvider : noSmsProvider;
}
