import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { ApiClient, ApiError } from '../src/api-client.js';
import '../src/de-an-06-certificate.js';
import { shareLinks, type DeAn06Certificate } from '../src/de-an-06-certificate.js';
import { loadStrings } from '../src/strings.js';
import type { MyCertificate } from '../../api/src/contract/learning.js';

const CERTIFICATE: MyCertificate = {
  code: 'WYFD-5BQP-X5AK',
  verifyUrl: 'https://thi.example.vn/chung-nhan/WYFD-5BQP-X5AK',
  fullName: 'Nguyễn Văn An',
  unitName: 'Thành phố Thái Bình',
  contest: { slug: 'de-an-06-thai-binh', title: 'Cuộc thi tìm hiểu Đề án 06' },
  bestScore: 17,
  total: 20,
  participatedAt: '2026-11-28T03:05:00.000Z',
  issuedAt: '2026-11-28T17:30:00.000Z',
};

/** A client that answers the certificate route from `answer`, and records what was asked. */
function client(answer: () => Promise<unknown>): ApiClient & { asked: string[] } {
  const fake = new ApiClient('https://thi.example.vn') as ApiClient & { asked: string[] };
  fake.asked = [];
  fake.request = (async (method: string, path: string) => {
    fake.asked.push(`${method} ${path}`);
    return answer();
  }) as ApiClient['request'];
  return fake;
}

const text = (el: Element) => (el.shadowRoot?.textContent ?? '').replace(/\s+/g, ' ');
const buttonNamed = (el: Element, name: string) =>
  [...el.shadowRoot!.querySelectorAll<HTMLElement>('button, a')].find((b) => b.textContent?.trim() === name);

async function element(c: ApiClient, lang = 'vi'): Promise<DeAn06Certificate> {
  return fixture<DeAn06Certificate>(
    html`<de-an-06-certificate .client=${c} contest="de-an-06-thai-binh" .contestTitle=${'Cuộc thi tìm hiểu Đề án 06'} lang=${lang}></de-an-06-certificate>`,
  );
}

describe('<de-an-06-certificate>', () => {
  const realShare = Object.getOwnPropertyDescriptor(Navigator.prototype, 'share');
  afterEach(() => {
    if (realShare) Object.defineProperty(Navigator.prototype, 'share', realShare);
    else delete (Navigator.prototype as { share?: unknown }).share;
  });

  it('shows the certificate: name, unit, contest, best score, date in Vietnam time, code, QR code and the printable copy', async () => {
    const api = client(async () => CERTIFICATE);
    const el = await element(api);
    buttonNamed(el, 'Giấy chứng nhận')!.click();
    await waitUntil(() => el.shadowRoot!.querySelector('article'), 'the certificate shows');
    expect(api.asked).to.deep.equal(['GET /contests/de-an-06-thai-binh/me/certificate']);
    const shown = text(el);
    for (const part of ['Giấy chứng nhận đã tham gia', 'Nguyễn Văn An', 'Đơn vị: Thành phố Thái Bình', 'Cuộc thi tìm hiểu Đề án 06', 'Điểm cao nhất: 17/20', 'WYFD-5BQP-X5AK']) {
      expect(shown).to.include(part);
    }
    // 17:30 UTC on 28 November is already the 29th in Vietnam.
    expect(shown).to.include('Cấp ngày 29 tháng 11 năm 2026');
    const qr = el.shadowRoot!.querySelector('img')!;
    expect(qr.alt).to.equal('Mã QR dẫn đến trang xác minh giấy chứng nhận');
    expect(qr.src).to.match(/^data:image\/svg\+xml,/);
    expect((buttonNamed(el, 'In giấy chứng nhận') as HTMLAnchorElement).href).to.equal(`${CERTIFICATE.verifyUrl}?in=1`);
    await expect(el).to.be.accessible();
  });

  it('leaves the best score out when the contest does not show it yet, and speaks English', async () => {
    await loadStrings('en');
    const el = await element(client(async () => ({ ...CERTIFICATE, bestScore: null })), 'en');
    buttonNamed(el, 'Certificate')!.click();
    await waitUntil(() => el.shadowRoot!.querySelector('article'));
    expect(text(el)).to.include('Certificate of participation');
    expect(text(el)).to.include('Issued on 29 November 2026');
    expect(text(el)).not.to.include('Best score');
  });

  it('says why there is no certificate before an attempt counts', async () => {
    const el = await element(client(async () => Promise.reject(new ApiError(404, 'NOT_AVAILABLE', 'Chưa có giấy chứng nhận'))));
    buttonNamed(el, 'Giấy chứng nhận')!.click();
    await waitUntil(() => text(el).includes('nộp ít nhất một lượt thi hợp lệ'));
    expect(el.shadowRoot!.querySelector('article')).to.equal(null);
  });

  it('shares the contest page through the share sheet, or Zalo and Facebook links, with nothing about the person', async () => {
    const shared: ShareData[] = [];
    Object.defineProperty(Navigator.prototype, 'share', { configurable: true, value: async (data: ShareData) => void shared.push(data) });
    const el = await element(client(async () => CERTIFICATE));
    buttonNamed(el, 'Chia sẻ')!.click();
    await waitUntil(() => shared.length === 1);
    expect(shared[0]).to.deep.equal({
      title: 'Cuộc thi tìm hiểu Đề án 06',
      text: 'Mời bạn cùng tham gia Cuộc thi tìm hiểu Đề án 06',
      url: 'https://thi.example.vn/c/de-an-06-thai-binh',
    });

    Object.defineProperty(Navigator.prototype, 'share', { configurable: true, value: undefined });
    buttonNamed(el, 'Chia sẻ')!.click();
    await waitUntil(() => buttonNamed(el, 'Chia sẻ qua Zalo'));
    const links = shareLinks('https://thi.example.vn/c/de-an-06-thai-binh');
    expect((buttonNamed(el, 'Chia sẻ qua Zalo') as HTMLAnchorElement).href).to.equal(links.zalo);
    expect((buttonNamed(el, 'Chia sẻ qua Facebook') as HTMLAnchorElement).href).to.equal(links.facebook);
    expect(links.facebook).to.equal('https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fthi.example.vn%2Fc%2Fde-an-06-thai-binh');
    for (const link of Object.values(links)) expect(link).not.to.match(/chung-nhan|Nguy|WYFD/);
    await expect(el).to.be.accessible();
  });
});
