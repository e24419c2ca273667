/**
 * The back-off after failed sign-ins for one ID number in one contest, whoever sends them and from
 * wherever. A birth date is the only secret of a sign-in that the ID number does not give away
 * (the phone number is often known), and the ID number encodes the year: at most 366 guesses.
 * A few mistakes are free; from then on every failure doubles the wait, up to a day, so a guesser
 * gets FREE_SIGN_IN_FAILURES tries and then about one a day — never the year's dates within a
 * contest — while the owner, already signed in on their first device, keeps that session.
 */
export const FREE_SIGN_IN_FAILURES = 5;
export const FIRST_BACKOFF_SECONDS = 60;
export const MAX_BACKOFF_SECONDS = 24 * 60 * 60;

/** Seconds sign-in stays closed after the `failures`-th failure in a row; 0 while still free. */
export function backoffSeconds(failures: number): number {
  if (failures < FREE_SIGN_IN_FAILURES) return 0;
  const doublings = failures - FREE_SIGN_IN_FAILURES;
  // 2^17 minutes is far past the cap; stop doubling before the number grows without bound.
  return doublings >= 17 ? MAX_BACKOFF_SECONDS : Math.min(MAX_BACKOFF_SECONDS, FIRST_BACKOFF_SECONDS * 2 ** doublings);
}
