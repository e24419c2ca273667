/**
 * Rounds of a contest (issue 18, decision 0041) as the console's screens name and pick them: the
 * settings form edits them, the dashboard and the prizes screen show one round at a time.
 */
import { css, html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { AdminApi } from './admin-api.js';
import type { AdminContest } from '../../api/src/contract/admin.js';
import { roundsInOrder, roundStatus, type RoundStatus, type RoundsRanking } from '../../api/src/domain/rounds.js';

/** One round as `GET /api/admin/contests/:slug` answers it (the contract's type). */
export type ContestRound = AdminContest['rounds'][number];

export const ROUND_STATUS_WORDS: Record<RoundStatus, string> = {
  upcoming: 'sắp mở',
  open: 'đang mở',
  closed: 'đã kết thúc',
};

/** The overall ranking's choices, in the settings form's words. */
export const ROUNDS_RANKING_WORDS: Record<RoundsRanking, string> = {
  best: 'Lượt tốt nhất ở bất kỳ vòng nào',
  sum: 'Tổng điểm các vòng (điểm tốt nhất của mỗi vòng)',
  final: 'Chỉ vòng cuối',
};

/** The picker's width: long enough for "Vòng 12 · <title> (đã kết thúc)", not the whole screen. */
export const roundPickerStyles = css`
  .round-picker {
    max-width: 36rem;
  }
`;

/** A round picked on a screen, with its place in time order ("Vòng 2"). */
export interface RoundChoice {
  round: ContestRound;
  number: number;
  label: string;
}

/**
 * The rounds in time order, each labelled "Vòng 2 · Tuần thứ hai (đang mở)". The status is read on the
 * device's clock: it only labels the choice; the round's figures carry the server's own status.
 */
export function roundChoices(rounds: readonly ContestRound[], now: Date): RoundChoice[] {
  return roundsInOrder(rounds).map((round, i) => ({
    round,
    number: i + 1,
    label: `Vòng ${i + 1} · ${round.title} (${ROUND_STATUS_WORDS[roundStatus(round, now)]})`,
  }));
}

/** `/contests/:slug` or `/contests/:slug/rounds/:id`: where a screen's routes of the picked scope start. */
export function scopePath(slug: string, roundId: string | null): string {
  const contest = `/contests/${encodeURIComponent(slug)}`;
  return roundId ? `${contest}/rounds/${encodeURIComponent(roundId)}` : contest;
}

/**
 * The contest's rounds for a screen that shows one round at a time, loaded with the contest, and the
 * round picked (null: the whole contest). A contest that cannot be read counts as having no rounds:
 * the screen's own figures still show, as before rounds existed.
 */
export class ContestRoundsController implements ReactiveController {
  rounds: ContestRound[] = [];
  /** The picked round's id; null for the whole contest. */
  selected: string | null = null;
  private loadedFor: { api: AdminApi; slug: string } | null = null;

  constructor(
    private readonly host: ReactiveControllerHost & { api: AdminApi; slug: string },
    /** Called after the pick changes (by the person, or because the contest changed). */
    private readonly onSelect: () => void,
  ) {
    host.addController(this);
  }

  hostUpdate(): void {
    const { api, slug } = this.host;
    if (!api || !slug || (this.loadedFor?.api === api && this.loadedFor.slug === slug)) return;
    const slugChanged = this.loadedFor !== null && this.loadedFor.slug !== slug;
    this.loadedFor = { api, slug };
    if (slugChanged) {
      this.rounds = [];
      if (this.selected !== null) {
        this.selected = null;
        this.onSelect();
      }
    }
    void this.load(api, slug);
  }

  private async load(api: AdminApi, slug: string): Promise<void> {
    try {
      const contest = await api.get<AdminContest>(`/contests/${encodeURIComponent(slug)}`);
      if (this.loadedFor?.slug !== slug) return;
      this.rounds = contest.rounds ?? [];
    } catch {
      if (this.loadedFor?.slug !== slug) return;
      this.rounds = [];
    }
    if (this.selected !== null && !this.rounds.some((r) => r.id === this.selected)) {
      this.selected = null;
      this.onSelect();
    }
    this.host.requestUpdate();
  }

  /** The picked round, or null for the whole contest. */
  get round(): ContestRound | null {
    return this.rounds.find((r) => r.id === this.selected) ?? null;
  }

  select(id: string | null): void {
    if (id === this.selected) return;
    this.selected = id;
    this.host.requestUpdate();
    this.onSelect();
  }

  /** The picker, only when the contest has rounds: "Cả cuộc thi" and each round in time order. */
  render(id: string): TemplateResult | typeof nothing {
    if (!this.rounds.length) return nothing;
    const choices = roundChoices(this.rounds, new Date());
    return html`<div class="field round-picker" data-round-picker>
      <label for=${id}>Xem theo vòng</label>
      <select id=${id} @change=${(e: Event) => this.select((e.target as HTMLSelectElement).value || null)}>
        <option value="" ?selected=${this.selected === null}>Cả cuộc thi</option>
        ${choices.map((c) => html`<option value=${c.round.id} ?selected=${c.round.id === this.selected}>${c.label}</option>`)}
      </select>
    </div>`;
  }

  /** "Vòng 2 · Tuần thứ hai" for the picked round, for headings and confirmations. */
  get roundName(): string | null {
    const picked = roundChoices(this.rounds, new Date()).find((c) => c.round.id === this.selected);
    return picked ? `Vòng ${picked.number} · ${picked.round.title}` : null;
  }
}
