import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../src/screens/integrity.js';
import type { AdminIntegrity, IntegrityReview } from '../src/screens/integrity.js';
import { DEFAULT_INTEGRITY } from '../../api/src/domain/integrity.js';
import { FakeAdminApi, refusal } from './fake-admin-api.js';
import { button, control, deep, deepAll, describedError, enabledWriteControls, fill, visibleText, waitForSelector, waitForText } from './helpers.js';

const SLUG = 'thi-thu';
const PATH = `/contests/${SLUG}/integrity`;
const VOID = `/contests/${SLUG}/attempts/void`;

// The thresholds the server uses by default (one definition, api/src/domain/integrity.ts).
const THRESHOLDS: IntegrityReview['thresholds'] = DEFAULT_INTEGRITY;

function review(): IntegrityReview {
  return {
    flags: [
      {
        kind: 'fastAttempt',
        contestantId: 'c1',
        contestantName: 'Trần Văn Bảo',
        unit: 'Sở Tư pháp',
        attemptIds: ['a1'],
        explanation: 'Lượt thi được nộp quá nhanh: 20/20 câu trong 7 mili giây, dưới mức tối thiểu 3 giây mỗi câu.',
        details: { score: 20, total: 20, durationMs: 7 },
      },
      {
        kind: 'fastAttempt',
        contestantId: 'c2',
        contestantName: 'Trần Văn Bảo',
        unit: 'Sở Tư pháp',
        attemptIds: ['a2'],
        explanation: 'Lượt thi được nộp quá nhanh: 20/20 câu trong 9 mili giây, dưới mức tối thiểu 3 giây mỗi câu.',
        details: { score: 20, total: 20, durationMs: 9 },
      },
      {
        kind: 'sharedNetwork',
        contestantId: 'c1',
        contestantName: 'Trần Văn Bảo',
        unit: 'Sở Tư pháp',
        attemptIds: ['a1'],
        explanation: 'Có 25 lượt đăng ký từ cùng một mạng (203.0.113.0/24) trong vòng 60 phút. Điều này có thể hoàn toàn hợp lệ (phòng máy của trường).',
        details: { network: '203.0.113.0/24', count: 25 },
      },
      {
        kind: 'registrationBurst',
        contestantId: 'c3',
        contestantName: 'Trần Văn Bảo',
        unit: 'Sở Tư pháp',
        attemptIds: [],
        explanation: 'Đăng ký dồn dập: 25 tài khoản có cùng số điện thoại trong vòng 60 phút.',
        details: { key: 'phone', count: 25 },
      },
    ],
    counts: { fastAttempt: 2, sharedNetwork: 1, registrationBurst: 1, scoreJump: 0, identicalAnswers: 0, predictionOnly: 0 },
    thresholds: THRESHOLDS,
  };
}

describe('<admin-integrity>', () => {
  let api: FakeAdminApi;
  let current: IntegrityReview;

  beforeEach(() => {
    current = review();
    api = new FakeAdminApi()
      .on('GET', PATH, () => structuredClone(current))
      .on('POST', VOID, (body: { attemptIds: string[] }) => {
        current = { ...current, flags: current.flags.filter((f) => f.kind !== 'fastAttempt'), counts: { ...current.counts, fastAttempt: 0 } };
        return { voided: body.attemptIds.length, alreadyVoided: [] };
      });
  });

  const mount = async (canWrite = true) => {
    const el = await fixture<AdminIntegrity>(html`<admin-integrity .api=${api.asApi()} slug=${SLUG} .canWrite=${canWrite}></admin-integrity>`);
    await waitForSelector(el, '[data-kind]');
    return el;
  };

  const dialog = (el: AdminIntegrity) => deep(el, '#void-confirm')!.shadowRoot!.querySelector('dialog')!;
  const checkbox = (el: AdminIntegrity, kind: string, contestantId: string) =>
    deep<HTMLInputElement>(el, `[data-kind="${kind}"] tr[data-contestant="${contestantId}"] input[type=checkbox]`)!;

  it('groups flags by kind with counts, names, units, attempts and the Vietnamese explanations', async () => {
    const el = await mount();
    const text = visibleText(el.shadowRoot!);
    expect(text).to.include('Rà soát tính trung thực');
    expect(text).to.include('4 dấu hiệu cần xem xét');
    expect(text).to.include('Làm bài quá nhanh: 2');
    expect(text).to.include('Điểm tăng vọt: 0');
    expect(deepAll(el, '[data-kind]').map((s) => s.getAttribute('data-kind'))).to.deep.equal(['fastAttempt', 'registrationBurst', 'sharedNetwork']);
    const fast = deep(el, '[data-kind="fastAttempt"]')!;
    expect(visibleText(fast)).to.include('Làm bài quá nhanh (2)');
    const rows = [...fast.querySelectorAll('tbody tr')].map((r) => visibleText(r));
    expect(rows[0]).to.include('Trần Văn Bảo');
    expect(rows[0]).to.include('Sở Tư pháp');
    expect(rows[0]).to.include('a1');
    expect(rows[0]).to.include('20/20 câu trong 7 mili giây');
    expect(visibleText(deep(el, '[data-kind="sharedNetwork"]')!)).to.include('có thể hoàn toàn hợp lệ');
    // A registration without counting attempts has nothing to void.
    expect(checkbox(el, 'registrationBurst', 'c3').disabled).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('voids the selected rows after a reason and a confirmation, then shows the review again', async () => {
    const el = await mount();
    checkbox(el, 'fastAttempt', 'c1').click();
    checkbox(el, 'fastAttempt', 'c2').click();
    await el.updateComplete;
    // The same attempt in another group shows as chosen too.
    expect(checkbox(el, 'sharedNetwork', 'c1').checked).to.equal(true);
    fill(control(el, 'Lý do hủy kết quả'), 'Lượt thi tự động, đăng ký hàng loạt');
    button(el, 'Hủy kết quả các lượt đã chọn').click();
    const confirm = dialog(el);
    await waitUntil(() => confirm.open, 'the confirmation never opened');
    expect(visibleText(deep(el, '#void-confirm')!)).to.include('2 lượt thi sẽ không còn được tính');
    await expect(el).to.be.accessible();
    expect(api.callsTo('POST', VOID)).to.have.length(0);
    [...confirm.querySelectorAll('button')].find((b) => b.textContent === 'Hủy kết quả')!.click();
    await waitForText(el, 'Đã hủy kết quả 2 lượt thi');
    expect(api.callsTo('POST', VOID).map((c) => c.body)).to.deep.equal([{ attemptIds: ['a1', 'a2'], reason: 'Lượt thi tự động, đăng ký hàng loạt' }]);
    await waitUntil(() => !deep(el, '[data-kind="fastAttempt"]'), 'the voided group stayed');
    expect(api.callsTo('GET', PATH)).to.have.length(2);
    await expect(el).to.be.accessible();
  });

  it('asks for a selection and a reason before confirming; cancelling sends nothing', async () => {
    const el = await mount();
    button(el, 'Hủy kết quả các lượt đã chọn').click();
    await waitForText(el, 'Chọn ít nhất một thí sinh có lượt thi để hủy kết quả.');
    const reason = control(el, 'Lý do hủy kết quả');
    expect(describedError(reason)).to.equal('Cần ghi rõ lý do (ít nhất 5 ký tự)');
    expect(reason.getAttribute('aria-invalid')).to.equal('true');
    button(el, 'Chọn cả nhóm «Làm bài quá nhanh»').click();
    await el.updateComplete;
    expect(checkbox(el, 'fastAttempt', 'c2').checked).to.equal(true);
    fill(reason, 'Gian lận bằng công cụ');
    button(el, 'Hủy kết quả các lượt đã chọn').click();
    const confirm = dialog(el);
    await waitUntil(() => confirm.open);
    [...confirm.querySelectorAll('button')].find((b) => b.textContent === 'Huỷ bỏ')!.click();
    await waitUntil(() => !confirm.open);
    expect(api.callsTo('POST', VOID)).to.have.length(0);
  });

  it("shows the server's refusal naming the unknown attempts", async () => {
    api.on('POST', VOID, () => {
      throw refusal(400, {
        code: 'VALIDATION',
        message: 'Có 1 mã lượt thi không thuộc cuộc thi này, không lượt nào bị huỷ',
        fields: { attemptIds: 'Không tìm thấy lượt thi: a2' },
      });
    });
    const el = await mount();
    checkbox(el, 'fastAttempt', 'c2').click();
    fill(control(el, 'Lý do hủy kết quả'), 'Gian lận bằng công cụ');
    button(el, 'Hủy kết quả các lượt đã chọn').click();
    const confirm = dialog(el);
    await waitUntil(() => confirm.open);
    [...confirm.querySelectorAll('button')].find((b) => b.textContent === 'Hủy kết quả')!.click();
    await waitForText(el, 'Không tìm thấy lượt thi: a2');
    await expect(el).to.be.accessible();
  });

  it('is read-only for a jury token: the review without selection or void', async () => {
    const el = await mount(false);
    expect(visibleText(el.shadowRoot!)).to.include('Ban Giám khảo chỉ được xem');
    expect(deepAll(el, 'input[type=checkbox]')).to.have.length(0);
    expect(deep(el, '#void-form')).to.equal(null);
    expect(enabledWriteControls(el)).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('numbers the groups of identical answers so their members read together', async () => {
    const member = (contestantId: string, name: string, group: string) => ({
      kind: 'identicalAnswers' as const,
      contestantId,
      contestantName: name,
      unit: 'Sở Tư pháp',
      attemptIds: [`a-${contestantId}`],
      explanation: '2 tài khoản nộp bài có cùng câu hỏi và cùng phương án chọn trên 20 câu, kể cả các câu sai.',
      details: { group, accounts: 2, answered: 20, allCorrect: false },
    });
    current = {
      flags: [member('c1', 'Lê Văn A', 'g1'), member('c2', 'Lê Văn B', 'g1'), member('c3', 'Vũ Thị C', 'g2'), member('c4', 'Vũ Thị D', 'g2')],
      counts: { fastAttempt: 0, sharedNetwork: 0, registrationBurst: 0, scoreJump: 0, identicalAnswers: 4, predictionOnly: 0 },
      thresholds: THRESHOLDS,
    };
    const el = await mount();
    const rows = [...deep(el, '[data-kind="identicalAnswers"]')!.querySelectorAll('tbody tr')].map((r) => visibleText(r));
    expect(rows.map((r) => /Nhóm (\d)/.exec(r)![1])).to.deep.equal(['1', '1', '2', '2']);
    expect(visibleText(el.shadowRoot!)).to.include('Bài làm giống hệt nhau (4)');
    await expect(el).to.be.accessible();
  });

  it('says so when nothing is flagged', async () => {
    current = { flags: [], counts: { fastAttempt: 0, sharedNetwork: 0, registrationBurst: 0, scoreJump: 0, identicalAnswers: 0, predictionOnly: 0 }, thresholds: THRESHOLDS };
    const el = await fixture<AdminIntegrity>(html`<admin-integrity .api=${api.asApi()} slug=${SLUG} .canWrite=${true}></admin-integrity>`);
    await waitForText(el, 'không có dấu hiệu nào cần xem xét');
    await expect(el).to.be.accessible();
  });
});
