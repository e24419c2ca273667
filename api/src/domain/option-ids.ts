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
