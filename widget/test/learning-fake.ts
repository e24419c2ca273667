import type { FakeApi } from './fake-api.js';
import type { PracticeChecked, PracticeSet, PublicAnswers } from '../../api/src/contract/learning.js';

/** The source of each question of the fake's bank: a link for q1, a link that is not http(s) for q2, text alone for q3. */
export const SOURCES: Record<string, { source: string | null; sourceUrl: string | null }> = {
  q1: { source: 'Quyết định 06/QĐ-TTg ngày 06/01/2022', sourceUrl: 'https://example.org/qd-06' },
  q2: { source: 'Văn bản có liên kết lạ', sourceUrl: 'javascript:alert(1)' },
  q3: { source: 'Luật Căn cước 2023, Điều 3', sourceUrl: null },
};

/** The fake's right option of a question: option "a" (fake-api.ts scores it so). */
export const rightOf = (questionId: string) => `${questionId}a`;

export const ANSWERS: PublicAnswers = {
  contest: { slug: 'de-an-06-thai-binh', title: 'Cuộc thi trực tuyến tìm hiểu Đề án 06' },
  questions: [
    {
      id: 'b1',
      topic: 'dinh-danh-dien-tu',
      text: 'Tài khoản định danh điện tử mức độ 2 được dùng để làm gì?',
      options: [
        { id: 'o1', text: 'Thay thẻ Căn cước khi làm thủ tục' },
        { id: 'o2', text: 'Chỉ để đăng nhập mạng xã hội' },
      ],
      correctOptionId: 'o1',
      explanation: 'Tài khoản mức độ 2 có giá trị tương đương thẻ Căn cước.',
      source: 'Nghị định 69/2024/NĐ-CP',
      sourceUrl: 'https://example.org/nd-69',
      answered: 50,
      rightShare: 0.72,
    },
    {
      id: 'b2',
      topic: 'de-an-06',
      text: 'Đề án 06 được phê duyệt năm nào?',
      options: [
        { id: 'o3', text: '2021' },
        { id: 'o4', text: '2022' },
      ],
      correctOptionId: 'o4',
      explanation: null,
      source: null,
      sourceUrl: null,
      answered: 0,
      rightShare: null,
    },
    {
      id: 'b3',
      topic: 'vneid',
      text: 'Ứng dụng VNeID do cơ quan nào quản lý?',
      options: [
        { id: 'o5', text: 'Bộ Công an' },
        { id: 'o6', text: 'Bộ Y tế' },
      ],
      correctOptionId: 'o5',
      explanation: 'VNeID do Cục Cảnh sát QLHC về TTXH, Bộ Công an quản lý.',
      source: 'Trang VNeID',
      sourceUrl: 'data:text/html,<script>alert(1)</script>',
      answered: 10,
      rightShare: 0.5,
    },
  ],
};

const PRACTICE_QUESTIONS = [
  { id: 'p1', topic: 'de-an-06', text: 'Câu luyện tập thứ nhất?', options: [{ id: 'x1', text: 'Đúng một' }, { id: 'x2', text: 'Sai một' }] },
  { id: 'p2', topic: 'vneid', text: 'Câu luyện tập thứ hai?', options: [{ id: 'y1', text: 'Sai hai' }, { id: 'y2', text: 'Đúng hai' }] },
];
const PRACTICE_KEY: Record<string, string> = { p1: 'x1', p2: 'y2' };

/** What the learning routes answer in a test: each may be set to refuse. */
export interface LearningRoutes {
  /** Attempts show their key once submitted (revealAnswers: afterSubmit), with explanations and sources. */
  keyAfterSubmit: boolean;
  answers: { status: number; code?: string; message?: string; retryAfter?: number } | PublicAnswers;
  practice: { status: number; code?: string; message?: string; retryAfter?: number } | null;
  practiceSets: number;
  offline: boolean;
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

const refusal = (r: { status: number; code?: string; message?: string; retryAfter?: number }) =>
  json(r.status, { error: { code: r.code ?? 'NOT_AVAILABLE', message: r.message ?? 'Chưa có' } }, r.retryAfter ? { 'retry-after': String(r.retryAfter) } : {});

/**
 * Adds the routes of learning Đề án 06 (decision 0039) to an installed FakeApi: the answer page,
 * practice sets and their checks, and the key on a submitted attempt's view.
 */
export function addLearningRoutes(api: FakeApi): LearningRoutes {
  const routes: LearningRoutes = { keyAfterSubmit: true, answers: ANSWERS, practice: null, practiceSets: 0, offline: false };
  const inner = window.fetch;
  window.fetch = async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input));
    const method = (init.method ?? 'GET').toUpperCase();
    const path = url.pathname.replace(/^\/api/, '');
    const slug = api.contest.slug;
    const learning = path === `/contests/${slug}/answers` || path === `/contests/${slug}/practice` || path.startsWith('/practice/');
    if (learning) {
      api.requests.push({ method, origin: url.origin, path: url.pathname, body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined, auth: null });
      if (routes.offline) throw new TypeError('Failed to fetch');
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    if (method === 'GET' && path === `/contests/${slug}/answers`) {
      return 'questions' in routes.answers ? json(200, routes.answers) : refusal(routes.answers);
    }
    if (method === 'POST' && path === `/contests/${slug}/practice`) {
      if (routes.practice) return refusal(routes.practice);
      routes.practiceSets += 1;
      const set: PracticeSet = {
        id: `set${routes.practiceSets}`,
        contest: { slug, title: api.contest.title },
        questions: PRACTICE_QUESTIONS,
        expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
      };
      return json(201, set);
    }
    const check = /^\/practice\/([^/]+)\/check$/.exec(path);
    if (method === 'POST' && check) {
      const { questionId, optionId } = JSON.parse(String(init.body));
      const checked: PracticeChecked = {
        correct: PRACTICE_KEY[questionId] === optionId,
        correctOptionId: PRACTICE_KEY[questionId]!,
        explanation: `Giải thích của ${questionId}.`,
        source: 'Quyết định 06/QĐ-TTg',
        sourceUrl: 'https://example.org/qd-06',
      };
      return json(200, checked);
    }
    const response = await inner(input, init);
    if (method === 'GET' && /^\/attempts\/[^/]+$/.test(path) && response.ok && routes.keyAfterSubmit) {
      const view = await response.json();
      if (view.status !== 'submitted') return json(200, view);
      return json(200, {
        ...view,
        answerKeyShown: true,
        questions: view.questions.map((q: { id: string }) => ({
          ...q,
          correctOptionId: rightOf(q.id),
          explanation: `Giải thích cho ${q.id}.`,
          ...(SOURCES[q.id] ?? { source: null, sourceUrl: null }),
        })),
      });
    }
    return response;
  };
  return routes;
}
