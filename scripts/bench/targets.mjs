/**
 * The figures the project commits to (issue 6, SPEC §6), in one place. Load targets are ratios to
 * the static-JSON baseline measured in the same run, so a busy or slow machine does not move them.
 */
export const LOAD_ROUTES = [
  { key: 'baseline', label: 'Cơ sở: JSON tĩnh, không đọc CSDL (GET /api/ping)', target: null },
  { key: 'health', label: 'GET /api/health (JSON tĩnh qua chuỗi middleware của /api)', target: null },
  { key: 'contestInfo', label: 'Thông tin cuộc thi (GET /api/contests/:slug)', target: { ratio: 0.6 } },
  { key: 'registration', label: 'Đăng ký (POST /api/contests/:slug/contestants)', target: null },
  { key: 'attemptStart', label: 'Bắt đầu lượt thi (POST /api/contests/:slug/attempts)', target: { ratio: 0.2 } },
  { key: 'autosave', label: 'Lưu một câu trả lời (PUT /api/attempts/:id/answers)', target: { ratio: 0.3 } },
  { key: 'submit', label: 'Nộp bài (POST /api/attempts/:id/submit)', target: { ratio: 0.2 } },
  { key: 'leaderboard', label: 'Bảng xếp hạng (GET /api/contests/:slug/leaderboard?limit=20)', target: { ratio: 0.5, p99Ms: 10 } },
  { key: 'unitsStats', label: 'Thống kê theo đơn vị (GET /api/contests/:slug/units/stats)', target: null },
];

export const ORGANISER_TARGETS = {
  statsMs: 100,
  prizesMs: 5000,
  exportRowsPerSecond: 200_000,
  exportPeakRssBytes: 300 * 1024 * 1024,
};

/**
 * What PostgreSQL must reach beside SQLite on the same data and machine (issue 15): a load route's
 * requests/s as a share of SQLite's in the same run. Its organiser work has ORGANISER_TARGETS.
 */
export const POSTGRES_TARGETS = { submit: 0.5, contestInfo: 0.9, leaderboard: 0.9 };

/**
 * gzip -9 of what the classic script tag makes a host page download before the contest shows (the
 * IIFE, or since decision 0013 the loader plus the module and its static imports): target and limit.
 */
export const WIDGET_TARGETS = { iife: 'de-an-06-quiz.js', targetBytes: 15 * 1024, limitBytes: 25 * 1024 };

/** Whether a measured load route meets its target; null when it has none. */
export function loadTargetMet(route, ratio, p99Ms) {
  const target = LOAD_ROUTES.find((r) => r.key === route)?.target;
  if (!target) return null;
  if (!(ratio >= target.ratio)) return false;
  return target.p99Ms === undefined || p99Ms <= target.p99Ms;
}
