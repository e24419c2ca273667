import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../src/de-an-06-quiz.js';
import type { DeAn06Quiz } from '../src/de-an-06-quiz.js';
import type { Contest, Round } from '../src/api-client.js';
import { type FakeApi, sampleContest } from './fake-api.js';
import { button, deep, deepAll, signedInApi, visibleText, waitForButton, waitForText } from './helpers.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function round(overrides: Partial<Round> & Pick<Round, 'id' | 'number' | 'title' | 'startsAt' | 'endsAt' | 'status'>): Round {
  return { questionsPerAttempt: 5, maxAttempts: 3, prizes: null, resultsPublishedAt: null, ...overrides };
}

/** Three rounds: the first closed with its results published, the second open for two more hours, the third to come. */
function threeRounds(now = Date.now()): Pick<Contest, 'rounds' | 'currentRoundId'> {
  const at = (ms: number) => new Date(now + ms).toISOString();
  return {
    rounds: [
      round({ id: 'vong-1', number: 1, title: 'Vòng loại', startsAt: at(-10 * DAY), endsAt: at(-5 * DAY), status: 'closed', resultsPublishedAt: at(-4 * DAY) }),
      round({ id: 'vong-2', number: 2, title: 'Vòng bán kết', startsAt: at(-DAY), endsAt: at(2 * HOUR), status: 'open', questionsPerAttempt: 10, maxAttempts: 2 }),
      round({ id: 'vong-3', number: 3, title: 'Vòng chung kết', startsAt: at(3 * DAY), endsAt: at(6 * DAY), status: 'upcoming' }),
    ],
    currentRoundId: 'vong-2',
  };
}

/** The same rounds once the second has closed and before the third opens, on 20/3/2099 at 10:00 Vietnam time. */
function betweenRounds(): Pick<Contest, 'rounds' | 'currentRoundId' | 'endsAt'> {
  const now = Date.now();
  const at = (ms: number) => new Date(now + ms).toISOString();
  return {
    rounds: [
      round({ id: 'vong-1', number: 1, title: 'Vòng loại', startsAt: at(-10 * DAY), endsAt: at(-5 * DAY), status: 'closed' }),
      round({ id: 'vong-2', number: 2, title: 'Vòng bán kết', startsAt: at(-DAY), endsAt: at(-HOUR), status: 'closed' }),
      round({ id: 'vong-3', number: 3, title: 'Vòng chung kết', startsAt: '2099-03-20T03:00:00.000Z', endsAt: '2099-03-25T03:00:00.000Z', status: 'upcoming' }),
    ],
    currentRoundId: null,
    endsAt: '2099-04-01T00:00:00.000Z',
  };
}

function useRoundBoards(api: FakeApi) {
  api.roundLeaderboards.set('vong-1', {
    provisional: false,
    actual: 900,
    entries: [
      { rank: 1, name: 'Hoàng Thị Mai', unit: 'Sở Tư pháp', score: 20, total: 20, durationMs: 95_000 },
      { rank: 2, name: 'Đỗ Văn Khánh', unit: 'UBND huyện Vũ Thư', score: 19, total: 20, durationMs: 120_000 },
    ],
  });
  api.roundResults.set('vong-1', {
    publishedAt: '2023-05-25T02:00:00Z',
    provisional: false,
    predictionTarget: 'participants',
    actual: 900,
    individual: [{ prize: 'Giải Nhất vòng loại', valueVnd: 2_000_000, rank: 1, name: 'Hoàng Thị Mai', unit: 'Sở Tư pháp', birthYear: 1992, score: 20, total: 20, durationMs: 95_000, prediction: 880 }],
    collective: [],
  });
}

describe('<de-an-06-quiz> contest rounds', () => {
  let api: FakeApi;

  afterEach(() => api.uninstall());

  async function mount(width?: number) {
    const el = width
      ? (await fixture<HTMLDivElement>(html`<div style="width:${width}px"><de-an-06-quiz contest="de-an-06-thai-binh"></de-an-06-quiz></div>`)).querySelector('de-an-06-quiz')!
      : await fixture<DeAn06Quiz>(html`<de-an-06-quiz contest="de-an-06-thai-binh"></de-an-06-quiz>`);
    await waitForText(el, api.contest.title);
    return el;
  }

  describe('during a round', () => {
    beforeEach(() => {
      api = signedInApi();
      api.contest = sampleContest(threeRounds());
      api.myRounds = [
        { roundId: 'vong-1', attempts: 2, remainingAttempts: 0, bestScore: 18, total: 20, rank: 12 },
        { roundId: 'vong-2', attempts: 0, remainingAttempts: 2, total: null },
        { roundId: 'vong-3', attempts: 0, remainingAttempts: 2, total: null },
      ];
      useRoundBoards(api);
    });

    it('shows "Vòng 2/3", the time left in the round and its own rules, and the start button', async () => {
      const el = await mount();
      await waitForText(el, 'Vòng 2/3 · Vòng bán kết');
      const text = visibleText(el.shadowRoot!);
      expect(text).to.match(/Vòng thi kết thúc sau\s*:\s*(1 giờ 59 phút|2 giờ 0 phút)/);
      expect(text).to.include('Vòng này: mỗi lượt 10 câu hỏi; tối đa 2 lượt thi.');
      // the contest's own countdown and rules stay as they are
      expect(text).to.include('Kết thúc sau');
      expect(text).to.include('Mỗi lượt thi gồm 5 câu hỏi');
      await waitForButton(el, 'Bắt đầu làm bài');
      await expect(el).to.be.accessible();
    });

    it('lists the past rounds with one’s own standing, each opening its leaderboard and its prizes', async () => {
      const el = await mount();
      await waitForText(el, 'Kết quả các vòng đã qua');
      const rounds = deep(el, 'de-an-06-rounds')!;
      const items = deepAll<HTMLLIElement>(rounds, 'ul.past > li');
      expect(items.map((li) => li.querySelector('h4')?.textContent)).to.deep.equal(['Vòng 1/3 · Vòng loại']);
      expect(visibleText(items[0]!)).to.include('Điểm cao nhất 18/20 · hạng 12');

      const leaderboard = button(rounds, 'Bảng xếp hạng vòng');
      expect(leaderboard.getAttribute('aria-expanded')).to.equal('false');
      leaderboard.click();
      await waitForText(rounds, 'Đỗ Văn Khánh');
      expect(leaderboard.getAttribute('aria-expanded')).to.equal('true');
      expect(api.requestsTo('GET', '/contests/de-an-06-thai-binh/rounds/vong-1/leaderboard?limit=20')).to.have.length(1);
      // the contest's own leaderboard is not what was asked for
      expect(api.requestsTo('GET', '/contests/de-an-06-thai-binh/leaderboard')).to.have.length(0);

      button(rounds, 'Giải thưởng của vòng').click();
      await waitForText(rounds, 'Giải Nhất vòng loại');
      expect(visibleText(rounds)).to.include('Kết quả của vòng');
      expect(visibleText(rounds)).not.to.include('Đỗ Văn Khánh');
      expect(api.requestsTo('GET', '/rounds/vong-1/results')).to.have.length(1);
      // a round without collective prizes shows no empty table of them
      expect(visibleText(rounds)).not.to.include('Giải tập thể');
      await expect(el).to.be.accessible();

      button(rounds, 'Giải thưởng của vòng').click();
      await waitUntil(() => !visibleText(rounds).includes('Giải Nhất vòng loại'), 'the prizes never closed');
    });

    it('offers no prizes of a past round whose results are not published yet', async () => {
      const rounds = threeRounds();
      rounds.rounds[0] = { ...rounds.rounds[0]!, resultsPublishedAt: null };
      api.contest = sampleContest(rounds);
      const el = await mount();
      await waitForButton(el, 'Bảng xếp hạng vòng');
      expect(() => button(el, 'Giải thưởng của vòng')).to.throw();
    });

    it('fits a 320 px wide page with a past round’s leaderboard open', async () => {
      const el = await mount(320);
      (await waitForButton(el, 'Bảng xếp hạng vòng')).click();
      await waitForText(el, 'Đỗ Văn Khánh');
      const container = el.shadowRoot!.querySelector<HTMLElement>('.container')!;
      expect(container.scrollWidth).to.be.at.most(container.clientWidth);
      const rounds = deep(el, 'de-an-06-rounds')!;
      expect(rounds.scrollWidth).to.be.at.most(rounds.clientWidth);
    });

    it('says the server’s refusal when the round ended before the page knew it', async () => {
      const el = await mount();
      const start = await waitForButton(el, 'Bắt đầu làm bài');
      api.contest = sampleContest(betweenRounds());
      start.click();
      await waitForText(el, 'Hiện không có vòng thi nào đang mở.');
      expect(api.requestsTo('POST', '/contests/de-an-06-thai-binh/attempts')).to.have.length(1);
    });

    it('fetches the contest again when the round ends, then says when the next one starts and offers no start', async () => {
      const now = Date.now();
      const soon = threeRounds(now);
      soon.rounds[1] = { ...soon.rounds[1]!, endsAt: new Date(now + 1500).toISOString() };
      api.contest = sampleContest(soon);
      const el = await mount();
      await waitForButton(el, 'Bắt đầu làm bài');
      const before = api.requestsTo('GET', '/contests/de-an-06-thai-binh').filter((r) => r.path === '/api/contests/de-an-06-thai-binh').length;
      api.contest = sampleContest(betweenRounds());
      await waitForText(el, 'Vòng 3/3 bắt đầu lúc', 6000);
      expect(api.requestsTo('GET', '/contests/de-an-06-thai-binh').filter((r) => r.path === '/api/contests/de-an-06-thai-binh').length).to.be.greaterThan(before);
      expect(() => button(el, 'Bắt đầu làm bài')).to.throw();
      // the change is announced politely; the ticking countdown is not in the live region
      const live = deep(el, 'de-an-06-rounds')!.shadowRoot!.querySelector('[aria-live="polite"]')!;
      expect(visibleText(live)).to.include('Vòng 3/3 bắt đầu lúc');
      expect(visibleText(live)).not.to.include('bắt đầu sau');
    });
  });

  describe('between rounds', () => {
    beforeEach(() => {
      api = signedInApi();
      api.contest = sampleContest(betweenRounds());
    });

    it('says when the next round starts, in Vietnam time, counts down to it and offers no start', async () => {
      const el = await mount();
      await waitForText(el, 'Vòng 3/3 · Vòng chung kết');
      const text = visibleText(el.shadowRoot!);
      expect(text).to.include('Vòng 3/3 bắt đầu lúc 10 giờ 00, ngày 20/3/2099.');
      expect(text).to.include('Bạn có thể làm bài khi vòng thi mở.');
      expect(text).to.match(/Vòng thi bắt đầu sau\s*:\s*\d+ ngày/);
      await waitForButton(el, 'Đăng xuất');
      expect(() => button(el, 'Bắt đầu làm bài')).to.throw();
      // both closed rounds are listed, without a standing since `me` reports none
      const items = deepAll(deep(el, 'de-an-06-rounds')!, 'ul.past > li');
      expect(items).to.have.length(2);
      expect(visibleText(el.shadowRoot!)).not.to.include('Điểm cao nhất');
      await expect(el).to.be.accessible();
    });

    it('speaks English with lang="en"', async () => {
      const el = await fixture<DeAn06Quiz>(html`<de-an-06-quiz contest="de-an-06-thai-binh" lang="en"></de-an-06-quiz>`);
      await waitForText(el, 'Round 3/3 · Vòng chung kết');
      const text = visibleText(el.shadowRoot!);
      expect(text).to.include('Round 3/3 starts at');
      expect(text).to.include('Results of past rounds');
      expect(text).to.match(/Round opens in\s*:/);
    });

    it('shows the closed state as before once the last round and the contest are over', async () => {
      const over = betweenRounds();
      const ended = new Date(Date.now() - HOUR).toISOString();
      over.rounds[2] = { ...over.rounds[2]!, startsAt: new Date(Date.now() - 3 * HOUR).toISOString(), endsAt: ended, status: 'closed' };
      api.contest = sampleContest({ ...over, endsAt: ended, status: 'closed' });
      const el = await mount();
      await waitForText(el, 'Kết quả các vòng đã qua');
      const text = visibleText(el.shadowRoot!);
      expect(text).to.include('Cuộc thi đã kết thúc');
      expect(text).not.to.match(/Vòng thi (kết thúc|bắt đầu) sau/);
      expect(deepAll(deep(el, 'de-an-06-rounds')!, 'ul.past > li')).to.have.length(3);
    });
  });

  describe('a contest without rounds', () => {
    beforeEach(() => {
      api = signedInApi();
    });

    it('shows no round at all and the start button as before', async () => {
      const el = await mount();
      await waitForButton(el, 'Bắt đầu làm bài');
      expect(el.shadowRoot!.querySelector('de-an-06-rounds')).to.equal(null);
      expect(visibleText(el.shadowRoot!)).not.to.match(/Vòng \d/);
      expect(api.requests.some((r) => r.path.includes('/rounds/'))).to.equal(false);
    });
  });
});
