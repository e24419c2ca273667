import { expect, fixture, html } from '@open-wc/testing';
import '../src/screens/settings.js';
import type { AdminSettings, ContestSettings } from '../src/screens/settings.js';
import { FakeAdminApi } from './fake-admin-api.js';
import { button, control, fill, waitForSelector, waitForText } from './helpers.js';

const SLUG = 'thi-thu';

const CONTEST: ContestSettings = {
  slug: SLUG,
  title: 'Cuộc thi tìm hiểu Đề án 06',
  description: '',
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
  prizes: { individual: [{ name: 'Giải Nhất', count: 1, valueVnd: 6_000_000 }], collective: [] },
  collectiveCriterion: 'participationRate',
  topicQuotas: null,
  allowedOrigins: [],
  occupations: [{ id: 'can-bo', name: 'Cán bộ, công chức' }],
  documents: [],
  privacyNotice: { version: 1, controller: null, contact: null, purposes: null, text: null },
  personalDataRetentionUntil: '2027-05-19T03:00:00.000Z',
  minAge: null,
  practice: 'afterClose',
  networkDataRetentionDays: 30,
  integrity: { minSecondsPerQuestion: 5, networkRegistrations: 40 },
  status: 'closed',
};

describe('<admin-settings> and the integrity review settings', () => {
  it('saving the form keeps the review thresholds and the network data retention it does not show', async () => {
    const api = new FakeAdminApi().on('GET', `/contests/${SLUG}`, CONTEST).on('PUT', `/contests/${SLUG}`, (body: object) => ({ ...body, slug: SLUG, status: 'closed' }));
    const el = await fixture<AdminSettings>(html`<admin-settings .api=${api.asApi()} slug=${SLUG} .canWrite=${true}></admin-settings>`);
    await waitForSelector(el, '#f-title');
    fill(control(el, 'Tên cuộc thi'), 'Cuộc thi tìm hiểu Đề án 06 năm 2026');
    button(el, 'Lưu cấu hình').click();
    await waitForText(el, 'Đã lưu cấu hình lúc');
    const body = api.callsTo('PUT', `/contests/${SLUG}`)[0]!.body as ContestSettings;
    expect(body.title).to.equal('Cuộc thi tìm hiểu Đề án 06 năm 2026');
    expect(body.networkDataRetentionDays).to.equal(30);
    expect(body.integrity).to.deep.equal({ minSecondsPerQuestion: 5, networkRegistrations: 40 });
  });
});
