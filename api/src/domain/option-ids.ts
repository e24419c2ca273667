/** Options are shown as a, b, c… in the attempt's own shuffled order. */
const OPTION_IDS = 'abcdef';

export function optionIdAt(position: number): string {
  return OPTION_IDS[position]!;
}

/** The bank index a shown option id stands for in one drawn question, or null when unknown. */
export function bankIndexOf(question: { optionOrder: readonly number[] }, optionId: string): number | null {
  const position = OPTION_IDS.indexOf(optionId);
  return position >= 0 && position < question.optionOrder.length && optionId.length === 1 ? question.optionOrder[position]! : null;
}

/**
 * Answers as sent (question id → shown option id, null clearing it) → bank option indexes, given
 * the option order each question of the attempt was shown in; every question not in the attempt and
 * every unknown option is named by its field (`answers.<questionId>`).
 */
export function shownToBankIndexes(
  orders: ReadonlyMap<string, readonly number[]>,
  answers: Record<string, string | null>,
): Map<string, number | null> | { fields: Record<string, string> } {
  const fields: Record<string, string> = {};
  const result = new Map<string, number | null>();
  for (const [questionId, optionId] of Object.entries(answers)) {
    const optionOrder = orders.get(questionId);
    if (!optionOrder) {
      fields[`answers.${questionId}`] = 'Câu hỏi không thuộc lượt thi này';
      continue;
    }
    const bankIndex = optionId === null ? null : bankIndexOf({ optionOrder }, optionId);
    if (optionId !== null && bankIndex === null) fields[`answers.${questionId}`] = 'Phương án trả lời không hợp lệ';
    else result.set(questionId, bankIndex);
  }
  return Object.keys(fields).length > 0 ? { fields } : result;
}
