/**
 * The contest's settings in the words the organisers' screens use for them (ranking, prizes).
 * The same words as the settings screen's choices.
 */

export const CRITERION_WORDS: Record<string, string> = {
  score: 'Điểm cao hơn',
  prediction: 'Dự đoán sát hơn',
  duration: 'Thời gian làm bài ngắn hơn',
  submittedAt: 'Nộp bài sớm hơn',
};

export const PREDICTION_TARGET_WORDS: Record<string, string> = {
  participants: 'Số người tham gia',
  attempts: 'Số lượt thi',
  perfectParticipants: 'Số người đạt điểm tuyệt đối',
};

export const COLLECTIVE_CRITERION_WORDS: Record<string, string> = {
  participationRate: 'Tỉ lệ người tham gia so với số người của đơn vị',
  participants: 'Số người tham gia',
};

/** "Điểm cao hơn → Dự đoán sát hơn → …": the tie-break chain in reading order. */
export function rankingChain(order: readonly string[]): string {
  return order.map((c) => CRITERION_WORDS[c] ?? c).join(' → ');
}

/** How far a prediction is from the measured figure, or "—" when none was given. */
export function predictionGap(prediction: number | null, actual: number): number | null {
  return prediction === null ? null : Math.abs(prediction - actual);
}
