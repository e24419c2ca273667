import { css, html, nothing, type TemplateResult } from 'lit';
import { renderPlainText } from './format.js';
import type { Strings } from './strings.js';
import './strings-learning.js';

/**
 * What the review, the answer page and practice share (decision 0039): a question with its right
 * option marked in words and an icon (never by colour alone), the explanation and the source.
 */

/** A question as the three views have it once its key may show. */
export interface KeyedQuestion {
  id: string;
  text: string;
  options: { id: string; text: string }[];
  correctOptionId?: string;
  explanation?: string | null;
  source?: string | null;
  sourceUrl?: string | null;
}

/** The link of a source, only when it is http or https: anything else (javascript:, data:…) is shown as no link. */
export function safeHttpUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/** Text without diacritics or case, "đ" as "d": "Định danh" and "dinh danh" match. */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/gi, 'd')
    .toLowerCase();
}

/**
 * Why a view is not available now: the server's own words when the widget speaks Vietnamese (they
 * name the reason: before the close, never published, practice not offered), else the table's.
 */
export function unavailableText(lang: string, reason: string, fallback: string): string {
  if (lang === 'en' || !reason) return fallback;
  return /[.!?…]$/.test(reason) ? reason : `${reason}.`;
}

export const letter = (i: number) => `${String.fromCharCode(65 + i)}.`;

/**
 * The options of a question, the right one and the chosen one said in words with an icon.
 * `chosen` undefined: nobody's choice to show (the answer page).
 */
export function renderKeyedOptions(t: Strings, question: KeyedQuestion, chosen?: string | null): TemplateResult {
  return html`<ol class="keyed">
    ${question.options.map((option, i) => {
      const right = option.id === question.correctOptionId;
      const mine = chosen != null && option.id === chosen;
      return html`<li class="opt ${right ? 'right' : mine ? 'wrong' : ''}" data-option=${option.id}>
        <span><span class="letter">${letter(i)}</span> ${option.text}</span>
        ${right ? html`<span class="mark right"><span aria-hidden="true">✓</span> ${t.markRight}</span>` : nothing}
        ${mine ? html`<span class="mark ${right ? 'right' : 'wrong'}"><span aria-hidden="true">${right ? '●' : '✗'}</span> ${t.markChosen}</span>` : nothing}
      </li>`;
    })}
  </ol>`;
}

/** The explanation and the source; the source links out (new tab, no opener, no referrer) only for http(s). */
export function renderExplanation(t: Strings, question: Pick<KeyedQuestion, 'explanation' | 'source' | 'sourceUrl'>): TemplateResult {
  const href = safeHttpUrl(question.sourceUrl);
  const source = question.source?.trim();
  return html`${question.explanation
      ? html`<div class="explanation"><strong>${t.explanation}:</strong> ${renderPlainText(question.explanation)}</div>`
      : nothing}
    ${source || href
      ? html`<p class="source">
          <strong>${t.source}:</strong>
          ${href
            ? html`<a href=${href} target="_blank" rel="noopener noreferrer">${source || href}<span class="visually-hidden"> ${t.newTab}</span></a>`
            : source}
        </p>`
      : nothing}`;
}

/** A verdict line: right, wrong or unanswered, an icon and words. */
export function renderVerdict(t: Strings, verdict: 'right' | 'wrong' | 'none'): TemplateResult {
  const [icon, text] = verdict === 'right' ? ['✓', t.verdictRight] : verdict === 'wrong' ? ['✗', t.verdictWrong] : ['○', t.verdictNone];
  return html`<p class="verdict ${verdict}"><span aria-hidden="true">${icon}</span> ${text}</p>`;
}

export const learningStyles = css`
  .questions {
    list-style: none;
    padding: 0;
    margin: 0;
  }
  .questions > li {
    border: 1px solid var(--de-an-06-border, #d0d7de);
    border-radius: var(--de-an-06-radius, 8px);
    padding: 0.75em 0.9em;
    margin: 0 0 1em;
    overflow-wrap: anywhere;
  }
  .questions h3,
  .questions h4 {
    font-size: 1.05em;
  }
  .keyed {
    list-style: none;
    padding: 0;
    margin: 0 0 0.75em;
    display: grid;
    gap: 0.4em;
  }
  .opt {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    gap: 0.25em 0.75em;
    padding: 0.5em 0.7em;
    border: 1px solid var(--de-an-06-border, #d0d7de);
    border-radius: 6px;
  }
  .opt.right {
    border: 2px solid var(--de-an-06-success, #166534);
  }
  .opt.wrong {
    border: 2px dashed var(--de-an-06-danger, #b91c1c);
  }
  .letter {
    font-weight: 700;
  }
  .mark,
  .verdict {
    font-weight: 700;
  }
  .mark.right,
  .verdict.right {
    color: var(--de-an-06-success, #166534);
  }
  .mark.wrong,
  .verdict.wrong {
    color: var(--de-an-06-danger, #b91c1c);
  }
  .explanation,
  .source {
    margin: 0 0 0.5em;
  }
  .meta {
    font-size: 0.95em;
  }
  input[type='search'] {
    display: block;
    width: 100%;
    min-height: 44px;
    padding: 0.5em 0.6em;
    margin: 0 0 0.75em;
    font: inherit;
    color: inherit;
    background: var(--de-an-06-surface, #ffffff);
    border: 1px solid var(--de-an-06-input-border, #6b7280);
    border-radius: 6px;
  }
  label {
    display: block;
    font-weight: 600;
    margin-bottom: 0.25em;
  }
`;
