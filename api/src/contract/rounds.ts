/**
 * Rounds of a contest (issue 18, decision 0041): as organisers write them inside the contest
 * (`PUT /api/admin/contests/:slug`, field `rounds`), as the public contest lists them, and as a
 * contestant's `me` reports their own standing per round. Routes of one round mirror the contest's:
 * `GET /api/contests/:slug/rounds/:id/leaderboard` answers `leaderboardSchema`,
 * `GET /api/contests/:slug/rounds/:id/results` answers `publicResultsSchema`,
 * `POST|GET /api/admin/contests/:slug/rounds/:id/results` and `…/results/export` answer as the
 * contest's own.
 */
import { z } from 'zod';
import { ROUND_ID_PATTERN } from '../domain/rounds.js';
import { instant, isoInstant, prizesSchema } from './common.js';

/** One round as organisers write it; checks across rounds are in contract/contest.ts. */
export const roundSchema = z.strictObject({
  id: z
    .string()
    .trim()
    .regex(ROUND_ID_PATTERN, { error: 'Mã vòng gồm chữ thường không dấu, chữ số và dấu gạch ngang, tối đa 32 ký tự (ví dụ vong-1)' })
    .meta({ description: 'Mã vòng, dùng trong đường dẫn /rounds/:id' }),
  title: z.string().trim().min(1, { error: 'Tên vòng không được để trống' }).max(200),
  startsAt: isoInstant,
  endsAt: isoInstant,
  questionsPerAttempt: z.number().int().min(1).max(200).nullable().default(null).meta({ description: 'null: theo cài đặt của cuộc thi' }),
  maxAttempts: z.number().int().min(1).max(1000).nullable().default(null).meta({ description: 'Số lượt mỗi người trong vòng; null: theo cài đặt của cuộc thi' }),
  prizes: prizesSchema.nullable().default(null).meta({ description: 'Giải của riêng vòng; null: vòng không có giải riêng' }),
});

export type RoundRequest = z.input<typeof roundSchema>;

/** One round as anyone sees it in `GET /api/contests/:slug`. */
export const publicRoundSchema = z
  .strictObject({
    id: z.string(),
    number: z.number().int().meta({ description: 'Thứ tự của vòng theo thời gian, từ 1' }),
    title: z.string(),
    startsAt: instant(),
    endsAt: instant(),
    status: z.enum(['upcoming', 'open', 'closed']),
    questionsPerAttempt: z.number().int().meta({ description: 'Số câu mỗi lượt trong vòng (đã tính cài đặt của cuộc thi)' }),
    maxAttempts: z.number().int().nullable().meta({ description: 'Số lượt mỗi người trong vòng; null: không giới hạn' }),
    prizes: prizesSchema.nullable(),
    resultsPublishedAt: instant().nullable().meta({ description: 'Khi kết quả của vòng được công bố; chưa công bố: null' }),
  })
  .meta({ description: 'Một vòng thi' });

/** A contestant's own standing in one round, in `me.rounds`. */
export const myRoundSchema = z.strictObject({
  roundId: z.string(),
  attempts: z.number().int().meta({ description: 'Số lượt đã làm trong vòng' }),
  remainingAttempts: z.number().int().nullable().meta({ description: 'Số lượt còn lại trong vòng; null: không giới hạn' }),
  bestScore: z.number().int().nullable().optional().meta({ description: 'Điểm tốt nhất trong vòng; vắng mặt khi điểm còn giữ kín' }),
  total: z.number().int().nullable(),
  rank: z.number().int().nullable().optional().meta({ description: 'Thứ hạng trong vòng; vắng mặt khi điểm còn giữ kín' }),
});

export type PublicRound = z.infer<typeof publicRoundSchema>;
export type MyRound = z.infer<typeof myRoundSchema>;

/** `GET /api/admin/contests/:slug/rounds/:id/stats`: one round's figures for the console's dashboard. */
export const roundStatsSchema = z
  .strictObject({
    roundId: z.string(),
    status: z.enum(['upcoming', 'open', 'closed']),
    participants: z.number().int().meta({ description: 'Người có ít nhất một lượt được tính trong vòng' }),
    attempts: z.number().int().meta({ description: 'Lượt đã nộp được tính trong vòng' }),
    inProgress: z.number().int().meta({ description: 'Lượt đang làm' }),
    averageBestScore: z.number().nullable().meta({ description: 'Điểm tốt nhất trung bình của người tham gia vòng; null khi chưa có ai' }),
    actual: z.number().int().meta({ description: 'Con số đáp án của câu hỏi dự đoán, tính trên vòng' }),
    resultsPublishedAt: instant().nullable(),
  })
  .meta({ description: 'Số liệu của một vòng' });

export type RoundStats = z.infer<typeof roundStatsSchema>;
