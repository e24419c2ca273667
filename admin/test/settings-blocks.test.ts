import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../src/screens/settings.js';
import type { AdminSettings, ContestSettings } from '../src/screens/settings.js';
import { FakeAdminApi, refusal } from './fake-admin-api.js';
import { button, control, deep, describedError, fill, visibleText, waitForSelector, waitForText } from './helpers.js';

const SLUG = 'dien-tap';

const CONTEST: ContestSettings = {
  slug: SLUG,
  title: 'Diễn tập cuộc thi Đề án 06',
  description: 'Thể lệ.',
  startsAt: '2027-03-20T03:00:00.000Z',
  endsAt: '2027-05-19T03:00:00.000Z',
  questionsPerAttempt: 20,
  timeLimitSeconds: 900,
  maxAttempts: 3,
  predictionQuestion: 'Theo bạn, có bao nhiêu người tham gia?',
  predictionTarget: 'participants',
  rankingOrder: ['score', 'prediction', 'duration', 'submittedAt'],
  revealAnswers: 'afterClose',
  revealScore: 'afterClose',
  phoneVerification: false,
  rounds: [],
  roundsRanking: 'best',
  prizes: { individual: [{ name: 'Giải Nhất', count: 1, valueVnd: 6_000_000 }], collective: [] },
  collectiveCriterion: 'participationRate',
  topicQuotas: null,
  allowedOrigins: [],
  occupations: [{ id: 'can-bo', name: 'Cán bộ, công chức' }],
  documents: [],
  integrity: { minSecondsPerQuestion: 4 },
  privacyNotice: { version: 1, controller: null, contact: null, purposes: null, text: null },
  personalDataRetentionUntil: '2028-05-19T03:00:00.000Z',
  minAge: null,
  practice: 'afterClose',
  status: 'upcoming',
};

const NAM_DINH = { authority: 'ỦY BAN NHÂN DÂN TỈNH NAM ĐỊNH', organiser: 'BAN TỔ CHỨC CUỘC THI', place: 'Nam Định' };

describe('<admin-settings>: report header and contest deletion blocks', () => {
  let api: FakeAdminApi;

  beforeEach(() => {
    api = new FakeAdminApi().on('GET', `/contests/${SLUG}`, CONTEST);
  });

  const mount = async (canWrite = true) => {
    const el = await fixture<AdminSettings>(html`<admin-settings .api=${api.asApi()} slug=${SLUG} .canWrite=${canWrite}></admin-settings>`);
    await waitForSelector(el, '#issuer-authority');
    return el;
  };

  it('shows the plan’s header until the contest names its own, and saves the header with the rest of the contest unchanged', async () => {
    api.on('PUT', `/contests/${SLUG}`, (body: ContestSettings) => ({ ...body, status: 'upcoming' }));
    const el = await mount();
    expect(control(el, 'Cơ quan chủ quản').value).to.equal('ỦY BAN NHÂN DÂN TỈNH THÁI BÌNH');
    expect(visibleText(el.shadowRoot!)).to.include('Cuộc thi này chưa khai báo');
    await expect(deep(el, 'admin-report-issuer')!).to.be.accessible();

    fill(control(el, 'Cơ quan chủ quản'), NAM_DINH.authority);
    fill(control(el, 'Địa danh'), ' ');
    button(el, 'Lưu tiêu đề báo cáo').click();
    await waitUntil(() => describedError(control(el, 'Địa danh')).includes('ít nhất 2 ký tự'));
    expect(api.callsTo('PUT', `/contests/${SLUG}`)).to.have.length(0);

    fill(control(el, 'Địa danh'), 'Nam Định');
    button(el, 'Lưu tiêu đề báo cáo').click();
    await waitForText(el, 'Đã lưu tiêu đề báo cáo.');
    const { status: _status, ...sent } = CONTEST;
    expect(api.callsTo('PUT', `/contests/${SLUG}`)[0]!.body).to.deep.equal({ ...sent, reportIssuer: NAM_DINH });

    // The main form, saved afterwards, keeps the header (a PUT replaces the whole contest).
    button(el, 'Lưu cấu hình').click();
    await waitForText(el, 'Đã lưu cấu hình lúc');
    expect((api.callsTo('PUT', `/contests/${SLUG}`)[1]!.body as ContestSettings).reportIssuer).to.deep.equal(NAM_DINH);
  });

  it('shows the server’s refusal of a header field next to it', async () => {
    api.on('PUT', `/contests/${SLUG}`, () => {
      throw refusal(400, { code: 'VALIDATION', message: 'Dữ liệu không hợp lệ', fields: { 'reportIssuer.organiser': 'Cơ quan ban hành tối đa 120 ký tự' } });
    });
    const el = await mount();
    button(el, 'Lưu tiêu đề báo cáo').click();
    await waitUntil(() => describedError(control(el, 'Cơ quan ban hành')).includes('tối đa 120 ký tự'));
  });

  it('deletes the contest after a confirmation naming it, and tells the shell', async () => {
    api.on('DELETE', `/contests/${SLUG}`, { slug: SLUG, title: CONTEST.title, removed: { contests: 1 } });
    const el = await mount();
    const block = deep(el, 'admin-contest-deletion')!;
    const dialog = () => deep(block, 'admin-confirm-dialog')!.shadowRoot!.querySelector('dialog')!;
    button(el, 'Xoá cuộc thi này').click();
    await waitUntil(() => dialog().open, 'no confirmation');
    expect(visibleText(deep(block, 'admin-confirm-dialog')!)).to.include('Xoá cuộc thi «Diễn tập cuộc thi Đề án 06»?');
    const deleted = oneEvent(el, 'admin-contest-deleted');
    [...dialog().querySelectorAll('button')].find((b) => b.textContent === 'Xoá cuộc thi')!.click();
    expect((await deleted).detail).to.deep.equal({ slug: SLUG, title: CONTEST.title });
    expect(api.callsTo('DELETE', `/contests/${SLUG}`)).to.have.length(1);
  });

  it('shows why a contest with attempts cannot be deleted', async () => {
    api.on('DELETE', `/contests/${SLUG}`, () => {
      throw refusal(409, { code: 'CONFLICT', message: 'Không thể xoá cuộc thi «Diễn tập cuộc thi Đề án 06»: đã có lượt thi.' });
    });
    const el = await mount();
    const block = deep(el, 'admin-contest-deletion')!;
    const dialog = () => deep(block, 'admin-confirm-dialog')!.shadowRoot!.querySelector('dialog')!;
    button(el, 'Xoá cuộc thi này').click();
    await waitUntil(() => dialog().open);
    [...dialog().querySelectorAll('button')].find((b) => b.textContent === 'Xoá cuộc thi')!.click();
    await waitForText(el, 'đã có lượt thi');
    await expect(block).to.be.accessible();
  });

  it('a jury code sees the header read-only and no deletion', async () => {
    const el = await mount(false);
    expect(control(el, 'Cơ quan chủ quản').matches(':disabled')).to.equal(true);
    expect(deep(el, 'admin-contest-deletion')).to.equal(null);
  });
});
