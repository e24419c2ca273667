import { css, html, nothing, type TemplateResult } from 'lit';
import { query, state } from 'lit/decorators.js';
import '../confirm-dialog.js';
import type { AdminConfirmDialog } from '../confirm-dialog.js';
import '../file-import.js';
import type { Question, QuestionsImported, Regrade } from '../../../api/src/contract/admin.js';
import { checkQuestion, MAX_OPTIONS, MIN_OPTIONS } from '../../../api/src/domain/questions.js';
import { errorMessage, fieldErrors, READ_ONLY_NOTE, renderFieldError, rowErrors } from '../feedback.js';
import { formatNumber, formatVietnamTime, renderPlainText } from '../format.js';
import { consoleStyles } from '../styles.js';
import { ConsoleScreen } from '../console-screen.js';

/** A question as `GET /api/admin/contests/:slug/questions` lists it, answer key included (the server's contract). */
export type BankQuestion = Question;

/** `POST …/regrade`: what a regrade changes (the contract's type; a type-only import costs the bundle nothing). */
export type { Regrade };

/** Changed attempts listed on screen; the rest are counted. */
const CHANGES_SHOWN = 50;

type Filter = 'active' | 'retired' | 'all';
type Draft = { topic: string; text: string; options: string[]; answer: number; explanation: string; source: string; sourceUrl: string; practice: boolean };

const LETTERS = 'ABCDEF';

/** Lower-case without diacritics, so "dinh danh" finds "định danh". */
export function searchable(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'd').toLowerCase();
}

/** The server's own `checkQuestion` (api/src/domain/questions.ts), its messages keyed by its field names. */
export function checkQuestionDraft(d: Draft): Record<string, string> {
  const checked = checkQuestion({ ...d, explanation: d.explanation.trim() || null }, 1, false);
  const errors: Record<string, string> = {};
  if (Array.isArray(checked)) for (const { field, message } of checked) errors[field ?? '_'] ??= message;
  return errors;
}

const blankDraft = (): Draft => ({ topic: '', text: '', options: ['', '', '', ''], answer: 0, explanation: '', source: '', sourceUrl: '', practice: false });
const draftOf = (q: BankQuestion): Draft => ({
  topic: q.topic,
  text: q.text,
  options: [...q.options],
  answer: q.answer,
  explanation: q.explanation ?? '',
  source: q.source ?? '',
  sourceUrl: q.sourceUrl ?? '',
  practice: q.practice,
});
const bodyOf = (d: Draft) => ({
  topic: d.topic.trim(),
  text: d.text.trim(),
  options: d.options.map((o) => o.trim()),
  answer: d.answer,
  explanation: d.explanation.trim() || null,
  source: d.source.trim() || null,
  sourceUrl: d.sourceUrl.trim() || null,
  practice: d.practice,
});

/** A question's source as text, linked when it has a link (http/https only, checked by the server). */
function renderSource(source: string | null, url: string | null): TemplateResult | typeof nothing {
  if (!source && !url) return nothing;
  return url ? html`<a href=${url} target="_blank" rel="noopener noreferrer">${source || url}</a>` : html`${source}`;
}

/**
 * The question bank: search and filter, edit in place, retire, add, import a spreadsheet (showing
 * each refused row), and preview a question as contestants see it.
 */
export class AdminQuestions extends ConsoleScreen {
  static override styles = [
    consoleStyles,
    css`
      .toolbar .field {
        flex: 1 1 14rem;
      }
      td.text {
        min-width: 18rem;
      }
      .grow {
        flex: 1 1 20rem;
      }
      td.actions > div {
        display: flex;
        flex-wrap: wrap;
        gap: var(--space-1);
        min-width: 7rem;
      }
      td.nowrap {
        white-space: nowrap;
      }
      td.actions button {
        white-space: nowrap;
        min-height: 36px;
        padding: var(--space-1) var(--space-2);
      }
      tr.retired td {
        color: var(--c-muted);
      }
      tr.detail > td {
        background: var(--c-surface-alt);
        padding: var(--space-4);
      }
      .editor .grid {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr));
        gap: var(--space-3);
      }
      .editor .wide {
        grid-column: 1 / -1;
      }
      .preview {
        max-width: 40rem;
        background: var(--c-surface);
        border: 1px solid var(--c-border);
        border-radius: var(--radius);
        padding: var(--space-4);
      }
      .preview .topic {
        color: var(--c-muted);
        font-size: 0.875rem;
        margin: 0 0 var(--space-2);
      }
      ol.plain {
        list-style: none;
        padding: 0;
        margin: 0;
      }
      .preview ol.options {
        list-style: none;
        padding: 0;
        margin: var(--space-3) 0;
        display: grid;
        gap: var(--space-2);
      }
      .preview ol.options li {
        display: flex;
        gap: var(--space-3);
        align-items: baseline;
        border: 1px solid var(--c-border);
        border-radius: var(--radius);
        padding: var(--space-2) var(--space-3);
      }
      .preview .letter {
        font-weight: 700;
      }
      .key {
        border-top: 1px dashed var(--c-border);
        padding-top: var(--space-3);
      }
      details.format summary {
        cursor: pointer;
        color: var(--c-accent);
      }
      code {
        background: var(--c-surface-alt);
        padding: 0 var(--space-1);
        border-radius: 3px;
      }
    `,
  ];

  @state() private questions: BankQuestion[] = [];
  @state() private loaded = false;
  @state() private loadError = '';
  @state() private query = '';
  @state() private filter: Filter = 'active';
  /** The open detail row: editing, previewing or confirming retirement of one question, or adding one. */
  @state() private open: { id: string; mode: 'edit' | 'preview' | 'retire' } | { id: null; mode: 'add' } | null = null;
  @state() private draft: Draft = blankDraft();
  @state() private draftErrors: Record<string, string> = {};
  @state() private draftMessage = '';
  @state() private busy = false;
  @state() private notice = '';
  /** Submitted attempts the last saved key change affects, until a regrade. */
  @state() private affected = 0;
  @state() private regrade: Regrade | null = null;
  @state() private regradeBusy: '' | 'dry' | 'apply' = '';
  @state() private regradeMessage = '';
  @state() private regradeError = '';
  @state() private downloading: '' | 'xlsx' | 'csv' = '';
  @state() private downloadError = '';

  @query('#regrade-confirm') private regradeDialog!: AdminConfirmDialog;


  override updated(changed: Map<string, unknown>): void {
    if (this.contestChanged(changed)) void this.load();
  }

  private async load(): Promise<void> {
    try {
      this.questions = await this.api.get<BankQuestion[]>(`/contests/${this.slug}/questions?includeRetired=true`);
      this.loadError = '';
    } catch (error) {
      this.loadError = errorMessage(error);
    }
    this.loaded = true;
  }

  private get visible(): BankQuestion[] {
    const words = searchable(this.query).split(/\s+/).filter(Boolean);
    return this.questions.filter((q) => {
      if (this.filter === 'active' && q.retiredAt) return false;
      if (this.filter === 'retired' && !q.retiredAt) return false;
      if (!words.length) return true;
      const haystack = searchable([q.id, q.topic, q.text, ...q.options, q.explanation ?? '', q.source ?? ''].join(' '));
      return words.every((w) => haystack.includes(w));
    });
  }

  private openRow(id: string, mode: 'edit' | 'preview' | 'retire'): void {
    if (this.open && this.open.id === id && this.open.mode === mode) {
      this.open = null;
      return;
    }
    const q = this.questions.find((x) => x.id === id)!;
    this.open = { id, mode };
    this.draft = draftOf(q);
    this.draftErrors = {};
    this.draftMessage = '';
    this.notice = '';
    void this.focusDetail();
  }

  private openAdd(): void {
    this.open = { id: null, mode: 'add' };
    this.draft = blankDraft();
    this.draftErrors = {};
    this.draftMessage = '';
    this.notice = '';
    void this.focusDetail();
  }

  private async focusDetail(): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[data-detail-focus]')?.focus();
  }

  private editDraft(change: (d: Draft) => void): void {
    const next = structuredClone(this.draft);
    change(next);
    this.draft = next;
  }

  private async onSave(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const open = this.open;
    if (!open || !this.canWrite) return;
    this.draftErrors = checkQuestionDraft(this.draft);
    this.draftMessage = '';
    if (Object.keys(this.draftErrors).length) {
      this.draftMessage = 'Câu hỏi chưa hợp lệ';
      return;
    }
    this.busy = true;
    try {
      if (open.mode === 'add') {
        const result = await this.api.post<QuestionsImported>(`/contests/${this.slug}/questions`, [bodyOf(this.draft)]);
        this.notice = `Đã thêm ${formatNumber(result.imported)} câu hỏi.`;
      } else {
        const saved = await this.api.put<BankQuestion & { affectedAttempts?: number }>(`/contests/${this.slug}/questions/${open.id}`, bodyOf(this.draft));
        this.affected = saved.affectedAttempts ?? 0;
        this.notice = this.affected
          ? `Đã lưu câu hỏi. Đáp án mới làm thay đổi điểm của ${formatNumber(this.affected)} lượt thi đã nộp: điểm chỉ đổi khi chấm lại (xem trước rồi áp dụng ở mục «Chấm lại» bên dưới).`
          : 'Đã lưu câu hỏi.';
        if (this.affected) this.regrade = null;
      }
      this.open = null;
      await this.load();
    } catch (error) {
      // An edit answers `fields`; an addition goes through the import route and answers `rows`.
      const fromRows = Object.fromEntries(rowErrors(error).map((r) => [r.field ?? '_', r.message]));
      this.draftErrors = { ...fromRows, ...fieldErrors(error) };
      this.draftMessage = errorMessage(error);
    } finally {
      this.busy = false;
    }
  }

  private async onRetire(id: string): Promise<void> {
    this.busy = true;
    try {
      await this.api.delete<BankQuestion>(`/contests/${this.slug}/questions/${id}`);
      this.open = null;
      this.notice = 'Đã ngừng dùng câu hỏi. Các lượt thi mới sẽ không có câu này.';
      await this.load();
    } catch (error) {
      this.draftMessage = errorMessage(error);
    } finally {
      this.busy = false;
    }
  }

  private async previewRegrade(): Promise<void> {
    this.regradeBusy = 'dry';
    this.regradeError = '';
    this.regradeMessage = '';
    try {
      this.regrade = await this.api.post<Regrade>(`/contests/${this.slug}/regrade`, { dryRun: true });
    } catch (error) {
      this.regradeError = errorMessage(error);
    } finally {
      this.regradeBusy = '';
    }
  }

  private async applyRegrade(): Promise<void> {
    if (!this.regrade || !(await this.regradeDialog.ask())) return;
    this.regradeBusy = 'apply';
    this.regradeError = '';
    try {
      const done = await this.api.post<Regrade>(`/contests/${this.slug}/regrade`, { dryRun: false });
      this.regrade = null;
      this.affected = 0;
      this.regradeMessage =
        `Đã chấm lại ${formatNumber(done.attempts)} lượt thi: ${formatNumber(done.changed.length)} lượt đổi điểm, ` +
        `${formatNumber(done.rankChanges.moved)} người đổi hạng.` +
        (done.outdated ? ' Kết quả đã công bố được đánh dấu cần tính lại: hãy công bố lại ở màn hình «Giải thưởng».' : '');
    } catch (error) {
      this.regradeError = errorMessage(error);
    } finally {
      this.regradeBusy = '';
    }
  }

  private renderRegrade(): TemplateResult {
    const r = this.regrade;
    return html`<section class="card stack" aria-labelledby="regrade-title" data-regrade>
      <h3 id="regrade-title">Chấm lại theo đáp án hiện tại</h3>
      <p>
        Sửa đáp án hoặc phương án không tự đổi điểm của các lượt thi đã nộp. «Xem trước chấm lại» chấm lại mọi lượt đã nộp từ các câu
        trả lời đã lưu mà không ghi gì; sau đó Ban Tổ chức áp dụng trong một lần, có ghi nhật ký.
      </p>
      ${this.affected
        ? html`<p class="notice-box">Có ${formatNumber(this.affected)} lượt thi đã nộp bị ảnh hưởng bởi lần sửa đáp án vừa rồi.</p>`
        : nothing}
      <div class="row">
        <button type="button" class=${r ? '' : 'primary'} @click=${this.previewRegrade} ?disabled=${this.regradeBusy !== ''}>
          ${this.regradeBusy === 'dry' ? 'Đang chấm thử…' : 'Xem trước chấm lại'}
        </button>
        ${this.canWrite && r?.changed.length
          ? html`<button type="button" class="primary" @click=${this.applyRegrade} ?disabled=${this.regradeBusy !== ''}>
              ${this.regradeBusy === 'apply' ? 'Đang chấm lại…' : 'Áp dụng chấm lại'}
            </button>`
          : nothing}
      </div>
      <div role="status">${this.regradeMessage ? html`<p class="success-box">${this.regradeMessage}</p>` : nothing}</div>
      ${this.regradeError ? html`<p class="error-box" role="alert">${this.regradeError}</p>` : nothing}
      ${r ? this.renderRegradePreview(r) : nothing}
      ${this.canWrite
        ? html`<admin-confirm-dialog id="regrade-confirm" heading="Áp dụng chấm lại?" confirm-label="Áp dụng chấm lại" danger>
            ${r
              ? html`<p>
                    Điểm của <strong>${formatNumber(r.changed.length)} lượt thi</strong> sẽ đổi theo đáp án hiện tại;
                    <strong>${formatNumber(r.rankChanges.moved)} người</strong> đổi hạng. Bảng xếp hạng, thống kê và giải thưởng tính theo
                    điểm mới. Thao tác được ghi vào nhật ký.
                  </p>
                  ${r.outdated ? html`<p><strong>Kết quả đã công bố</strong> sẽ được đánh dấu cần tính lại cho đến khi công bố lại.</p>` : nothing}`
              : nothing}
          </admin-confirm-dialog>`
        : html`<p class="muted">${READ_ONLY_NOTE} Ban Giám khảo xem trước được việc chấm lại.</p>`}
    </section>`;
  }

  private renderRegradePreview(r: Regrade): TemplateResult {
    if (!r.changed.length) {
      return html`<p class="success-box" data-regrade-none>Đã chấm thử ${formatNumber(r.attempts)} lượt thi: không lượt nào đổi điểm.</p>`;
    }
    const place = (p: Regrade['rankChanges']['before'][number]) => html`<li>${p.rank}. ${p.name} — ${p.score} điểm</li>`;
    return html`<div class="stack" data-regrade-preview>
      <p>
        Chấm thử ${formatNumber(r.attempts)} lượt thi: <strong>${formatNumber(r.changed.length)} lượt đổi điểm</strong>,
        <strong>${formatNumber(r.rankChanges.moved)} người đổi hạng</strong>.
        ${r.outdated ? html`Kết quả đã công bố sẽ được đánh dấu cần tính lại.` : nothing}
      </p>
      <div class="table-wrap" role="region" tabindex="0" aria-label="Các lượt thi đổi điểm">
        <table class="data">
          <caption>
            Lượt thi đổi điểm${r.changed.length > CHANGES_SHOWN ? ` (${CHANGES_SHOWN} lượt đầu)` : ''}
          </caption>
          <thead>
            <tr>
              <th scope="col">Thí sinh</th>
              <th scope="col">Mã lượt thi</th>
              <th scope="col" class="num">Điểm cũ</th>
              <th scope="col" class="num">Điểm mới</th>
            </tr>
          </thead>
          <tbody>
            ${r.changed.slice(0, CHANGES_SHOWN).map(
              (c) => html`<tr>
                <th scope="row">${c.contestant.name}</th>
                <td>${c.attemptId}</td>
                <td class="num">${c.before}</td>
                <td class="num">${c.after}</td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
      <div class="row">
        <section aria-labelledby="top-before" class="grow">
          <h4 id="top-before">${formatNumber(r.rankChanges.top)} hạng đầu hiện nay</h4>
          <ol class="plain">${r.rankChanges.before.map(place)}</ol>
        </section>
        <section aria-labelledby="top-after" class="grow">
          <h4 id="top-after">${formatNumber(r.rankChanges.top)} hạng đầu sau khi chấm lại</h4>
          <ol class="plain">${r.rankChanges.after.map(place)}</ol>
        </section>
      </div>
    </div>`;
  }

  private readonly importQuestions = async (file: File): Promise<string> => {
    const result = await this.api.upload<QuestionsImported>('POST', `/contests/${this.slug}/questions`, file);
    await this.load();
    if (result.affectedAttempts) {
      this.affected = result.affectedAttempts;
      this.regrade = null;
      return `Đã nhập ${formatNumber(result.imported)} câu hỏi từ tệp ${file.name}. Đáp án mới làm thay đổi điểm của ${formatNumber(result.affectedAttempts)} lượt thi đã nộp: điểm chỉ đổi khi chấm lại (mục «Chấm lại» bên dưới).`;
    }
    return `Đã nhập ${formatNumber(result.imported)} câu hỏi từ tệp ${file.name}.`;
  };

  private renderPreview(q: Draft): TemplateResult {
    return html`<section class="preview" aria-label="Xem trước như thí sinh thấy" tabindex="-1" data-detail-focus>
      <p class="topic">Xem trước như thí sinh thấy · Chủ đề: ${q.topic}</p>
      <div>${renderPlainText(q.text)}</div>
      <ol class="options">
        ${q.options.map((o, i) => html`<li><span class="letter" aria-hidden="true">${LETTERS[i]}.</span><span>${o}</span></li>`)}
      </ol>
      <div class="key">
        <p><strong>Đáp án đúng (thí sinh không thấy khi đang thi):</strong> ${LETTERS[q.answer]}. ${q.options[q.answer]}</p>
        ${q.explanation ? html`<div><strong>Giải thích:</strong> ${renderPlainText(q.explanation)}</div>` : nothing}
        ${q.source || q.sourceUrl ? html`<p data-source><strong>Nguồn:</strong> ${renderSource(q.source || null, q.sourceUrl || null)}</p>` : nothing}
        ${q.practice ? html`<p><strong>Dùng cho luyện tập</strong> (đáp án được xem ngay cả khi cuộc thi đang mở).</p>` : nothing}
      </div>
    </section>`;
  }

  private renderEditor(): TemplateResult {
    const d = this.draft;
    const e = this.draftErrors;
    const adding = this.open?.mode === 'add';
    const described = (key: string, hint?: boolean) =>
      [hint ? `q-${key}-hint` : '', e[key] ? `q-${key}-error` : ''].filter(Boolean).join(' ') || nothing;
    return html`<form class="editor stack" @submit=${this.onSave} novalidate aria-labelledby="editor-title">
      <h3 id="editor-title" tabindex="-1" data-detail-focus>${adding ? 'Thêm câu hỏi' : `Sửa câu hỏi ${this.open?.id}`}</h3>
      ${this.draftMessage ? html`<div class="error-box" role="alert">${this.draftMessage}${e._ ? html`: ${e._}` : nothing}</div>` : nothing}
      <div class="grid">
        <div class="field">
          <label for="q-topic">Chủ đề</label>
          <input id="q-topic" .value=${d.topic} @input=${(ev: Event) => this.editDraft((x) => (x.topic = (ev.target as HTMLInputElement).value))}
            aria-invalid=${e.topic ? 'true' : 'false'} aria-describedby=${described('topic')} />
          ${renderFieldError('q-topic-error', e.topic)}
        </div>
        <div class="field wide">
          <label for="q-text">Nội dung câu hỏi</label>
          <textarea id="q-text" .value=${d.text} @input=${(ev: Event) => this.editDraft((x) => (x.text = (ev.target as HTMLTextAreaElement).value))}
            aria-invalid=${e.text ? 'true' : 'false'} aria-describedby=${described('text', true)}></textarea>
          <span class="hint" id="q-text-hint">Dòng trống tách đoạn; dòng bắt đầu bằng "- " là một ý trong danh sách.</span>
          ${renderFieldError('q-text-error', e.text)}
        </div>
      </div>
      <fieldset aria-describedby=${e.options ? 'q-options-error' : nothing}>
        <legend>Các phương án</legend>
        <div class="stack">
          ${d.options.map((o, i) => {
            const key = `option_${'abcdef'[i]}`;
            return html`<div class="row">
              <div class="field grow">
                <label for="q-${key}">Phương án ${LETTERS[i]}</label>
                <input id="q-${key}" .value=${o} @input=${(ev: Event) => this.editDraft((x) => (x.options[i] = (ev.target as HTMLInputElement).value))}
                  aria-invalid=${e[key] ? 'true' : 'false'} aria-describedby=${described(key)} />
                ${renderFieldError(`q-${key}-error`, e[key])}
              </div>
              ${d.options.length > MIN_OPTIONS
                ? html`<button type="button" class="quiet" aria-label="Bỏ phương án ${LETTERS[i]}"
                    @click=${() => this.editDraft((x) => { x.options.splice(i, 1); if (x.answer >= x.options.length) x.answer = 0; })}>Bỏ</button>`
                : nothing}
            </div>`;
          })}
          ${d.options.length < MAX_OPTIONS ? html`<div><button type="button" @click=${() => this.editDraft((x) => x.options.push(''))}>Thêm phương án</button></div>` : nothing}
          ${renderFieldError('q-options-error', e.options)}
        </div>
      </fieldset>
      <div class="grid">
        <div class="field">
          <label for="q-answer">Đáp án đúng</label>
          <select id="q-answer" @change=${(ev: Event) => this.editDraft((x) => (x.answer = Number((ev.target as HTMLSelectElement).value)))}
            aria-invalid=${e.answer ? 'true' : 'false'} aria-describedby=${described('answer')}>
            ${d.options.map((o, i) => html`<option value=${i} ?selected=${i === d.answer}>${LETTERS[i]}${o ? ` — ${o.slice(0, 60)}` : ''}</option>`)}
          </select>
          ${renderFieldError('q-answer-error', e.answer)}
        </div>
        <div class="field wide">
          <label for="q-explanation">Giải thích (không bắt buộc)</label>
          <textarea id="q-explanation" .value=${d.explanation} @input=${(ev: Event) => this.editDraft((x) => (x.explanation = (ev.target as HTMLTextAreaElement).value))}
            aria-invalid=${e.explanation ? 'true' : 'false'} aria-describedby=${described('explanation')}></textarea>
          ${renderFieldError('q-explanation-error', e.explanation)}
        </div>
        <div class="field">
          <label for="q-source">Nguồn (không bắt buộc)</label>
          <input id="q-source" .value=${d.source} @input=${(ev: Event) => this.editDraft((x) => (x.source = (ev.target as HTMLInputElement).value))}
            aria-invalid=${e.source ? 'true' : 'false'} aria-describedby=${described('source')} />
          ${renderFieldError('q-source-error', e.source)}
        </div>
        <div class="field">
          <label for="q-source-url">Liên kết nguồn (http:// hoặc https://)</label>
          <input id="q-source-url" type="url" .value=${d.sourceUrl} @input=${(ev: Event) => this.editDraft((x) => (x.sourceUrl = (ev.target as HTMLInputElement).value))}
            aria-invalid=${e.sourceUrl ? 'true' : 'false'} aria-describedby=${described('sourceUrl')} />
          ${renderFieldError('q-sourceUrl-error', e.sourceUrl)}
        </div>
        <div class="field">
          <label><input id="q-practice" type="checkbox" .checked=${d.practice}
            @change=${(ev: Event) => this.editDraft((x) => (x.practice = (ev.target as HTMLInputElement).checked))} />
            Dùng cho luyện tập khi cuộc thi đang mở</label>
        </div>
      </div>
      <div class="row">
        <button class="primary" type="submit" ?disabled=${this.busy}>${adding ? 'Thêm câu hỏi' : 'Lưu câu hỏi'}</button>
        <button type="button" @click=${() => (this.open = null)}>Huỷ</button>
      </div>
    </form>`;
  }

  private renderRetire(q: BankQuestion): TemplateResult {
    return html`<div class="stack" role="group" aria-labelledby="retire-title">
      <p id="retire-title" tabindex="-1" data-detail-focus>
        <strong>Ngừng dùng câu hỏi ${q.id}?</strong> Các lượt thi mới sẽ không có câu này; các lượt đã bắt đầu vẫn giữ nguyên câu hỏi và cách chấm.
      </p>
      ${this.draftMessage ? html`<div class="error-box" role="alert">${this.draftMessage}</div>` : nothing}
      <div class="row">
        <button class="danger" type="button" ?disabled=${this.busy} @click=${() => this.onRetire(q.id)}>Xác nhận ngừng dùng</button>
        <button type="button" @click=${() => (this.open = null)}>Huỷ</button>
      </div>
    </div>`;
  }

  /** The bank in use, in the import's own layout, to keep, correct in Excel or import into another contest. */
  private async download(format: 'xlsx' | 'csv'): Promise<void> {
    this.downloading = format;
    this.downloadError = '';
    try {
      await this.api.download(`/contests/${this.slug}/questions?format=${format}`, `cau-hoi-${this.slug}.${format}`);
    } catch (error) {
      this.downloadError = errorMessage(error);
    } finally {
      this.downloading = '';
    }
  }

  private renderDownload(): TemplateResult {
    return html`<section class="card stack" aria-labelledby="download-title">
      <h3 id="download-title">Tải ngân hàng câu hỏi</h3>
      <p>Các câu đang dùng, đúng mẫu tệp nhập (kèm cột <code>id</code>: nhập lại tệp đã sửa thì sửa đúng các câu đó).</p>
      <div class="row">
        <button type="button" @click=${() => this.download('xlsx')} ?disabled=${this.downloading !== ''}>
          ${this.downloading === 'xlsx' ? 'Đang tải…' : 'Tải về (Excel)'}
        </button>
        <button type="button" @click=${() => this.download('csv')} ?disabled=${this.downloading !== ''}>
          ${this.downloading === 'csv' ? 'Đang tải…' : 'Tải về (CSV)'}
        </button>
      </div>
      <div role="alert">${this.downloadError ? html`<p class="error-box">${this.downloadError}</p>` : nothing}</div>
    </section>`;
  }

  private renderImport(): TemplateResult {
    return html`<section class="card stack" aria-labelledby="import-title">
      <h3 id="import-title">Nhập câu hỏi từ tệp Excel hoặc CSV</h3>
      <details class="format">
        <summary>Mẫu tệp</summary>
        <p>
          Dòng đầu là tiêu đề cột: <code>topic</code>, <code>text</code>, <code>option_a</code> … <code>option_f</code>,
          <code>answer</code> (chữ A–F), <code>explanation</code> — hoặc tiêu đề tiếng Việt «Chủ đề», «Câu hỏi», «Phương án A»…,
          «Đáp án», «Giải thích». Mỗi câu cần ít nhất 2 phương án. Có dòng sai thì không câu nào được nhập.
        </p>
      </details>
      <admin-file-import label="Tệp câu hỏi (.xlsx hoặc .csv)" action="Nhập câu hỏi" .upload=${this.importQuestions}></admin-file-import>
    </section>`;
  }

  private renderRow(q: BankQuestion, index: number): TemplateResult {
    const open = this.open && this.open.id === q.id ? this.open : null;
    const label = `câu ${q.id}`;
    return html`<tr class=${q.retiredAt ? 'retired' : ''}>
        <td class="num">${index + 1}</td>
        <td>${q.topic}</td>
        <td class="text">${q.text.length > 180 ? `${q.text.slice(0, 180)}…` : q.text}${q.source || q.sourceUrl
            ? html`<br /><small class="muted">Nguồn: ${renderSource(q.source, q.sourceUrl)}</small>`
            : nothing}</td>
        <td class="nowrap">${LETTERS[q.answer]} <span class="muted">/ ${q.options.length}</span></td>
        <td>${q.retiredAt ? html`<span class="badge">Ngừng dùng từ ${formatVietnamTime(q.retiredAt)}</span>` : html`<span class="badge ok">Đang dùng</span>`}${q.practice
            ? html` <span class="badge" data-practice>Luyện tập</span>`
            : nothing}</td>
        <td class="actions"><div>
          <button type="button" class="quiet" aria-expanded=${open?.mode === 'preview' ? 'true' : 'false'} aria-label="Xem trước ${label}" @click=${() => this.openRow(q.id, 'preview')}>Xem trước</button>
          ${this.canWrite
            ? html`<button type="button" class="quiet" aria-expanded=${open?.mode === 'edit' ? 'true' : 'false'} aria-label="Sửa ${label}" @click=${() => this.openRow(q.id, 'edit')}>Sửa</button>
                ${q.retiredAt ? nothing : html`<button type="button" class="quiet" aria-label="Ngừng dùng ${label}" @click=${() => this.openRow(q.id, 'retire')}>Ngừng dùng</button>`}`
            : nothing}
        </div></td>
      </tr>
      ${open
        ? html`<tr class="detail">
            <td colspan="6">${open.mode === 'preview' ? this.renderPreview(draftOf(q)) : open.mode === 'edit' ? this.renderEditor() : this.renderRetire(q)}</td>
          </tr>`
        : nothing}`;
  }

  override render() {
    if (this.loadError) return html`<h2>Ngân hàng câu hỏi</h2><div class="error-box" role="alert">${this.loadError}</div>`;
    if (!this.loaded) return html`<h2>Ngân hàng câu hỏi</h2><p role="status">Đang tải…</p>`;
    const active = this.questions.filter((q) => !q.retiredAt).length;
    const retired = this.questions.length - active;
    const topics = new Set(this.questions.filter((q) => !q.retiredAt).map((q) => q.topic)).size;
    const visible = this.visible;
    return html`<div class="stack">
      <h2>Ngân hàng câu hỏi</h2>
      <p>
        ${this.questions.length
          ? `${formatNumber(active)} câu đang dùng thuộc ${formatNumber(topics)} chủ đề${retired ? `, ${formatNumber(retired)} câu đã ngừng dùng` : ''}.`
          : 'Ngân hàng chưa có câu hỏi nào.'}
      </p>
      ${this.canWrite ? this.renderImport() : html`<p class="notice-box">${READ_ONLY_NOTE}</p>`}
      ${this.questions.length ? this.renderDownload() : nothing}
      <div role="status">${this.notice ? html`<p class="success-box">${this.notice}</p>` : nothing}</div>
      ${this.renderRegrade()}
      ${this.canWrite ? html`<div><button type="button" class="primary" @click=${this.openAdd}>Thêm câu hỏi</button></div>` : nothing}
      ${this.open?.mode === 'add' ? html`<div class="card">${this.renderEditor()}</div>` : nothing}
      <div class="row toolbar" role="search">
        <div class="field">
          <label for="search">Tìm trong câu hỏi</label>
          <input id="search" type="search" .value=${this.query} @input=${(ev: Event) => (this.query = (ev.target as HTMLInputElement).value)}
            aria-describedby="search-count" placeholder="Từ khoá, chủ đề hoặc mã câu" />
        </div>
        <div class="field">
          <label for="filter">Hiển thị</label>
          <select id="filter" @change=${(ev: Event) => (this.filter = (ev.target as HTMLSelectElement).value as Filter)}>
            <option value="active" ?selected=${this.filter === 'active'}>Câu đang dùng</option>
            <option value="retired" ?selected=${this.filter === 'retired'}>Câu đã ngừng dùng</option>
            <option value="all" ?selected=${this.filter === 'all'}>Tất cả</option>
          </select>
        </div>
      </div>
      <p id="search-count" class="muted" aria-live="polite">Đang hiện ${formatNumber(visible.length)} / ${formatNumber(this.questions.length)} câu.</p>
      <div class="table-wrap">
        <table class="data">
          <caption class="visually-hidden">Danh sách câu hỏi</caption>
          <thead>
            <tr>
              <th scope="col" class="num">STT</th>
              <th scope="col">Chủ đề</th>
              <th scope="col">Câu hỏi</th>
              <th scope="col">Đáp án</th>
              <th scope="col">Trạng thái</th>
              <th scope="col">Thao tác</th>
            </tr>
          </thead>
          <tbody>
            ${visible.length
              ? visible.map((q, i) => this.renderRow(q, i))
              : html`<tr><td colspan="6">${this.questions.length ? 'Không có câu hỏi nào khớp.' : 'Chưa có câu hỏi nào. Hãy nhập từ tệp Excel hoặc CSV.'}</td></tr>`}
          </tbody>
        </table>
      </div>
    </div>`;
  }
}

customElements.get('admin-questions') || customElements.define('admin-questions', AdminQuestions);

declare global {
  interface HTMLElementTagNameMap {
    'admin-questions': AdminQuestions;
  }
}
