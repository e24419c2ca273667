import { addVietnamese } from './strings.js';

/**
 * Vietnamese texts of the rounds of a contest (issue 18): the current round on the contest page, the
 * next one between rounds, and the results of past rounds. They come with the rounds chunk and join
 * the table of strings.ts as it loads (decision 0013); the English ones are in strings-en.ts.
 */
export const roundsTexts = {
  roundName: (n: number, of: number, title: string) => `Vòng ${n}/${of} · ${title}`,
  roundClosesIn: 'Vòng thi kết thúc sau',
  roundOpensIn: 'Vòng thi bắt đầu sau',
  roundStartsAt: (n: number, of: number, at: string) => `Vòng ${n}/${of} bắt đầu lúc ${at}.`,
  roundWait: 'Bạn có thể làm bài khi vòng thi mở.',
  roundsOver: 'Các vòng thi đã kết thúc.',
  roundRules: (questions: number, attempts: number | null) =>
    `Vòng này: mỗi lượt ${questions} câu hỏi; ${attempts === null ? 'không giới hạn số lượt thi' : `tối đa ${attempts} lượt thi`}.`,
  roundWindow: (from: string, to: string) => `Từ ${from} đến ${to}`,
  pastRoundsHeading: 'Kết quả các vòng đã qua',
  roundStanding: (score: number, total: number | null, rank: number | null | undefined) =>
    `Điểm cao nhất ${score}/${total ?? '?'}${rank ? ` · hạng ${rank}` : ''}`,
  roundAttemptsOnly: (n: number) => `Bạn đã làm ${n} lượt ở vòng này.`,
  roundNotTaken: 'Bạn chưa làm bài ở vòng này.',
  roundLeaderboard: 'Bảng xếp hạng vòng',
  roundResults: 'Giải thưởng của vòng',
};

addVietnamese(roundsTexts);
