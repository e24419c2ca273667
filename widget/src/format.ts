import { html, type TemplateResult } from 'lit';

const VN_TIME = new Intl.DateTimeFormat('vi-VN', {
  timeZone: 'Asia/Ho_Chi_Minh',
  hour: '2-digit',
  minute: '2-digit',
  day: 'numeric',
  month: 'numeric',
  year: 'numeric',
  hourCycle: 'h23',
});

/** An instant in Vietnam time, the way the plan writes it: "10 giờ 00, ngày 20/3/2023". */
export function formatVietnamTime(iso: string, lang = 'vi'): string {
  const parts: Record<string, string> = {};
  for (const part of VN_TIME.formatToParts(new Date(iso))) parts[part.type] = part.value;
  const { hour, minute, day, month, year } = parts;
  const hh = String(Number(hour)).padStart(2, '0');
  return lang === 'en'
    ? `${hh}:${minute}, ${day}/${month}/${year} (Vietnam time)`
    : `${Number(hour)} giờ ${minute}, ngày ${day}/${month}/${year}`;
}

/** A duration as "12:05" (minutes:seconds), or "1:02:05" past an hour. */
export function formatClock(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}

/** A time taken, in words: "3 phút 07 giây". */
export function formatDuration(ms: number, lang = 'vi'): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const m = Math.floor(total / 60);
  const s = String(total % 60).padStart(2, '0');
  return lang === 'en' ? `${m} min ${s} s` : `${m} phút ${s} giây`;
}

export function formatNumber(n: number, lang = 'vi'): string {
  return new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'vi-VN').format(n);
}

export function formatMoney(vnd: number, lang = 'vi'): string {
  return `${formatNumber(vnd, lang)} đ`;
}

export function formatRate(rate: number, lang = 'vi'): string {
  return new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'vi-VN', { style: 'percent', maximumFractionDigits: 1 }).format(rate);
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
