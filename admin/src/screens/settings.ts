import { css, html, nothing, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import { errorMessage, fieldErrors, READ_ONLY_NOTE, renderFieldError } from '../feedback.js';
import { formatDuration, formatMoney, formatNumber, formatVietnamTime, fromVietnamLocalInput, toVietnamLocalInput } from '../format.js';
import { consoleStyles } from '../styles.js';
import { ConsoleScreen } from '../console-screen.js';
import './contest-deletion.js';
import './report-issuer.js';
import type { CollectiveCriterion, Prize, RevealAnswers, RevealScore } from '../../../api/src/domain/contest.js';
import { contestSchema, type AdminContest, type ContestRequest } from '../../../api/src/contract/contest.js';
import { checkFields } from '../../../api/src/contract/field-messages.js';
import type { PredictionTarget } from '../../../api/src/domain/prediction.js';
import type { PracticeMode } from '../../../api/src/contract/learning.js';
import { defaultRetentionUntil } from '../../../api/src/domain/privacy-notice.js';
import type { RankingCriterion as Criterion } from '../../../api/src/domain/ranking.js';
import { roundProblems, type RoundsRanking } from '../../../api/src/domain/rounds.js';
import { ROUNDS_RANKING_WORDS, type ContestRound } from '../rounds.js';

/** A contest as `GET /api/admin/contests/:slug` answers it (the contract's type). */
export type ContestSettings = AdminContest;

/** What the form sends: the contest schema's input (the notice's version and the retention date's default are the server's). */
type ContestBody = ContestRequest;

type PrizeDraft = { name: string; count: string; valueVnd: string };

/** One round as typed: times in Vietnam local time; empty numbers take the contest's own setting. */
interface RoundDraft {
  id: string;
  title: string;
  startsAt: string;
  endsAt: string;
  questionsPerAttempt: string;
  maxAttempts: string;
  /** Off: the round awards no prizes of its own (the rows typed are kept while the form is open). */
  hasPrizes: boolean;
  prizes: { individual: PrizeDraft[]; collective: PrizeDraft[] };
}

/** The typed fields of a round row, each with its own labelled control. */
type RoundTextField = 'id' | 'title' | 'startsAt' | 'endsAt' | 'questionsPerAttempt' | 'maxAttempts';

/** What the form holds: text as typed, turned into the API's shape only when saving. */
interface Draft {
  title: string;
  description: string;
  startsAt: string;
  endsAt: string;
  questionsPerAttempt: string;
  timeLimitSeconds: string;
  maxAttempts: string;
  predictionQuestion: string;
  predictionTarget: PredictionTarget;
  rankingOrder: Criterion[];
  revealAnswers: RevealAnswers;
  revealScore: RevealScore;
  practice: PracticeMode;
  phoneVerification: boolean;
  rounds: RoundDraft[];
  roundsRanking: RoundsRanking;
  prizes: { individual: PrizeDraft[]; collective: PrizeDraft[] };
  collectiveCriterion: CollectiveCriterion;
  useTopicQuotas: boolean;
  topicQuotas: { topic: string; count: string }[];
  allowedOrigins: string;
  occupations: { id: string; name: string }[];
  documents: { title: string; url: string }[];
  /** The privacy notice's wording; empty takes the default (domain/privacy-notice.ts). */
  noticeController: string;
  noticeContact: string;
  /** One purpose per line. */
  noticePurposes: string;
  noticeText: string;
  /** Vietnam local time; empty: 12 months after the end. */
  personalDataRetentionUntil: string;
  minAge: string;
}

export const CRITERION_LABELS: Record<Criterion, string> = {
  score: 'Điểm cao hơn',
  prediction: 'Dự đoán sát hơn',
  duration: 'Thời gian làm bài ngắn hơn',
  submittedAt: 'Nộp bài sớm hơn',
};

const PREDICTION_TARGETS: Record<PredictionTarget, string> = {
  participants: 'Số người tham gia',
  attempts: 'Số lượt thi',
  perfectParticipants: 'Số người đạt điểm tuyệt đối',
};

const REVEAL_ANSWERS: Record<RevealAnswers, string> = {
  never: 'Không công bố đáp án',
  afterSubmit: 'Ngay sau khi thí sinh nộp bài',
  afterClose: 'Sau khi cuộc thi kết thúc',
};

const PRACTICE: Record<PracticeMode, string> = {
  off: 'Không mở luyện tập',
  always: 'Luôn mở (khi đang thi chỉ các câu được đánh dấu luyện tập)',
  afterClose: 'Sau khi cuộc thi kết thúc',
};

/** What practice shows, under the choice. */
export const PRACTICE_HINT =
  'Ai cũng luyện tập được, không cần đăng ký; kết quả luyện tập không tính vào xếp hạng, thống kê hay giải thưởng. ' +
  'Mỗi câu luyện tập cho xem ngay đáp án và nguồn: khi cuộc thi đang mở chỉ dùng các câu được đánh dấu «Luyện tập» trong ngân hàng câu hỏi.';

const REVEAL_SCORE: Record<RevealScore, string> = {
  afterSubmit: 'Ngay sau khi thí sinh nộp bài',
  afterClose: 'Sau khi cuộc thi kết thúc',
};

/** Why the choice matters, shown under it. */
export const REVEAL_SCORE_HINT =
  'Điểm báo ngay sau mỗi lần nộp bài giúp thí sinh dò ra đáp án: nộp hai bài chỉ khác nhau một câu là biết câu đó đúng hay sai. ' +
  'Chỉ công bố điểm và thứ hạng khi cuộc thi kết thúc thì không dò được, nhưng thí sinh phải chờ mới biết kết quả. ' +
  'Khuyến nghị «Sau khi cuộc thi kết thúc» cho cuộc thi có giải thưởng bằng tiền.';

/** What turning phone verification on does, shown under the checkbox. */
export const PHONE_VERIFICATION_HINT =
  'Khi bật, thí sinh phải nhập mã gồm 6 chữ số gửi qua tin nhắn SMS tới số điện thoại khi đăng ký: số điện thoại chắc chắn là của người đăng ký, ' +
  'nhưng mỗi mã tốn một tin nhắn và máy chủ phải được cấu hình dịch vụ gửi tin (SMS_PROVIDER). Đăng nhập lại không cần mã.';

const COLLECTIVE_CRITERIA: Record<CollectiveCriterion, string> = {
  participationRate: 'Tỉ lệ người tham gia so với số người của đơn vị',
  participants: 'Số người tham gia',
};

/** What the overall ranking choice means, under it. */
export const ROUNDS_RANKING_HINT =
  'Bảng xếp hạng và giải của cả cuộc thi tính theo cách này; mỗi vòng còn có bảng xếp hạng riêng, và giải riêng nếu vòng có khai báo giải.';

const prizeDraft = (p: Prize): PrizeDraft => ({ name: p.name, count: String(p.count), valueVnd: String(p.valueVnd) });

function roundDraftOf(r: ContestRound): RoundDraft {
  return {
    id: r.id,
    title: r.title,
    startsAt: toVietnamLocalInput(r.startsAt),
    endsAt: toVietnamLocalInput(r.endsAt),
    questionsPerAttempt: r.questionsPerAttempt === null ? '' : String(r.questionsPerAttempt),
    maxAttempts: r.maxAttempts === null ? '' : String(r.maxAttempts),
    hasPrizes: r.prizes !== null,
    prizes: { individual: (r.prizes?.individual ?? []).map(prizeDraft), collective: (r.prizes?.collective ?? []).map(prizeDraft) },
  };
}

/** A new round row: it starts where the previous one ends (or when the contest opens). */
function blankRound(d: Draft): RoundDraft {
  const n = d.rounds.length + 1;
  return {
    id: `vong-${n}`,
    title: '',
    startsAt: d.rounds.at(-1)?.endsAt ?? d.startsAt,
    endsAt: '',
    questionsPerAttempt: '',
    maxAttempts: '',
    hasPrizes: false,
    prizes: { individual: [], collective: [] },
  };
}

function draftOf(c: ContestSettings): Draft {
  return {
    title: c.title,
    description: c.description,
    startsAt: toVietnamLocalInput(c.startsAt),
    endsAt: toVietnamLocalInput(c.endsAt),
    questionsPerAttempt: String(c.questionsPerAttempt),
    timeLimitSeconds: String(c.timeLimitSeconds),
    maxAttempts: c.maxAttempts === null ? '' : String(c.maxAttempts),
    predictionQuestion: c.predictionQuestion,
    predictionTarget: c.predictionTarget,
    rankingOrder: [...c.rankingOrder],
    revealAnswers: c.revealAnswers,
    revealScore: c.revealScore ?? 'afterSubmit',
    practice: c.practice ?? 'afterClose',
    phoneVerification: c.phoneVerification ?? false,
    rounds: (c.rounds ?? []).map(roundDraftOf),
    roundsRanking: c.roundsRanking ?? 'best',
    prizes: { individual: c.prizes.individual.map(prizeDraft), collective: c.prizes.collective.map(prizeDraft) },
    collectiveCriterion: c.collectiveCriterion,
    useTopicQuotas: c.topicQuotas !== null,
    topicQuotas: Object.entries(c.topicQuotas ?? {}).map(([topic, count]) => ({ topic, count: String(count) })),
    allowedOrigins: c.allowedOrigins.join('\n'),
    occupations: c.occupations.map((o) => ({ ...o })),
    documents: c.documents.map((d) => ({ ...d })),
    noticeController: c.privacyNotice?.controller ?? '',
    noticeContact: c.privacyNotice?.contact ?? '',
    noticePurposes: (c.privacyNotice?.purposes ?? []).join('\n'),
    noticeText: c.privacyNotice?.text ?? '',
    // The default date shows as empty, so it follows the end when the organiser moves it.
    personalDataRetentionUntil:
      c.personalDataRetentionUntil && c.personalDataRetentionUntil !== defaultRetentionUntil(c.endsAt) ? toVietnamLocalInput(c.personalDataRetentionUntil) : '',
    minAge: c.minAge === null || c.minAge === undefined ? '' : String(c.minAge),
  };
}

/** A whole number typed in a field, or NaN; thousands separators ("6.000.000") are accepted. */
function wholeNumber(text: string): number {
  const digits = text.replace(/[.\s]/g, '');
  return /^-?\d+$/.test(digits) ? Number(digits) : Number.NaN;
}

/**
 * The PUT body the draft stands for, and what the form itself refuses before the contest schema is
 * asked: a date or time that does not read as one, and quota topics (empty, or twice: a JSON object
 * cannot say it). Every limit of a field is the schema's (see `checkContest`).
 */
function draftBody(d: Draft): { body: ContestBody; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const startsAt = fromVietnamLocalInput(d.startsAt);
  const endsAt = fromVietnamLocalInput(d.endsAt);
  if (!startsAt) errors.startsAt = 'Nhập ngày và giờ bắt đầu (giờ Việt Nam)';
  if (!endsAt) errors.endsAt = 'Nhập ngày và giờ kết thúc (giờ Việt Nam)';
  const prize = (p: PrizeDraft): Prize => ({ name: p.name.trim(), count: wholeNumber(p.count), valueVnd: wholeNumber(p.valueVnd) });
  let topicQuotas: Record<string, number> | null = null;
  if (d.useTopicQuotas) {
    const quotas: Record<string, number> = {};
    d.topicQuotas.forEach((q, i) => {
      const topic = q.topic.trim();
      if (!topic) errors[`topicQuotas.${i}.topic`] = '«Chủ đề» là bắt buộc';
      else if (topic in quotas) errors[`topicQuotas.${i}.topic`] = 'Chủ đề bị lặp';
      quotas[topic] = wholeNumber(q.count);
    });
    topicQuotas = quotas;
  }
  const optionalNumber = (value: string): number | null => (value.trim() === '' ? null : wholeNumber(value));
  const rounds = d.rounds.map((r, i) => {
    const roundStarts = fromVietnamLocalInput(r.startsAt);
    const roundEnds = fromVietnamLocalInput(r.endsAt);
    if (!roundStarts) errors[`rounds.${i}.startsAt`] = `Vòng ${i + 1}: nhập ngày và giờ bắt đầu (giờ Việt Nam)`;
    if (!roundEnds) errors[`rounds.${i}.endsAt`] = `Vòng ${i + 1}: nhập ngày và giờ kết thúc (giờ Việt Nam)`;
    return {
      id: r.id.trim(),
      title: r.title.trim(),
      startsAt: roundStarts ?? '',
      endsAt: roundEnds ?? '',
      questionsPerAttempt: optionalNumber(r.questionsPerAttempt),
      maxAttempts: optionalNumber(r.maxAttempts),
      prizes: r.hasPrizes ? { individual: r.prizes.individual.map(prize), collective: r.prizes.collective.map(prize) } : null,
    };
  });
  const text = (value: string): string | null => value.trim() || null;
  const purposes = d.noticePurposes.split('\n').map((line) => line.trim()).filter(Boolean);
  let personalDataRetentionUntil: string | undefined;
  if (d.personalDataRetentionUntil.trim()) {
    personalDataRetentionUntil = fromVietnamLocalInput(d.personalDataRetentionUntil) ?? undefined;
    if (!personalDataRetentionUntil) errors.personalDataRetentionUntil = 'Nhập ngày và giờ (giờ Việt Nam), hoặc để trống';
  }
  const body: ContestBody = {
    title: d.title.trim(),
    description: d.description,
    // An unreadable date is the form's own refusal above; the schema then sees no date.
    startsAt: startsAt ?? '',
    endsAt: endsAt ?? '',
    questionsPerAttempt: wholeNumber(d.questionsPerAttempt),
    timeLimitSeconds: wholeNumber(d.timeLimitSeconds),
    maxAttempts: d.maxAttempts.trim() === '' ? null : wholeNumber(d.maxAttempts),
    predictionQuestion: d.predictionQuestion.trim(),
    predictionTarget: d.predictionTarget,
    rankingOrder: d.rankingOrder,
    revealAnswers: d.revealAnswers,
    revealScore: d.revealScore,
    practice: d.practice,
    phoneVerification: d.phoneVerification,
    rounds,
    roundsRanking: d.roundsRanking,
    prizes: { individual: d.prizes.individual.map(prize), collective: d.prizes.collective.map(prize) },
    collectiveCriterion: d.collectiveCriterion,
    topicQuotas,
    allowedOrigins: d.allowedOrigins
      .split('\n')
      .map((line) => line.trim().replace(/\/+$/, ''))
      .filter(Boolean),
    occupations: d.occupations.map((o) => ({ id: o.id.trim(), name: o.name.trim() })),
    documents: d.documents.map((doc) => ({ title: doc.title.trim(), url: doc.url.trim() })),
    privacyNotice: {
      controller: text(d.noticeController),
      contact: text(d.noticeContact),
      purposes: purposes.length ? purposes : null,
      text: text(d.noticeText),
    },
    ...(personalDataRetentionUntil ? { personalDataRetentionUntil } : {}),
    minAge: d.minAge.trim() === '' ? null : wholeNumber(d.minAge),
  };
  return { body, errors };
}

/**
 * Checks a contest body with the server's own contest schema and messages (api/src/contract), so the
 * form refuses exactly what the server would, in the same words, next to the same controls.
 */
export function checkContest(body: ContestBody): Record<string, string> {
  const checked = checkFields(contestSchema, body);
  if (checked.ok) return {};
  const placed = placeServerErrors(checked.fields);
  // The schema checks rounds against each other only once every field reads; the same rule, asked
  // directly, names an overlap at its row even while another field is still wrong.
  for (const problem of roundProblems(body.rounds ?? [], body)) placed[`rounds.${problem.index}.${problem.field}`] ??= problem.message;
  return placed;
}

/** Server paths of list items (`allowedOrigins.3`) are shown at the list's own control. */
function placeServerErrors(fields: Record<string, string>): Record<string, string> {
  const placed: Record<string, string> = {};
  for (const [key, message] of Object.entries(fields)) {
    const origin = /^allowedOrigins\.(\d+)$/.exec(key);
    const quota = /^topicQuotas\.(.+)$/.exec(key);
    const notice = /^privacyNotice\.(controller|contact|purposes|text)/.exec(key);
    if (origin) placed.allowedOrigins ??= `Dòng ${Number(origin[1]) + 1}: ${message}`;
    else if (quota) placed.topicQuotas ??= `Chủ đề «${quota[1]}»: ${message}`;
    else if (notice) placed[`notice${notice[1]![0]!.toUpperCase()}${notice[1]!.slice(1)}`] ??= message;
    else placed[key] = message;
  }
  return placed;
}

/** A refused field as the summary lists it: a round's field names its row when its message does not. */
function summaryLine(key: string, message: string): string {
  const round = /^rounds\.(\d+)\./.exec(key);
  return round && !message.startsWith('Vòng ') ? `Vòng ${Number(round[1]) + 1}: ${message}` : message;
}

/**
 * Contest settings: the window in Vietnam time, questions and time per attempt, attempts, the
 * prediction question, ranking order, prizes, allowed host sites and the rest of what the contest
 * PUT accepts. Checks locally with the server's words, then shows the server's own field errors.
 *
 * @fires admin-contest-saved - after a save, so the shell can refresh the contest list.
 */
export class AdminSettings extends ConsoleScreen {
  static override styles = [
    consoleStyles,
    css`
      form > fieldset + fieldset {
        margin-top: var(--space-5);
      }
      fieldset.plain {
        border: 0;
        padding: 0;
      }
      .grid {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr));
        gap: var(--space-4);
      }
      .wide {
        grid-column: 1 / -1;
      }
      table.data input {
        width: 100%;
        min-width: 6rem;
      }
      table.data td {
        vertical-align: top;
      }
      ol.order {
        margin: 0;
        padding-inline-start: 1.5em;
      }
      ol.order li {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: var(--space-2);
        padding: var(--space-1) 0;
      }
      ol.order li span.name {
        flex: 1 1 12rem;
        display: list-item;
      }
      .actions {
        position: sticky;
        bottom: 0;
        background: var(--c-surface);
        padding: var(--space-3) 0;
        border-top: 1px solid var(--c-border);
        margin-top: var(--space-5);
      }
      fieldset.round + fieldset.round {
        margin-top: var(--space-3);
      }
      .error-box ul {
        margin: var(--space-2) 0 0;
      }
    `,
  ];

  @state() private contest: ContestSettings | null = null;
  @state() private draft: Draft | null = null;
  @state() private errors: Record<string, string> = {};
  @state() private message = '';
  @state() private savedAt = '';
  @state() private saving = false;
  @state() private loadError = '';


  override updated(changed: Map<string, unknown>): void {
    if (this.contestChanged(changed)) void this.load();
  }

  private async load(): Promise<void> {
    this.loadError = '';
    try {
      const contest = await this.api.get<ContestSettings>(`/contests/${this.slug}`);
      this.contest = contest;
      this.draft = draftOf(contest);
      this.errors = {};
      this.message = '';
    } catch (error) {
      this.loadError = errorMessage(error);
    }
  }

  private edit(change: (d: Draft) => void): void {
    const next = structuredClone(this.draft!);
    change(next);
    this.draft = next;
    this.savedAt = '';
  }

  private async onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (!this.canWrite || !this.draft) return;
    // The integrity review's settings are not on this form: a PUT replaces the contest, so send them back as loaded.
    const { integrity, networkDataRetentionDays, reportIssuer } = this.contest ?? {};
    const kept = {
      ...(integrity ? { integrity } : {}),
      ...(networkDataRetentionDays === undefined ? {} : { networkDataRetentionDays }),
      ...(reportIssuer ? { reportIssuer } : {}),
    };
    const { body: drafted, errors: formErrors } = draftBody(this.draft);
    const body = { ...drafted, ...kept };
    const errors = { ...checkContest(body), ...formErrors };
    this.errors = errors;
    this.savedAt = '';
    if (Object.keys(errors).length) {
      this.message = 'Chưa lưu: vui lòng sửa các mục được nêu.';
      await this.focusSummary();
      return;
    }
    this.saving = true;
    try {
      const saved = await this.api.put<ContestSettings>(`/contests/${this.slug}`, body);
      this.contest = saved;
      this.draft = draftOf(saved);
      this.message = '';
      this.savedAt = new Date().toISOString();
      this.dispatchEvent(new CustomEvent('admin-contest-saved', { bubbles: true, composed: true, detail: { slug: this.slug } }));
    } catch (error) {
      this.errors = placeServerErrors(fieldErrors(error));
      this.message = errorMessage(error);
      await this.focusSummary();
    } finally {
      this.saving = false;
    }
  }

  private async focusSummary(): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('.error-summary')?.focus();
  }

  /** One labelled control with its hint and error, wired with aria-describedby. */
  private field(key: string, label: string | TemplateResult, control: (describedBy: string | typeof nothing, invalid: 'true' | 'false') => TemplateResult, hint?: string, wide = false) {
    const id = `f-${key.replace(/\./g, '-')}`;
    const error = this.errors[key];
    const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || nothing;
    return html`<div class="field ${wide ? 'wide' : ''}">
      <label for=${id}>${label}</label>
      ${control(describedBy, error ? 'true' : 'false')} ${hint ? html`<span class="hint" id="${id}-hint">${hint}</span>` : nothing}
      ${renderFieldError(`${id}-error`, error)}
    </div>`;
  }

  private text(key: keyof Draft & string, label: string, options: { type?: string; hint?: string; wide?: boolean; multiline?: boolean; inputmode?: string } = {}) {
    const id = `f-${key}`;
    const value = this.draft![key] as string;
    const onInput = (e: Event) => this.edit((d) => ((d[key] as string) = (e.target as HTMLInputElement).value));
    return this.field(
      key,
      label,
      (describedBy, invalid) =>
        options.multiline
          ? html`<textarea id=${id} name=${key} .value=${value} @input=${onInput} aria-invalid=${invalid} aria-describedby=${describedBy} rows="4"></textarea>`
          : html`<input
              id=${id}
              name=${key}
              type=${options.type ?? 'text'}
              inputmode=${options.inputmode ?? nothing}
              .value=${value}
              @input=${onInput}
              aria-invalid=${invalid}
              aria-describedby=${describedBy}
            />`,
      options.hint,
      options.wide,
    );
  }

  private select<K extends 'predictionTarget' | 'revealAnswers' | 'revealScore' | 'practice' | 'collectiveCriterion' | 'roundsRanking'>(key: K, label: string, choices: Record<Draft[K], string>, hint?: string) {
    const value = this.draft![key];
    return this.field(
      key,
      label,
      (describedBy, invalid) => html`<select
        id="f-${key}"
        name=${key}
        @change=${(e: Event) => this.edit((d) => (d[key] = (e.target as HTMLSelectElement).value as Draft[K]))}
        aria-invalid=${invalid}
        aria-describedby=${describedBy}
      >
        ${Object.entries(choices).map(([v, l]) => html`<option value=${v} ?selected=${v === value}>${l}</option>`)}
      </select>`,
      hint,
    );
  }

  /** A cell input of an editable table row; its label names the column and the row. */
  private cell(key: string, label: string, value: string, onInput: (value: string) => void, inputmode?: string) {
    const id = `f-${key.replace(/\./g, '-')}`;
    const error = this.errors[key];
    return html`<td>
      <label class="visually-hidden" for=${id}>${label}</label>
      <input
        id=${id}
        .value=${value}
        inputmode=${inputmode ?? nothing}
        @input=${(e: Event) => onInput((e.target as HTMLInputElement).value)}
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${error ? `${id}-error` : nothing}
      />
      ${renderFieldError(`${id}-error`, error)}
    </td>`;
  }

  private removeButton(label: string, onClick: () => void) {
    return html`<td><button type="button" class="quiet" @click=${onClick} aria-label=${label}>Xoá</button></td>`;
  }

  /**
   * A prize table: the contest's own (`prizes.individual`), or a round's (`rounds.2.prizes.individual`),
   * whose rows `rowsOf` finds in a draft being edited.
   */
  private renderPrizes(
    kind: 'individual' | 'collective',
    title: string,
    group = `prizes.${kind}`,
    rowsOf: (d: Draft) => PrizeDraft[] = (d) => d.prizes[kind],
  ) {
    const rows = rowsOf(this.draft!);
    const total = rows.reduce((sum, p) => sum + (wholeNumber(p.count) || 0) * (wholeNumber(p.valueVnd) || 0), 0);
    const count = rows.reduce((sum, p) => sum + (wholeNumber(p.count) || 0), 0);
    return html`<div class="stack">
      <div class="table-wrap">
        <table class="data">
          <caption>${title}: ${formatNumber(count)} giải, tổng ${formatMoney(total)}</caption>
          <thead>
            <tr>
              <th scope="col">Tên giải</th>
              <th scope="col">Số giải</th>
              <th scope="col">Giá trị mỗi giải (đồng)</th>
              ${this.canWrite ? html`<th scope="col"><span class="visually-hidden">Thao tác</span></th>` : nothing}
            </tr>
          </thead>
          <tbody>
            ${rows.map(
              (p, i) => html`<tr>
                ${this.cell(`${group}.${i}.name`, `${title}, dòng ${i + 1}: tên giải`, p.name, (v) => this.edit((d) => (rowsOf(d)[i]!.name = v)))}
                ${this.cell(`${group}.${i}.count`, `${title}, dòng ${i + 1}: số giải`, p.count, (v) => this.edit((d) => (rowsOf(d)[i]!.count = v)), 'numeric')}
                ${this.cell(
                  `${group}.${i}.valueVnd`,
                  `${title}, dòng ${i + 1}: giá trị mỗi giải`,
                  p.valueVnd,
                  (v) => this.edit((d) => (rowsOf(d)[i]!.valueVnd = v)),
                  'numeric',
                )}
                ${this.canWrite ? this.removeButton(`Xoá ${p.name || `dòng ${i + 1}`} (${title.toLowerCase()})`, () => this.edit((d) => rowsOf(d).splice(i, 1))) : nothing}
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
      ${renderFieldError(`f-${group}-error`, this.errors[group])}
      ${this.canWrite
        ? html`<button type="button" @click=${() => this.edit((d) => rowsOf(d).push({ name: '', count: '1', valueVnd: '0' }))}>
            Thêm giải (${title.toLowerCase()})
          </button>`
        : nothing}
    </div>`;
  }

  /** One typed field of a round row; its label names the round for screen readers and tests alike. */
  private roundText(i: number, key: RoundTextField, label: string, options: { type?: string; hint?: string; inputmode?: string } = {}) {
    const path = `rounds.${i}.${key}`;
    const id = `f-rounds-${i}-${key}`;
    return this.field(
      path,
      html`<span class="visually-hidden">Vòng ${i + 1}: </span>${label}`,
      (describedBy, invalid) => html`<input
        id=${id}
        name=${path}
        type=${options.type ?? 'text'}
        inputmode=${options.inputmode ?? nothing}
        .value=${this.draft!.rounds[i]![key]}
        @input=${(e: Event) => this.edit((d) => (d.rounds[i]![key] = (e.target as HTMLInputElement).value))}
        aria-invalid=${invalid}
        aria-describedby=${describedBy}
      />`,
      options.hint,
    );
  }

  /** Rows moved or removed: what was said about a row no longer belongs to the row now in its place. */
  private editRounds(change: (d: Draft) => void): void {
    this.edit(change);
    this.errors = Object.fromEntries(Object.entries(this.errors).filter(([key]) => !key.startsWith('rounds.')));
  }

  /** The rounds, each a group of fields with its own prizes, and the overall ranking once there are any. */
  private renderRounds() {
    const d = this.draft!;
    const contestQuestions = wholeNumber(d.questionsPerAttempt);
    const move = (i: number, by: number) =>
      this.editRounds((x) => {
        const [round] = x.rounds.splice(i, 1);
        x.rounds.splice(i + by, 0, round!);
      });
    return html`<div class="stack">
      <p class="hint muted" id="f-rounds-hint">
        Để trống nếu cuộc thi chỉ có một vòng. Các vòng nằm trong thời gian của cuộc thi và không chồng lên nhau; một lượt thi thuộc vòng
        đang mở lúc thí sinh bắt đầu làm bài. Mã vòng xuất hiện trong đường dẫn, nên đừng đổi khi vòng đã bắt đầu.
      </p>
      ${d.rounds.map((r, i) => {
        const starts = fromVietnamLocalInput(r.startsAt);
        const ends = fromVietnamLocalInput(r.endsAt);
        const title = `Vòng ${i + 1}`;
        return html`<fieldset class="round" data-round=${i}>
          <legend>${title}${r.title.trim() ? ` · ${r.title.trim()}` : ''}</legend>
          <div class="stack">
            <div class="grid">
              ${this.roundText(i, 'id', 'Mã vòng', { hint: 'Chữ thường không dấu, chữ số, dấu gạch ngang; ví dụ vong-1' })}
              ${this.roundText(i, 'title', 'Tên vòng')}
              ${this.roundText(i, 'startsAt', 'Bắt đầu', { type: 'datetime-local', hint: starts ? formatVietnamTime(starts) : 'Ngày và giờ mở vòng' })}
              ${this.roundText(i, 'endsAt', 'Kết thúc', { type: 'datetime-local', hint: ends ? formatVietnamTime(ends) : 'Ngày và giờ đóng vòng' })}
              ${this.roundText(i, 'questionsPerAttempt', 'Số câu hỏi mỗi lượt', {
                inputmode: 'numeric',
                hint: Number.isFinite(contestQuestions) ? `Để trống: như cả cuộc thi (${formatNumber(contestQuestions)} câu)` : 'Để trống: như cả cuộc thi',
              })}
              ${this.roundText(i, 'maxAttempts', 'Số lượt mỗi người', { inputmode: 'numeric', hint: 'Để trống: như cả cuộc thi' })}
            </div>
            <label class="row">
              <input
                type="checkbox"
                .checked=${r.hasPrizes}
                @change=${(e: Event) => this.edit((x) => (x.rounds[i]!.hasPrizes = (e.target as HTMLInputElement).checked))}
              />
              <span>${title} có giải riêng</span>
            </label>
            ${r.hasPrizes
              ? html`${this.renderPrizes('individual', `${title}, giải cá nhân`, `rounds.${i}.prizes.individual`, (x) => x.rounds[i]!.prizes.individual)}
                ${this.renderPrizes('collective', `${title}, giải tập thể`, `rounds.${i}.prizes.collective`, (x) => x.rounds[i]!.prizes.collective)}`
              : nothing}
            ${this.canWrite
              ? html`<div class="row">
                  <button type="button" ?disabled=${i === 0} @click=${() => move(i, -1)} aria-label="Đưa ${title} lên trên">Lên</button>
                  <button type="button" ?disabled=${i === d.rounds.length - 1} @click=${() => move(i, 1)} aria-label="Đưa ${title} xuống dưới">Xuống</button>
                  <button type="button" class="quiet" @click=${() => this.editRounds((x) => x.rounds.splice(i, 1))} aria-label="Xoá ${title}">Xoá vòng</button>
                </div>`
              : nothing}
          </div>
        </fieldset>`;
      })}
      ${renderFieldError('f-rounds-error', this.errors.rounds)}
      ${this.canWrite ? html`<button type="button" @click=${() => this.edit((x) => x.rounds.push(blankRound(x)))}>Thêm vòng</button>` : nothing}
      ${d.rounds.length ? html`<div class="grid">${this.select('roundsRanking', 'Xếp hạng chung', ROUNDS_RANKING_WORDS, ROUNDS_RANKING_HINT)}</div>` : nothing}
    </div>`;
  }

  private renderRankingOrder() {
    const order = this.draft!.rankingOrder;
    const unused = (Object.keys(CRITERION_LABELS) as Criterion[]).filter((c) => !order.includes(c));
    const move = (i: number, by: number) =>
      this.edit((d) => {
        const [item] = d.rankingOrder.splice(i, 1);
        d.rankingOrder.splice(i + by, 0, item!);
      });
    return html`<fieldset class="plain" aria-describedby="f-rankingOrder-hint ${this.errors.rankingOrder ? 'f-rankingOrder-error' : ''}">
      <legend class="visually-hidden">Các tiêu chí theo thứ tự</legend>
      <p class="hint muted" id="f-rankingOrder-hint">Người xếp trên là người hơn ở tiêu chí đầu tiên; bằng nhau thì xét tiêu chí tiếp theo. Đổi thứ tự khi đã có bài dự thi thì bảng xếp hạng được tính lại từ đầu: với hàng triệu lượt thi, việc lưu mất từ vài chục giây đến vài phút và thí sinh phải chờ trong lúc đó, nên hãy chốt thứ tự trước khi mở cuộc thi.</p>
      <ol class="order">
        ${order.map(
          (c, i) => html`<li>
            <span class="name">${CRITERION_LABELS[c]}</span>
            ${this.canWrite
              ? html`<button type="button" ?disabled=${i === 0} @click=${() => move(i, -1)} aria-label="Đưa «${CRITERION_LABELS[c]}» lên trên">Lên</button>
                  <button type="button" ?disabled=${i === order.length - 1} @click=${() => move(i, 1)} aria-label="Đưa «${CRITERION_LABELS[c]}» xuống dưới">
                    Xuống
                  </button>
                  <button type="button" class="quiet" @click=${() => this.edit((d) => d.rankingOrder.splice(i, 1))} aria-label="Bỏ tiêu chí «${CRITERION_LABELS[c]}»">
                    Bỏ
                  </button>`
              : nothing}
          </li>`,
        )}
      </ol>
      ${this.canWrite && unused.length
        ? html`<div class="row">
            ${unused.map(
              (c) => html`<button type="button" @click=${() => this.edit((d) => d.rankingOrder.push(c))}>Thêm tiêu chí «${CRITERION_LABELS[c]}»</button>`,
            )}
          </div>`
        : nothing}
      ${renderFieldError('f-rankingOrder-error', this.errors.rankingOrder)}
    </fieldset>`;
  }

  private renderPairs<K extends 'occupations' | 'documents' | 'topicQuotas'>(
    key: K,
    caption: string,
    columns: [string, string, string, string],
    addLabel: string,
    blank: () => Draft[K][number],
  ) {
    const rows = this.draft![key] as Record<string, string>[];
    const [a, aLabel, b, bLabel] = columns;
    return html`<div class="stack">
      <div class="table-wrap">
        <table class="data">
          <caption class="visually-hidden">${caption}</caption>
          <thead>
            <tr>
              <th scope="col">${aLabel}</th>
              <th scope="col">${bLabel}</th>
              ${this.canWrite ? html`<th scope="col"><span class="visually-hidden">Thao tác</span></th>` : nothing}
            </tr>
          </thead>
          <tbody>
            ${rows.map(
              (row, i) => html`<tr>
                ${this.cell(`${key}.${i}.${a}`, `${caption}, dòng ${i + 1}: ${aLabel.toLowerCase()}`, row[a]!, (v) => this.edit((d) => ((d[key] as Record<string, string>[])[i]![a] = v)))}
                ${this.cell(`${key}.${i}.${b}`, `${caption}, dòng ${i + 1}: ${bLabel.toLowerCase()}`, row[b]!, (v) => this.edit((d) => ((d[key] as Record<string, string>[])[i]![b] = v)))}
                ${this.canWrite ? this.removeButton(`Xoá dòng ${i + 1} (${caption.toLowerCase()})`, () => this.edit((d) => (d[key] as unknown[]).splice(i, 1))) : nothing}
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
      ${renderFieldError(`f-${key}-error`, this.errors[key])}
      ${this.canWrite ? html`<button type="button" @click=${() => this.edit((d) => (d[key] as unknown[]).push(blank()))}>${addLabel}</button>` : nothing}
    </div>`;
  }

  private renderSummary() {
    const entries = Object.entries(this.errors);
    if (!this.message && !entries.length) return nothing;
    return html`<div class="error-box error-summary" role="alert" tabindex="-1">
      <strong>${this.message || 'Chưa lưu: vui lòng sửa các mục được nêu.'}</strong>
      ${entries.length ? html`<ul>${entries.map(([key, message]) => html`<li>${summaryLine(key, message)}</li>`)}</ul>` : nothing}
    </div>`;
  }

  override render() {
    if (this.loadError) return html`<h2>Cấu hình cuộc thi</h2><div class="error-box" role="alert">${this.loadError}</div>`;
    if (!this.draft || !this.contest) return html`<h2>Cấu hình cuộc thi</h2><p role="status">Đang tải…</p>`;
    const d = this.draft;
    const seconds = wholeNumber(d.timeLimitSeconds);
    const starts = fromVietnamLocalInput(d.startsAt);
    const ends = fromVietnamLocalInput(d.endsAt);
    return html`<div class="stack">
      <h2>Cấu hình cuộc thi</h2>
      ${this.canWrite ? nothing : html`<p class="notice-box">${READ_ONLY_NOTE}</p>`} ${this.renderSummary()}
      <div role="status">${this.savedAt ? html`<p class="success-box">Đã lưu cấu hình lúc ${formatVietnamTime(this.savedAt)}.</p>` : nothing}</div>
      <form @submit=${this.onSubmit} novalidate>
        <fieldset class="plain" ?disabled=${!this.canWrite}>
          <fieldset>
            <legend>Thông tin chung</legend>
            <div class="grid">
              ${this.text('title', 'Tên cuộc thi', { wide: true })}
              ${this.text('description', 'Mô tả, thể lệ', {
                multiline: true,
                wide: true,
                hint: 'Văn bản thường: dòng trống tách đoạn, dòng bắt đầu bằng "- " là một ý trong danh sách.',
              })}
            </div>
          </fieldset>
          <fieldset>
            <legend>Thời gian (giờ Việt Nam)</legend>
            <div class="grid">
              ${this.text('startsAt', 'Bắt đầu', { type: 'datetime-local', hint: starts ? formatVietnamTime(starts) : 'Ngày và giờ mở cuộc thi' })}
              ${this.text('endsAt', 'Kết thúc', { type: 'datetime-local', hint: ends ? formatVietnamTime(ends) : 'Ngày và giờ đóng cuộc thi' })}
            </div>
          </fieldset>
          <fieldset>
            <legend>Vòng thi</legend>
            ${this.renderRounds()}
          </fieldset>
          <fieldset>
            <legend>Lượt thi</legend>
            <div class="grid">
              ${this.text('questionsPerAttempt', 'Số câu hỏi mỗi lượt', { type: 'number', hint: 'Từ 1 đến 200 câu' })}
              ${this.text('timeLimitSeconds', 'Thời gian làm bài (giây)', {
                type: 'number',
                hint: Number.isFinite(seconds) && seconds > 0 ? `Bằng ${formatDuration(seconds * 1000)}` : 'Từ 30 giây đến 24 giờ',
              })}
              ${this.text('maxAttempts', 'Số lượt thi tối đa mỗi người', { type: 'number', hint: 'Để trống nếu không giới hạn' })}
              ${this.select('revealAnswers', 'Công bố đáp án cho thí sinh', REVEAL_ANSWERS)}
              ${this.select('revealScore', 'Công bố điểm và thứ hạng cho thí sinh', REVEAL_SCORE, REVEAL_SCORE_HINT)}
              ${this.select('practice', 'Luyện tập (không tính điểm)', PRACTICE, PRACTICE_HINT)}
            </div>
          </fieldset>
          <fieldset>
            <legend>Câu hỏi dự đoán</legend>
            <div class="grid">
              ${this.text('predictionQuestion', 'Câu hỏi dự đoán', { multiline: true, wide: true })}
              ${this.select('predictionTarget', 'Đáp án của câu dự đoán là', PREDICTION_TARGETS, 'Con số được đếm khi cuộc thi kết thúc')}
            </div>
          </fieldset>
          <fieldset>
            <legend>Thứ tự xếp hạng</legend>
            ${this.renderRankingOrder()}
          </fieldset>
          <fieldset>
            <legend>Cơ cấu giải thưởng</legend>
            <div class="stack">
              ${this.renderPrizes('individual', 'Giải cá nhân')} ${this.renderPrizes('collective', 'Giải tập thể')}
              ${this.select(
                'collectiveCriterion',
                'Xếp giải tập thể theo',
                COLLECTIVE_CRITERIA,
                'Theo tỉ lệ: mọi đơn vị dự giải tập thể cần số người của cả đơn vị (kể cả đơn vị trực thuộc); thiếu thì không tính được giải tập thể, hệ thống không tự đổi tiêu chí.',
              )}
            </div>
          </fieldset>
          <fieldset>
            <legend>Trang được phép nhúng</legend>
            ${this.text('allowedOrigins', 'Mỗi dòng một địa chỉ trang (origin)', {
              multiline: true,
              wide: true,
              hint: 'Ví dụ https://baothaibinh.com.vn — chỉ giao thức, tên miền và cổng, không có đường dẫn. Một dấu * cho phép mọi trang.',
            })}
          </fieldset>
          <fieldset>
            <legend>Xác minh số điện thoại</legend>
            <div class="stack">
              <label class="row">
                <input
                  id="f-phoneVerification"
                  type="checkbox"
                  .checked=${d.phoneVerification}
                  aria-describedby="f-phoneVerification-hint"
                  @change=${(e: Event) => this.edit((x) => (x.phoneVerification = (e.target as HTMLInputElement).checked))}
                />
                <span>Xác minh số điện thoại bằng mã gửi qua tin nhắn khi đăng ký</span>
              </label>
              <p class="hint muted" id="f-phoneVerification-hint">${PHONE_VERIFICATION_HINT}</p>
            </div>
          </fieldset>
          <fieldset>
            <legend>Đối tượng dự thi</legend>
            ${this.renderPairs('occupations', 'Đối tượng dự thi', ['id', 'Mã', 'name', 'Tên đối tượng'], 'Thêm đối tượng', () => ({ id: '', name: '' }))}
          </fieldset>
          <fieldset>
            <legend>Số câu theo chủ đề</legend>
            <div class="stack">
              <label class="row">
                <input
                  type="checkbox"
                  .checked=${d.useTopicQuotas}
                  @change=${(e: Event) => this.edit((x) => (x.useTopicQuotas = (e.target as HTMLInputElement).checked))}
                />
                <span>Chia số câu của mỗi lượt theo chủ đề</span>
              </label>
              ${d.useTopicQuotas
                ? this.renderPairs('topicQuotas', 'Số câu theo chủ đề', ['topic', 'Chủ đề', 'count', 'Số câu'], 'Thêm chủ đề', () => ({ topic: '', count: '1' }))
                : html`<p class="muted">Câu hỏi được chọn ngẫu nhiên từ toàn bộ ngân hàng.</p>`}
            </div>
          </fieldset>
          <fieldset>
            <legend>Dữ liệu cá nhân</legend>
            <p class="hint muted">
              Thí sinh đọc «Thông báo xử lý dữ liệu cá nhân» trước khi đồng ý (Luật số 91/2025/QH15, Nghị định số 356/2025/NĐ-CP). Ô để trống dùng nội dung
              mặc định, điền từ tên cuộc thi và thời hạn lưu trữ. Khi nội dung thông báo thay đổi, thông báo có phiên bản mới; mỗi lượt đăng ký ghi lại
              phiên bản đã đồng ý và thời điểm đồng ý.${this.contest?.privacyNotice ? ` Phiên bản hiện tại: ${this.contest.privacyNotice.version}.` : ''}
            </p>
            <div class="grid">
              ${this.text('noticeController', 'Bên kiểm soát dữ liệu', { hint: 'Mặc định: Ban Tổ chức cùng tên cuộc thi.' })}
              ${this.text('noticeContact', 'Thông tin liên hệ về dữ liệu cá nhân', { hint: 'Địa chỉ, điện thoại, thư điện tử nhận yêu cầu của thí sinh.' })}
              ${this.text('personalDataRetentionUntil', 'Lưu dữ liệu cá nhân đến (giờ Việt Nam)', {
                type: 'datetime-local',
                hint: 'Để trống: 12 tháng sau khi cuộc thi kết thúc. Sau thời hạn này dữ liệu định danh được xoá.',
              })}
              ${this.text('minAge', 'Tuổi tối thiểu để dự thi', {
                inputmode: 'numeric',
                hint: 'Để trống: không giới hạn. Người dưới 16 tuổi luôn cần sự đồng ý của cha, mẹ hoặc người giám hộ.',
              })}
              ${this.text('noticePurposes', 'Mục đích xử lý (mỗi dòng một mục)', { multiline: true, wide: true, hint: 'Để trống: tổ chức và chấm thi; trao và chi trả giải thưởng; công bố người đoạt giải; thống kê theo đơn vị.' })}
              ${this.text('noticeText', 'Nội dung thông báo', { multiline: true, wide: true, hint: 'Để trống: nội dung mặc định nêu dữ liệu được xử lý, mục đích, việc không chia sẻ, quyền của thí sinh (trả lời trong 15 ngày) và thời hạn lưu trữ.' })}
            </div>
          </fieldset>
          <fieldset>
            <legend>Tài liệu tham khảo</legend>
            ${this.renderPairs('documents', 'Tài liệu tham khảo', ['title', 'Tiêu đề', 'url', 'Địa chỉ (URL)'], 'Thêm tài liệu', () => ({ title: '', url: '' }))}
          </fieldset>
        </fieldset>
        ${this.canWrite
          ? html`<div class="actions row">
              <button class="primary" type="submit" ?disabled=${this.saving}>${this.saving ? 'Đang lưu…' : 'Lưu cấu hình'}</button>
              <button type="button" @click=${() => this.load()}>Bỏ thay đổi</button>
            </div>`
          : nothing}
      </form>
      <admin-report-issuer
        .api=${this.api}
        .contest=${this.contest}
        .canWrite=${this.canWrite}
        @admin-report-issuer-saved=${(e: CustomEvent<ContestSettings>) => (this.contest = e.detail)}
      ></admin-report-issuer>
      ${this.canWrite ? html`<admin-contest-deletion .api=${this.api} slug=${this.slug} contest-title=${this.contest.title}></admin-contest-deletion>` : nothing}
    </div>`;
  }
}

customElements.get('admin-settings') || customElements.define('admin-settings', AdminSettings);

declare global {
  interface HTMLElementTagNameMap {
    'admin-settings': AdminSettings;
  }
}
