import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../src/screens/prizes.js';
import type { AdminPrizes, ComputedResults, FlaggedWinner } from '../src/screens/prizes.js';
import { FakeAdminApi, refusal } from './fake-admin-api.js';
import { button, deep, visibleText, waitForSelector, waitForText } from './helpers.js';

const SLUG = 'thi-thu';
const PATH = `/contests/${SLUG}/results`;

const COMPUTED: ComputedResults = {
  computedAt: '2026-11-28T03:00:00.000Z',
  provisional: false,
  predictionTarget: 'participants',
  actual: 1500,
  rankingOrder: ['score', 'prediction', 'duration', 'submittedAt'],
  collectiveCriterion: 'participationRate',
  individual: [
    { prize: 'Giải Nhất', valueVnd: 6_000_000, rank: 1, contestantId: 'c1', name: 'Phạm Thị Hoa', unit: 'Sở Tư pháp', birthYear: 1990, score: 20, total: 20, durationMs: 185_000, prediction: 1498 },
    { prize: 'Giải Nhì', valueVnd: 3_000_000, rank: 2, contestantId: 'c2', name: 'Trần Thị Bình', unit: 'Huyện Vũ Thư', birthYear: 1985, score: 19, total: 20, durationMs: 200_000, prediction: 1400 },
  ],
  collective: [],
};

const FLAGGED: FlaggedWinner[] = [{ contestantId: 'c1', name: 'Phạm Thị Hoa', unit: 'Sở Tư pháp', prize: 'Giải Nhất', rank: 1, kinds: ['scoreJump', 'identicalAnswers'] }];

const notPublished = () => {
  throw refusal(404, { code: 'NOT_PUBLISHED', message: 'Kết quả cuộc thi chưa được công bố' });
};

describe('<admin-prizes> and the integrity flags', () => {
  let api: FakeAdminApi;
  let flagged: FlaggedWinner[];

  beforeEach(() => {
    flagged = structuredClone(FLAGGED);
    api = new FakeAdminApi()
      .on('GET', `/contests/${SLUG}/units`, [])
      .on('GET', PATH, notPublished)
      .on('POST', PATH, (body: { publish?: boolean; acknowledgeFlags?: boolean }) => {
        if (!body.publish) return { published: false, ...structuredClone(COMPUTED), flaggedWinners: structuredClone(flagged) };
        if (flagged.length && !body.acknowledgeFlags) {
          throw refusal(409, {
            code: 'FLAGGED_WINNERS',
            message: `Có ${flagged.length} người đoạt giải bị gắn cờ trong rà soát tính trung thực: ${flagged.map((w) => w.name).join(', ')}.`,
            fields: { acknowledgeFlags: 'Cần xác nhận công bố khi có người đoạt giải bị gắn cờ' },
            flaggedWinners: structuredClone(flagged),
          });
        }
        return { published: true, publishedAt: '2026-11-28T03:05:00.000Z', ...structuredClone(COMPUTED), flaggedWinners: structuredClone(flagged) };
      });
  });

  const mount = async () => {
    const el = await fixture<AdminPrizes>(html`<admin-prizes .api=${api.asApi()} slug=${SLUG} .canWrite=${true}></admin-prizes>`);
    await waitUntil(() => !visibleText(deep(el, '[data-published]')!).includes('Đang tải'));
    button(el, 'Tính thử').click();
    await waitForSelector(el, '[data-results="dry"] table[data-individual]');
    return el;
  };

  const dialog = (el: AdminPrizes) => deep(el, '#publish-confirm')!.shadowRoot!.querySelector('dialog')!;

  it('the dry run names the flagged winners and their flags', async () => {
    const el = await mount();
    const notice = visibleText(deep(el, '[data-flagged]')!);
    expect(notice).to.include('1 người đoạt giải bị gắn cờ');
    expect(notice).to.include('Giải Nhất: Phạm Thị Hoa (Sở Tư pháp) — điểm tăng vọt, bài làm giống hệt nhau');
    await expect(el).to.be.accessible();
  });

  it('the publish confirmation shows the count and, once confirmed, sends acknowledgeFlags', async () => {
    const el = await mount();
    button(el, 'Công bố kết quả').click();
    const confirm = dialog(el);
    await waitUntil(() => confirm.open, 'the confirmation never opened');
    expect(visibleText(deep(el, '#publish-confirm')!)).to.include('1 người đoạt giải đang bị gắn cờ trong rà soát tính trung thực (Phạm Thị Hoa)');
    await expect(el).to.be.accessible();
    [...confirm.querySelectorAll('button')].find((b) => b.textContent === 'Công bố')!.click();
    await waitForText(el, 'Đã công bố kết quả lúc');
    expect(api.callsTo('POST', PATH).map((c) => c.body)).to.deep.equal([{ publish: false }, { publish: true, acknowledgeFlags: true }]);
  });

  it('without flagged winners it says so and publishes without acknowledging anything', async () => {
    flagged = [];
    const el = await mount();
    expect(visibleText(deep(el, '[data-flagged]')!)).to.include('Không người đoạt giải nào bị gắn cờ');
    button(el, 'Công bố kết quả').click();
    const confirm = dialog(el);
    await waitUntil(() => confirm.open);
    expect(deep(el, '[data-flagged-confirm]')).to.equal(null);
    [...confirm.querySelectorAll('button')].find((b) => b.textContent === 'Công bố')!.click();
    await waitForText(el, 'Đã công bố kết quả lúc');
    expect(api.callsTo('POST', PATH).map((c) => c.body)).to.deep.equal([{ publish: false }, { publish: true }]);
  });

  it('a winner flagged after the dry run: the refusal is shown with the winners, and a second confirmation acknowledges them', async () => {
    const later = flagged;
    flagged = [];
    const el = await mount();
    flagged = later;
    button(el, 'Công bố kết quả').click();
    let confirm = dialog(el);
    await waitUntil(() => confirm.open);
    [...confirm.querySelectorAll('button')].find((b) => b.textContent === 'Công bố')!.click();
    await waitForText(el, 'Có 1 người đoạt giải bị gắn cờ');
    expect(visibleText(deep(el, '[data-flagged]')!)).to.include('Phạm Thị Hoa');
    button(el, 'Công bố kết quả').click();
    confirm = dialog(el);
    await waitUntil(() => confirm.open);
    [...confirm.querySelectorAll('button')].find((b) => b.textContent === 'Công bố')!.click();
    await waitForText(el, 'Đã công bố kết quả lúc');
    expect(api.callsTo('POST', PATH).map((c) => c.body).slice(1)).to.deep.equal([{ publish: true }, { publish: true, acknowledgeFlags: true }]);
  });
});
