import { expect, fixture, html } from '@open-wc/testing';
import '../src/screens/settings.js';
import type { AdminSettings, ContestSettings } from '../src/screens/settings.js';
import { contestSchema } from '../../api/src/contract/contest.js';
import { checkFields } from '../../api/src/contract/field-messages.js';
import { FakeAdminApi, refusal } from './fake-admin-api.js';
import { button, control, deep, deepAll, describedError, enabledWriteControls, fill, visibleText, waitForSelector, waitForText } from './helpers.js';

const SLUG = 'thi-thu';

function contest(overrides: Partial<ContestSettings> = {}): ContestSettings {
  return {
    slug: SLUG,
    title: 'Cuộc thi tìm hiểu Đề án 06',
    description: 'Thể lệ cuộc thi.',
    startsAt: '2026-03-20T03:00:00.000Z',
    endsAt: '2026-05-19T03:00:00.000Z',
    questionsPerAttempt: 20,
    timeLimitSeconds: 900,
    maxAttempts: 3,
    predictionQuestion: 'Theo bạn, có bao nhiêu người tham gia?',
    predictionTarget: 'participants',
    rankingOrder: ['score', 'prediction', 'duration', 'submittedAt'],
    revealAnswers: 'afterClose',
    revealScore: 'afterSubmit',
    phoneVerification: false,
    rounds: [],
    roundsRanking: 'best',
    prizes: {
      individual: [{ name: 'Giải Nhất', count: 1, valueVnd: 6_000_000 }],
      collective: [{ name: 'Giải Nhất', count: 1, valueVnd: 8_000_000 }],
    },
    collectiveCriterion: 'participationRate',
    topicQuotas: null,
    allowedOrigins: ['https://baothaibinh.com.vn'],
    occupations: [{ id: 'can-bo', name: 'Cán bộ, công chức' }],
    documents: [],
    privacyNotice: { version: 1, controller: null, contact: null, purposes: null, text: null },
    personalDataRetentionUntil: '2027-05-19T03:00:00.000Z', // 12 months after the end: the default
    minAge: null,
    practice: 'afterClose',
    status: 'closed',
    ...overrides,
  };
}

async function mount(api: FakeAdminApi, canWrite = true): Promise<AdminSettings> {
  const el = await fixture<AdminSettings>(html`<admin-settings .api=${api.asApi()} slug=${SLUG} .canWrite=${canWrite}></admin-settings>`);
  await waitForSelector(el, '#f-title');
  return el;
}

describe('<admin-settings>', () => {
  let api: FakeAdminApi;

  beforeEach(() => {
    api = new FakeAdminApi().on('GET', `/contests/${SLUG}`, contest());
  });

  it('shows the contest window in Vietnam time and every setting', async () => {
    const el = await mount(api);
    expect(control(el, 'Bắt đầu').value).to.equal('2026-03-20T10:00');
    expect(control(el, 'Kết thúc').value).to.equal('2026-05-19T10:00');
    const text = visibleText(el.shadowRoot!);
    expect(text).to.include('10 giờ 00, ngày 20/3/2026');
    expect(text).to.include('Bằng 15 phút 00 giây');
    expect(text).to.include('Giải cá nhân: 1 giải, tổng 6.000.000 đ');
    expect(control(el, 'Số câu hỏi mỗi lượt').value).to.equal('20');
    expect(control<HTMLTextAreaElement>(el, 'Mỗi dòng một địa chỉ trang (origin)').value).to.equal('https://baothaibinh.com.vn');
    await expect(el).to.be.accessible();
  });

  it('sends the window as ISO instants and the edited ranking order and prizes', async () => {
    api.on('PUT', `/contests/${SLUG}`, (body: any) => ({ ...contest(), ...body }));
    const el = await mount(api);
    fill(control(el, 'Bắt đầu'), '2027-01-01T08:30');
    fill(control(el, 'Kết thúc'), '2027-03-01T17:00');
    fill(control(el, 'Giải cá nhân, dòng 1: giá trị mỗi giải'), '7.000.000');
    button(el, 'Đưa «Dự đoán sát hơn» lên trên').click();
    await el.updateComplete;
    button(el, 'Thêm giải (giải cá nhân)').click();
    await el.updateComplete;
    fill(control(el, 'Giải cá nhân, dòng 2: tên giải'), 'Giải Nhì');
    fill(control(el, 'Giải cá nhân, dòng 2: số giải'), '3');
    fill(control(el, 'Giải cá nhân, dòng 2: giá trị mỗi giải'), '3000000');
    button(el, 'Lưu cấu hình').click();
    await waitForText(el, 'Đã lưu cấu hình lúc');
    const [put] = api.callsTo('PUT', `/contests/${SLUG}`);
    const body = put!.body as ContestSettings;
    expect(body.startsAt).to.equal('2027-01-01T01:30:00.000Z');
    expect(body.endsAt).to.equal('2027-03-01T10:00:00.000Z');
    expect(body.rankingOrder).to.deep.equal(['prediction', 'score', 'duration', 'submittedAt']);
    expect(body.prizes.individual).to.deep.equal([
      { name: 'Giải Nhất', count: 1, valueVnd: 7_000_000 },
      { name: 'Giải Nhì', count: 3, valueVnd: 3_000_000 },
    ]);
    expect(body).not.to.have.property('status');
  });

  it('offers when scores are shown, explains the trade-off, and sends the choice', async () => {
    api.on('PUT', `/contests/${SLUG}`, (body: any) => ({ ...contest(), ...body }));
    const el = await mount(api);
    const select = control<HTMLSelectElement>(el, 'Công bố điểm và thứ hạng cho thí sinh');
    expect(select.value).to.equal('afterSubmit');
    const hint = deep(el, `#${select.getAttribute('aria-describedby')!.split(' ')[0]}`)!.textContent!;
    expect(hint).to.include('dò ra đáp án');
    expect(hint).to.include('giải thưởng bằng tiền');
    select.value = 'afterClose';
    select.dispatchEvent(new Event('change'));
    await el.updateComplete;
    button(el, 'Lưu cấu hình').click();
    await waitForText(el, 'Đã lưu cấu hình lúc');
    const [put] = api.callsTo('PUT', `/contests/${SLUG}`);
    expect((put!.body as ContestSettings).revealScore).to.equal('afterClose');
    await expect(el).to.be.accessible();
  });

  it('offers practice that never counts, explains what it shows, and sends the choice', async () => {
    api.on('PUT', `/contests/${SLUG}`, (body: any) => ({ ...contest(), ...body }));
    const el = await mount(api);
    const select = control<HTMLSelectElement>(el, 'Luyện tập (không tính điểm)');
    expect(select.value).to.equal('afterClose');
    const hint = deep(el, `#${select.getAttribute('aria-describedby')!.split(' ')[0]}`)!.textContent!;
    expect(hint).to.include('không tính vào xếp hạng');
    select.value = 'always';
    select.dispatchEvent(new Event('change'));
    await el.updateComplete;
    button(el, 'Lưu cấu hình').click();
    await waitForText(el, 'Đã lưu cấu hình lúc');
    const [put] = api.callsTo('PUT', `/contests/${SLUG}`);
    expect((put!.body as ContestSettings).practice).to.equal('always');
    await expect(el).to.be.accessible();
  });

  it('turns phone verification on with a hint on what it costs, and sends the choice', async () => {
    api.on('PUT', `/contests/${SLUG}`, (body: any) => ({ ...contest(), ...body }));
    const el = await mount(api);
    const box = deep<HTMLInputElement>(el, '#f-phoneVerification')!;
    expect(box.labels?.[0]?.textContent?.trim()).to.equal('Xác minh số điện thoại bằng mã gửi qua tin nhắn khi đăng ký');
    expect(box.checked).to.equal(false);
    const hint = deep(el, `#${box.getAttribute('aria-describedby')}`)!.textContent!;
    expect(hint).to.include('6 chữ số');
    expect(hint).to.include('SMS_PROVIDER');
    box.click();
    await el.updateComplete;
    button(el, 'Lưu cấu hình').click();
    await waitForText(el, 'Đã lưu cấu hình lúc');
    const [put] = api.callsTo('PUT', `/contests/${SLUG}`);
    expect((put!.body as ContestSettings).phoneVerification).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('refuses to show the key at once while the score waits for the close, with the server’s words', async () => {
    api.on('GET', `/contests/${SLUG}`, contest({ revealScore: 'afterClose' }));
    const el = await mount(api);
    const answers = control<HTMLSelectElement>(el, 'Công bố đáp án cho thí sinh');
    answers.value = 'afterSubmit';
    answers.dispatchEvent(new Event('change'));
    await el.updateComplete;
    button(el, 'Lưu cấu hình').click();
    await waitForText(el, 'Chưa lưu');
    expect(describedError(answers)).to.include('sẽ làm lộ điểm');
    expect(api.callsTo('PUT', `/contests/${SLUG}`)).to.have.length(0);
  });

  it('checks fields before sending, with the server’s words, next to each field', async () => {
    const el = await mount(api);
    fill(control(el, 'Tên cuộc thi'), 'ab');
    fill(control(el, 'Kết thúc'), '2026-03-01T10:00');
    fill(control(el, 'Số câu hỏi mỗi lượt'), '0');
    fill(control<HTMLTextAreaElement>(el, 'Mỗi dòng một địa chỉ trang (origin)'), 'https://baothaibinh.com.vn\nbaothaibinh.com.vn/tin-tuc');
    button(el, 'Lưu cấu hình').click();
    await waitForText(el, 'Chưa lưu');
    expect(describedError(control(el, 'Tên cuộc thi'))).to.equal('«Tên cuộc thi» phải có ít nhất 3 ký tự');
    expect(describedError(control(el, 'Kết thúc'))).to.equal('Thời gian kết thúc phải sau thời gian bắt đầu');
    expect(describedError(control(el, 'Số câu hỏi mỗi lượt'))).to.equal('«Số câu hỏi mỗi lượt» phải lớn hơn hoặc bằng 1');
    expect(describedError(control(el, 'Mỗi dòng một địa chỉ trang (origin)'))).to.include('Dòng 2');
    expect(control(el, 'Tên cuộc thi').getAttribute('aria-invalid')).to.equal('true');
    expect(api.callsTo('PUT', `/contests/${SLUG}`)).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('refuses what the server’s contest schema refuses, in its words, before sending', async () => {
    const el = await mount(api);
    fill(control(el, 'Giải cá nhân, dòng 1: số giải'), '1001');
    button(el, 'Lưu cấu hình').click();
    await waitForText(el, 'Chưa lưu');
    // The same schema and messages the server validates a PUT with (api/src/contract).
    const { prizes, ...rest } = contest();
    const server = checkFields(contestSchema, { ...rest, prizes: { ...prizes, individual: [{ ...prizes.individual[0]!, count: 1001 }] } });
    expect(server.ok).to.equal(false);
    const expected = server.ok ? '' : server.fields['prizes.individual.0.count'];
    expect(expected).to.equal('«Số giải (mục 1)» phải nhỏ hơn hoặc bằng 1000');
    expect(describedError(control(el, 'Giải cá nhân, dòng 1: số giải'))).to.equal(expected);
    expect(api.callsTo('PUT', `/contests/${SLUG}`)).to.have.length(0);
  });

  it('shows the server’s field errors next to the fields they name', async () => {
    api.on('PUT', `/contests/${SLUG}`, () => {
      throw refusal(400, {
        code: 'VALIDATION',
        message: 'Không thể bỏ đối tượng đã có thí sinh đăng ký',
        fields: {
          occupations: 'Đối tượng đã có thí sinh đăng ký: hoc-sinh',
          'prizes.collective.0.name': '«Tên (mục 1)» không được dài quá 100 ký tự',
          'allowedOrigins.0': 'Mỗi trang được phép nhúng phải là một origin',
        },
      });
    });
    const el = await mount(api);
    button(el, 'Lưu cấu hình').click();
    await waitForText(el, 'Không thể bỏ đối tượng đã có thí sinh đăng ký');
    expect(describedError(control(el, 'Giải tập thể, dòng 1: tên giải'))).to.equal('«Tên (mục 1)» không được dài quá 100 ký tự');
    expect(describedError(control(el, 'Mỗi dòng một địa chỉ trang (origin)'))).to.equal('Dòng 1: Mỗi trang được phép nhúng phải là một origin');
    expect(deep(el, '#f-occupations-error')!.textContent).to.include('hoc-sinh');
    const summary = deep(el, '.error-summary')!;
    expect(el.shadowRoot!.activeElement).to.equal(summary);
  });

  it('is read-only for a jury token: every control disabled, no save', async () => {
    const el = await mount(api, false);
    expect(visibleText(el.shadowRoot!)).to.include('chỉ được xem');
    expect(deepAll(el, 'button')).to.have.length(0);
    expect(enabledWriteControls(el)).to.deep.equal([]);
    await expect(el).to.be.accessible();
  });

  it('edits the privacy notice, the retention date and the minimum age with the contest', async () => {
    api.on('PUT', `/contests/${SLUG}`, (body: any) => ({ ...contest(), ...body, privacyNotice: { ...body.privacyNotice, version: 2 } }));
    const el = await mount(api);
    expect(visibleText(el.shadowRoot!)).to.include('Phiên bản hiện tại: 1.');
    // The default retention date (12 months after the end) shows as empty: it follows the end.
    expect(control(el, 'Lưu dữ liệu cá nhân đến (giờ Việt Nam)').value).to.equal('');
    fill(control(el, 'Bên kiểm soát dữ liệu'), '  Ban Tổ chức – Công an tỉnh Thái Bình ');
    fill(control(el, 'Thông tin liên hệ về dữ liệu cá nhân'), 'Phòng PC06, 0227 000 000');
    fill(control<HTMLTextAreaElement>(el, 'Nội dung thông báo'), 'Nội dung riêng của Ban Tổ chức.');
    fill(control(el, 'Tuổi tối thiểu để dự thi'), '12');
    fill(control(el, 'Lưu dữ liệu cá nhân đến (giờ Việt Nam)'), '2027-12-31T17:00');
    button(el, 'Lưu cấu hình').click();
    await waitForText(el, 'Đã lưu cấu hình lúc');
    const body = api.callsTo('PUT', `/contests/${SLUG}`)[0]!.body as any;
    expect(body.privacyNotice).to.deep.equal({
      controller: 'Ban Tổ chức – Công an tỉnh Thái Bình',
      contact: 'Phòng PC06, 0227 000 000',
      purposes: null,
      text: 'Nội dung riêng của Ban Tổ chức.',
    });
    expect(body.personalDataRetentionUntil).to.equal('2027-12-31T10:00:00.000Z');
    expect(body.minAge).to.equal(12);
    expect(visibleText(el.shadowRoot!)).to.include('Phiên bản hiện tại: 2.');
  });
});
