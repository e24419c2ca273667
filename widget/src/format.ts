import { html, type TemplateResult } from 'lit';
import type { Strings } from './strings.js';

export { formatDuration, formatMoney, formatNumber, formatVietnamTime } from '../../api/src/domain/vietnam-format.js';
// Rates and tenths of a second are the board's alone: it imports them from
// api/src/domain/deciding-figures.ts itself, so they stay out of the first screen (decision 0025).

/** A duration as "12:05" (minutes:seconds), or "1:02:05" past an hour. */
export function formatClock(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}

/** Time left of a countdown as "2 ngày 3 giờ 4 phút", or "5 phút 9 giây" under a day. */
export function formatCountdown(ms: number, t: Pick<Strings, 'days' | 'hours' | 'minutes' | 'seconds'>): string {
  const total = Math.ceil(ms / 1000);
  const d = Math.floor(total / 86400);
  const h = Math.floor((total % 86400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return [d ? t.days(d) : '', d || h ? t.hours(h) : '', t.minutes(m), d ? '' : t.seconds(s)].filter(Boolean).join(' ');
}

/**
 * Contest texts are plain text: blank lines separate paragraphs, lines starting with "- " are list
 * items. Lit escapes every interpolated string, so nothing here is ever parsed as HTML.
 */
export function renderPlainText(text: string | null | undefined): TemplateResult[] {
  if (!text) return [];
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((block) => block.split('\n').filter((line) => line.trim() !== ''))
    .filter((lines) => lines.length > 0)
    .flatMap((lines) => {
      const out: TemplateResult[] = [];
      let prose: string[] = [];
      let items: string[] = [];
      const flushProse = () => {
        if (prose.length) out.push(html`<p>${prose.join(' ')}</p>`);
        prose = [];
      };
      const flushItems = () => {
        if (items.length) out.push(html`<ul>${items.map((item) => html`<li>${item}</li>`)}</ul>`);
        items = [];
      };
      for (const line of lines) {
        const trimmed = line.trim();
        if (trimmed.startsWith('- ')) {
          flushProse();
          items.push(trimmed.slice(2));
        } else {
          flushItems();
          prose.push(trimmed);
        }
      }
      flushProse();
      flushItems();
      return out;
    });
}
