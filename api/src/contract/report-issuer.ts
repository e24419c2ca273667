import { z } from 'zod';

const line = (max: number) => z.string().trim().min(2).max(max);

/** Contest setting `reportIssuer`: the printed report's header (routes/report-page.ts). */
export const reportIssuerSchema = z.strictObject({
  authority: line(120),
  organiser: line(120),
  place: line(60),
});
