/**
 * A draft of the impact-assessment dossier (hồ sơ đánh giá tác động xử lý dữ liệu cá nhân, Law
 * 91/2025/QH15, Decree 356/2025/NĐ-CP) filled from the contest and the deployment, printable on A4,
 * with blanks (dotted lines) for what only the committee knows. Pure: data in, HTML out; every text
 * is escaped. Security measures listed are only those the project has (SECURITY.md).
 */
import type { Contest } from '../domain/contest.js';
import { DEFAULT_NETWORK_DATA_RETENTION_DAYS } from '../domain/integrity.js';
import { DATA_REQUEST_DAYS } from '../domain/data-rights.js';
import { privacyNotice } from '../domain/privacy-notice.js';
import { formatVietnamTime } from '../domain/vietnam-format.js';
import { placeAndDate, REPORT_ISSUER, type ReportIssuer } from './report-page.js';

export interface DossierData {
  contest: Contest;
  generatedAt: string;
  retentionUntil: string;
  networkDataRetentionDays: number | null;
  storage: { kind: string; file: string };
  closed: boolean;
  issuer?: ReportIssuer;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const e = (value: unknown): string => String(value ?? '').replace(/[&<>"']/g, (ch) => ESCAPES[ch]!);

/** A blank for the committee to fill by hand. */
const BLANK = '<span class="blank"></span>';

/** The personal data a registration and its attempts store (db/schema.ts), with why. */
export const COLLECTED_FIELDS: readonly { field: string; name: string; kind: string; purpose: string }[] = [
  { field: 'fullName', name: 'Họ và tên', kind: 'Cơ bản', purpose: 'Xác định người dự thi, xếp hạng, công bố và trao giải' },
  { field: 'birthDate', name: 'Ngày, tháng, năm sinh', kind: 'Cơ bản', purpose: 'Đối chiếu với số định danh, đăng nhập lại, xác định người chưa thành niên' },
  { field: 'idNumber', name: 'Số định danh cá nhân (số thẻ căn cước)', kind: 'Cơ bản', purpose: 'Mỗi người một đăng ký, đăng nhập lại, xác minh người đoạt giải, chi trả giải' },
  { field: 'phone', name: 'Số điện thoại di động', kind: 'Cơ bản', purpose: 'Liên hệ người đoạt giải, đăng nhập lại, xác minh bằng mã SMS (nếu bật)' },
  { field: 'email', name: 'Thư điện tử (không bắt buộc)', kind: 'Cơ bản', purpose: 'Liên hệ' },
  { field: 'unitId', name: 'Đơn vị (cơ quan, xã, trường…)', kind: 'Cơ bản', purpose: 'Thống kê và giải tập thể theo đơn vị' },
  { field: 'occupation', name: 'Đối tượng dự thi', kind: 'Cơ bản', purpose: 'Thống kê theo đối tượng' },
  { field: 'answers', name: 'Câu trả lời, điểm, thời gian làm bài, câu trả lời dự đoán', kind: 'Cơ bản', purpose: 'Chấm điểm, xếp hạng, xét giải' },
  { field: 'source', name: 'Trang web nhúng cuộc thi mà thí sinh dùng', kind: 'Cơ bản', purpose: 'Thống kê theo trang nguồn' },
  { field: 'ip', name: 'Địa chỉ IP, trình duyệt (user agent)', kind: 'Cơ bản', purpose: 'Rà soát tính trung thực (phát hiện đăng ký hàng loạt, làm bài tự động)' },
  { field: 'consent', name: 'Phiên bản thông báo đã đồng ý, thời điểm đồng ý, lựa chọn công khai họ tên', kind: 'Cơ bản', purpose: 'Chứng minh sự đồng ý cho từng mục đích' },
  { field: 'guardian', name: 'Cha, mẹ hoặc người giám hộ của thí sinh dưới 16 tuổi: họ tên, điện thoại, quan hệ, sự đồng ý', kind: 'Cơ bản (của trẻ em)', purpose: 'Sự đồng ý của cha, mẹ hoặc người giám hộ cho trẻ em dưới 16 tuổi' },
];

/** What the software does to protect the data — only what it really does (SECURITY.md). */
export const SECURITY_MEASURES: readonly string[] = [
  'Mã truy cập của Ban Tổ chức, Ban Giám khảo và mã đăng nhập của thí sinh chỉ lưu dạng băm SHA-256; mã tạo bằng dòng lệnh ngẫu nhiên 256 bit, mã đặt qua biến ADMIN_TOKEN phải đạt ít nhất 128 bit; Ban Giám khảo chỉ được xem, không được sửa.',
  'Nhật ký (ai, làm gì, lúc nào) cho mọi thay đổi của Ban Tổ chức và mọi lần xem, tải dữ liệu có thông tin cá nhân (xuất danh sách, tìm thí sinh, danh sách loại trừ).',
  'Tối thiểu hoá dữ liệu công khai: bảng xếp hạng chỉ có chữ cái đầu của họ tên (họ tên đầy đủ chỉ khi thí sinh, và với trẻ em cả cha, mẹ hoặc người giám hộ, đồng ý), đơn vị, điểm; kết quả công bố thêm năm sinh; không bao giờ công khai số định danh, điện thoại, ngày sinh.',
  'Tệp cơ sở dữ liệu, bản sao lưu và tệp xuất bằng dòng lệnh chỉ chủ sở hữu đọc được (quyền 0600, thư mục 0700).',
  'Giới hạn tần suất đăng ký, đăng nhập, làm bài; khoá tạm thời khi nhập sai ngày sinh nhiều lần; chặn đoán mã truy cập.',
  'Tiêu đề bảo mật và chính sách nội dung (CSP) trên mọi trang; không lưu đệm phản hồi của API; thông báo lỗi không chứa dữ liệu nội bộ.',
  'Ghi đồng bộ an toàn khi mất điện (SQLite WAL, synchronous=FULL); sao lưu trực tuyến có kiểm tra toàn vẹn.',
  `Xoá địa chỉ IP và trình duyệt sau thời hạn lưu dữ liệu mạng; xoá số định danh, điện thoại, thư điện tử, ngày sinh, rút gọn họ tên sau thời hạn lưu giữ.`,
  `Thí sinh tự tải toàn bộ dữ liệu của mình, tự xoá đăng ký khi cuộc thi đang diễn ra, gửi yêu cầu sửa, hỏi, xoá; Ban Tổ chức trả lời trong ${DATA_REQUEST_DAYS} ngày.`,
];

/** What the software does not do, so the committee plans for it. */
const LIMITS: readonly string[] = [
  'Phần mềm không mã hoá tệp cơ sở dữ liệu và bản sao lưu: cần bảo vệ ổ đĩa máy chủ, mã hoá bản sao lưu và giới hạn người được đọc thư mục dữ liệu.',
  'Mã hoá đường truyền (HTTPS) do máy chủ trung gian (nginx, Caddy…) đảm nhận; máy chủ ứng dụng không được mở trực tiếp ra Internet.',
  'Không xác thực danh tính qua VNeID/eKYC: số định danh chỉ được kiểm tra tính hợp lệ.',
  'Các bản sao lưu tạo trước khi xoá dữ liệu vẫn chứa dữ liệu đầy đủ: người vận hành phải xoá hoặc huỷ chúng theo cùng thời hạn.',
];

export function renderPrivacyDossier(data: DossierData): string {
  const { contest } = data;
  const issuer = data.issuer ?? data.contest.reportIssuer ?? REPORT_ISSUER;
  const notice = privacyNotice(data.contest);
  const networkDays = data.networkDataRetentionDays ?? DEFAULT_NETWORK_DATA_RETENTION_DAYS;
  const row = (cells: unknown[]) => `<tr>${cells.map((cell) => `<td>${cell}</td>`).join('')}</tr>`;
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8">
<title>Hồ sơ đánh giá tác động xử lý dữ liệu cá nhân — ${e(contest.title)}</title>
<style>
  @page { size: A4; margin: 20mm 15mm 18mm 25mm; @bottom-right { content: "Trang " counter(page) "/" counter(pages); font: 9pt "Times New Roman", serif; } }
  body { font: 12pt/1.4 "Times New Roman", "Liberation Serif", serif; color: #111; max-width: 180mm; margin: 0 auto; padding: 8mm; }
  @media print { body { max-width: none; padding: 0; } .noprint { display: none; } }
  .header { display: grid; grid-template-columns: 44% 56%; text-align: center; margin-bottom: 14pt; font-size: 11.5pt; }
  .header p { margin: 0; }
  h1 { font-size: 14pt; text-align: center; margin: 10pt 0 2pt; text-transform: uppercase; }
  .subtitle { text-align: center; font-style: italic; margin: 0 0 12pt; }
  h2 { font-size: 12.5pt; margin: 12pt 0 4pt; break-after: avoid; }
  table { width: 100%; border-collapse: collapse; margin: 4pt 0 8pt; font-size: 11pt; }
  th, td { border: 1px solid #444; padding: 3pt 5pt; vertical-align: top; text-align: left; }
  tr { break-inside: avoid; }
  .blank { display: inline-block; min-width: 60mm; border-bottom: 1px dotted #111; height: 1em; }
  .note { font-size: 10.5pt; font-style: italic; }
  .signature { display: grid; grid-template-columns: 50% 50%; text-align: center; margin-top: 18pt; break-inside: avoid; }
  .signature p { margin: 0; }
</style></head>
<body>
<div class="header">
  <div><p>${e(issuer.authority)}</p><p><strong>${e(issuer.organiser)}</strong></p></div>
  <div><p><strong>CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM</strong></p><p><strong>Độc lập - Tự do - Hạnh phúc</strong></p>
  <p><em>${e(placeAndDate(issuer.place, data.generatedAt))}</em></p></div>
</div>
<h1>Hồ sơ đánh giá tác động xử lý dữ liệu cá nhân</h1>
<p class="subtitle">(Bản dự thảo do phần mềm lập ngày ${e(formatVietnamTime(data.generatedAt))} — theo Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15 và Nghị định số 356/2025/NĐ-CP; Ban Tổ chức hoàn thiện các mục để trống, ký và lưu giữ)</p>

<h2>I. Bên kiểm soát và xử lý dữ liệu cá nhân</h2>
<table><tbody>
${row(['Bên kiểm soát và xử lý dữ liệu', `${e(notice.controller)} (${e(issuer.authority)})`])}
${row(['Người đại diện, chức vụ', BLANK])}
${row(['Bộ phận, người phụ trách bảo vệ dữ liệu cá nhân', BLANK])}
${row(['Địa chỉ, điện thoại, thư điện tử liên hệ', `${e(notice.contact)} ${BLANK}`])}
${row(['Bên xử lý dữ liệu được thuê (đơn vị vận hành máy chủ, nếu có)', BLANK])}
</tbody></table>

<h2>II. Hoạt động xử lý</h2>
<table><tbody>
${row(['Tên hoạt động', `Tổ chức cuộc thi trắc nghiệm trực tuyến «${e(contest.title)}»`])}
${row(['Thời gian cuộc thi', `${e(formatVietnamTime(contest.startsAt))} – ${e(formatVietnamTime(contest.endsAt))}${data.closed ? ' (đã kết thúc)' : ''}`])}
${row(['Chủ thể dữ liệu', 'Người dự thi (mọi người trong tỉnh trừ Ban Tổ chức, Ban Giám khảo, Tổ Thư ký), trong đó có học sinh chưa thành niên; thành viên Ban Tổ chức, Ban Giám khảo, Tổ Thư ký (danh sách loại trừ: số định danh, số điện thoại)'])}
${row(['Số người dự kiến', BLANK])}
</tbody></table>

<h2>III. Loại dữ liệu cá nhân được xử lý</h2>
<table><thead><tr><th>Dữ liệu</th><th>Loại</th><th>Mục đích</th></tr></thead><tbody>
${COLLECTED_FIELDS.map((f) => row([e(f.name), e(f.kind), e(f.purpose)])).join('\n')}
</tbody></table>
<p class="note">Phần mềm không thu thập dữ liệu cá nhân nhạy cảm. Ban Tổ chức rà soát lại nếu thể lệ yêu cầu thêm thông tin.</p>

<h2>IV. Mục đích xử lý</h2>
<ol>
  <li>Tổ chức cuộc thi: đăng ký, làm bài, chấm điểm, xếp hạng.</li>
  <li>Xét, công bố, trao và chi trả giải thưởng cá nhân và tập thể.</li>
  <li>Thống kê số người, lượt tham gia theo đơn vị, đối tượng, ngày.</li>
  <li>Bảo đảm công bằng: rà soát tính trung thực, xử lý khiếu nại.</li>
</ol>
<p>Dữ liệu không được bán, không chia sẻ cho bên nào ngoài Ban Tổ chức, Ban Giám khảo, Tổ Thư ký; các trang web nhúng cuộc thi không nhận dữ liệu cá nhân của thí sinh.</p>

<h2>V. Bên nhận dữ liệu</h2>
<table><tbody>
${row(['Ban Tổ chức, Ban Giám khảo, Tổ Thư ký', 'Danh sách thí sinh, xếp hạng, lượt thi đầy đủ (qua bảng điều khiển có mã truy cập, mỗi lần tải được ghi nhật ký)'])}
${row(['Công chúng', 'Bảng xếp hạng (họ tên, đơn vị, điểm, thời gian) và danh sách đoạt giải (thêm năm sinh)'])}
${row(['Đơn vị chi trả giải thưởng', BLANK])}
${row(['Chuyển dữ liệu ra nước ngoài', 'Không'])}
</tbody></table>

<h2>VI. Thời hạn lưu giữ và xoá</h2>
<table><tbody>
${row(['Dữ liệu mạng (địa chỉ IP, trình duyệt)', `${e(networkDays)} ngày sau khi cuộc thi kết thúc, rồi xoá`])}
${row(['Số định danh, điện thoại, thư điện tử, ngày sinh', `Đến ${e(formatVietnamTime(data.retentionUntil))}, rồi xoá; họ tên rút gọn thành chữ cái đầu, trừ người đoạt giải đã công bố`])}
${row(['Điểm, xếp hạng, kết quả, thống kê', 'Lưu giữ lâu dài (không còn định danh người dự thi sau khi xoá)'])}
${row(['Thí sinh rút lại sự đồng ý', 'Xoá ngay đăng ký và các lượt thi khi cuộc thi đang diễn ra; người đoạt giải đã công bố: Ban Tổ chức xem xét và trả lời trong 15 ngày'])}
</tbody></table>

<h2>VII. Nơi lưu trữ</h2>
<table><tbody>
${row(['Hệ quản trị cơ sở dữ liệu', `${e(data.storage.kind)} (tệp «${e(data.storage.file)}» trên máy chủ cuộc thi)`])}
${row(['Địa điểm đặt máy chủ', BLANK])}
${row(['Nơi lưu bản sao lưu, người giữ', BLANK])}
</tbody></table>

<h2>VIII. Biện pháp bảo vệ dữ liệu</h2>
<p><strong>Do phần mềm thực hiện:</strong></p>
<ol>${SECURITY_MEASURES.map((m) => `<li>${e(m)}</li>`).join('')}</ol>
<p><strong>Giới hạn cần biện pháp bổ sung của Ban Tổ chức:</strong></p>
<ol>${LIMITS.map((m) => `<li>${e(m)}</li>`).join('')}</ol>
<p>Biện pháp quản lý bổ sung (phân công, bảo mật máy chủ, quy trình sao lưu): ${BLANK}</p>

<h2>IX. Quyền của chủ thể dữ liệu và cách thực hiện</h2>
<p>Xem, tải toàn bộ dữ liệu của mình (mục «Dữ liệu của tôi» trên trang thi); yêu cầu sửa họ tên, điện thoại, đơn vị; hỏi về việc xử lý dữ liệu; rút lại sự đồng ý và yêu cầu xoá. Ban Tổ chức trả lời trong ${DATA_REQUEST_DAYS} ngày kể từ khi nhận (màn hình «Yêu cầu về dữ liệu» của bảng điều khiển).</p>

<h2>X. Đánh giá rủi ro và biện pháp giảm thiểu</h2>
<table><thead><tr><th>Rủi ro</th><th>Mức độ</th><th>Biện pháp</th></tr></thead><tbody>
${row(['Lộ dữ liệu do mất mã truy cập của Ban Tổ chức', BLANK, 'Thu hồi mã bằng dòng lệnh; nhật ký mọi lần tải dữ liệu'])}
${row(['Lộ tệp xuất đã tải về máy cá nhân', BLANK, BLANK])}
${row(['Mất dữ liệu do sự cố máy chủ', BLANK, 'Sao lưu trực tuyến định kỳ có kiểm tra toàn vẹn'])}
${row(['Khác', BLANK, BLANK])}
</tbody></table>

<div class="signature">
  <div><p><strong>NGƯỜI LẬP</strong></p><p class="note">(ký, ghi rõ họ tên)</p></div>
  <div><p><strong>TM. BAN TỔ CHỨC</strong></p><p><strong>TRƯỞNG BAN</strong></p><p class="note">(ký, ghi rõ họ tên, đóng dấu)</p></div>
</div>
<p class="noprint note">In trang này (Ctrl+P) trên khổ A4.</p>
</body></html>`;
}
