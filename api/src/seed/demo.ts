import { readFileSync } from 'node:fs';
import type { Db } from '../db/connection.js';
import { listContests, replaceUnits, saveContest, saveQuestions, type Unit } from '../db/contests.js';
import { CONTEST_DEFAULTS, type Contest } from '../domain/contest.js';
import { defaultRetentionUntil } from '../domain/privacy-notice.js';

/**
 * Units of the reference province (Thái Bình) as plan 34/KH-UBND names them. By default the districts
 * and departments compete (children of the two top-level groupings); "Đơn vị khác, nhân dân tự do" is
 * no collective and is set not to compete. Headcounts are illustrative, for the demo.
 */
export const THAI_BINH_UNITS: Unit[] = [
  { id: 'huyen-thanh-pho', name: 'Các huyện, thành phố', parentId: null, kind: 'group', headcount: null, competes: null },
  { id: 'tp-thai-binh', name: 'Thành phố Thái Bình', parentId: 'huyen-thanh-pho', kind: 'district', headcount: 12000, competes: null },
  { id: 'dong-hung', name: 'Huyện Đông Hưng', parentId: 'huyen-thanh-pho', kind: 'district', headcount: 9500, competes: null },
  { id: 'hung-ha', name: 'Huyện Hưng Hà', parentId: 'huyen-thanh-pho', kind: 'district', headcount: 9000, competes: null },
  { id: 'kien-xuong', name: 'Huyện Kiến Xương', parentId: 'huyen-thanh-pho', kind: 'district', headcount: 7000, competes: null },
  { id: 'quynh-phu', name: 'Huyện Quỳnh Phụ', parentId: 'huyen-thanh-pho', kind: 'district', headcount: 8500, competes: null },
  { id: 'thai-thuy', name: 'Huyện Thái Thụy', parentId: 'huyen-thanh-pho', kind: 'district', headcount: 8000, competes: null },
  { id: 'tien-hai', name: 'Huyện Tiền Hải', parentId: 'huyen-thanh-pho', kind: 'district', headcount: 6500, competes: null },
  { id: 'vu-thu', name: 'Huyện Vũ Thư', parentId: 'huyen-thanh-pho', kind: 'district', headcount: 7000, competes: null },
  { id: 'co-quan-tinh', name: 'Sở, ban, ngành, cơ quan cấp tỉnh', parentId: null, kind: 'group', headcount: null, competes: null },
  { id: 'cong-an-tinh', name: 'Công an tỉnh', parentId: 'co-quan-tinh', kind: 'department', headcount: 2500, competes: null },
  { id: 'so-gd-dt', name: 'Sở Giáo dục và Đào tạo', parentId: 'co-quan-tinh', kind: 'department', headcount: 24000, competes: null },
  { id: 'so-tt-tt', name: 'Sở Thông tin và Truyền thông', parentId: 'co-quan-tinh', kind: 'department', headcount: 120, competes: null },
  { id: 'so-noi-vu', name: 'Sở Nội vụ', parentId: 'co-quan-tinh', kind: 'department', headcount: 150, competes: null },
  { id: 'vp-ubnd-tinh', name: 'Văn phòng UBND tỉnh', parentId: 'co-quan-tinh', kind: 'department', headcount: 110, competes: null },
  { id: 'bao-thai-binh', name: 'Báo Thái Bình', parentId: 'co-quan-tinh', kind: 'department', headcount: 90, competes: null },
  { id: 'dai-ptth', name: 'Đài Phát thanh và Truyền hình Thái Bình', parentId: 'co-quan-tinh', kind: 'department', headcount: 160, competes: null },
  { id: 'so-tu-phap', name: 'Sở Tư pháp', parentId: 'co-quan-tinh', kind: 'department', headcount: 80, competes: null },
  { id: 'so-y-te', name: 'Sở Y tế', parentId: 'co-quan-tinh', kind: 'department', headcount: 6500, competes: null },
  { id: 'so-tai-chinh', name: 'Sở Tài chính', parentId: 'co-quan-tinh', kind: 'department', headcount: 130, competes: null },
  { id: 'so-lao-dong', name: 'Sở Lao động – Thương binh và Xã hội', parentId: 'co-quan-tinh', kind: 'department', headcount: 300, competes: null },
  { id: 'bo-chqs-tinh', name: 'Bộ Chỉ huy Quân sự tỉnh', parentId: 'co-quan-tinh', kind: 'department', headcount: 1200, competes: null },
  { id: 'tinh-doan', name: 'Tỉnh đoàn Thái Bình', parentId: 'co-quan-tinh', kind: 'department', headcount: 60, competes: null },
  { id: 'co-quan-khac', name: 'Các sở, ban, ngành khác', parentId: 'co-quan-tinh', kind: 'department', headcount: 3000, competes: null },
  { id: 'khac', name: 'Đơn vị khác, nhân dân tự do', parentId: null, kind: 'other', headcount: null, competes: false },
];

interface BankQuestion {
  id: string;
  topic: string;
  text: string;
  options: string[];
  answer: number;
  explanation?: string;
  /** The readable source(s) and the first link (decision 0036). */
  source?: string | null;
  sourceUrl?: string | null;
}

/** The sourced bank shipped in this folder (resolved from the project root so the built server finds it too). */
export function loadQuestionBank(): BankQuestion[] {
  return JSON.parse(readFileSync(new URL('../../../api/src/seed/de-an-06-questions.json', import.meta.url), 'utf8')) as BankQuestion[];
}

const DOCUMENTS = [
  { title: 'Quyết định số 06/QĐ-TTg ngày 06/01/2022 phê duyệt Đề án 06', url: 'https://vanban.chinhphu.vn/?pageid=27160&docid=204975' },
  { title: 'Luật Căn cước số 26/2023/QH15', url: 'https://vbpl.vn/' },
];

const DESCRIPTION = `Cuộc thi trắc nghiệm trên Internet tìm hiểu Đề án “Phát triển ứng dụng dữ liệu về dân cư, định danh và xác thực điện tử phục vụ chuyển đổi số quốc gia giai đoạn 2022–2025, tầm nhìn đến năm 2030” (Đề án 06) trên địa bàn tỉnh Thái Bình.

Mỗi lượt thi gồm 20 câu hỏi trắc nghiệm chọn ngẫu nhiên, làm trong 15 phút, và một câu hỏi dự đoán số người tham gia.
- Mỗi người đăng ký một lần bằng số định danh cá nhân.
- Mỗi người được thi tối đa 3 lượt; lượt có kết quả cao nhất được tính.
- Thành viên Ban Tổ chức, Ban Giám khảo và Tổ Thư ký không tham gia dự thi.`;

export function demoContest(now: Date): Contest {
  const start = new Date(now.getTime() - 60 * 60 * 1000);
  return {
    ...structuredClone(CONTEST_DEFAULTS),
    rankingOrder: [...CONTEST_DEFAULTS.rankingOrder],
    occupations: [...CONTEST_DEFAULTS.occupations],
    allowedOrigins: [],
    slug: 'de-an-06-thai-binh',
    title: 'Cuộc thi trắc nghiệm tìm hiểu Đề án 06 trên địa bàn tỉnh Thái Bình',
    description: DESCRIPTION,
    startsAt: start.toISOString(),
    endsAt: new Date(start.getTime() + 60 * 24 * 60 * 60 * 1000).toISOString(),
    documents: DOCUMENTS,
    personalDataRetentionUntil: defaultRetentionUntil(new Date(start.getTime() + 60 * 24 * 60 * 60 * 1000).toISOString()),
  };
}

/** The reference plan's own contest: 10:00 20/3/2023 – 10:00 19/5/2023 Vietnam time, closed. */
export function referenceContest(): Contest {
  return {
    ...demoContest(new Date('2023-03-20T03:00:00Z')),
    slug: 'thai-binh-2023',
    title: 'Cuộc thi trắc nghiệm trên Internet tìm hiểu Đề án 06 (Kế hoạch số 34/KH-UBND năm 2023)',
    startsAt: '2023-03-20T03:00:00.000Z',
    endsAt: '2023-05-19T03:00:00.000Z',
    personalDataRetentionUntil: defaultRetentionUntil('2023-05-19T03:00:00.000Z'),
  };
}

/** Seeds the demo contests once, on a database that has no contest yet. */
export function seedDemoContests(db: Db, now: Date): boolean {
  if (listContests(db).length > 0) return false;
  const bank = loadQuestionBank().map((q) => ({ ...q, explanation: q.explanation ?? null, source: q.source ?? null, sourceUrl: q.sourceUrl ?? null }));
  db.transaction(() => {
    for (const contest of [demoContest(now), referenceContest()]) {
      saveContest(db, contest, now);
      replaceUnits(db, contest.slug, THAI_BINH_UNITS);
      saveQuestions(db, contest.slug, bank);
    }
  })();
  return true;
}
