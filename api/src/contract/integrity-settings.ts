import { z } from 'zod';
import { DEFAULT_INTEGRITY, DEFAULT_NETWORK_DATA_RETENTION_DAYS } from '../domain/integrity.js';

const whole = (min: number, max: number) => z.number().int().min(min).max(max);

/** Contest setting `networkDataRetentionDays`: addresses and user agents go this many days after the close. */
export const networkDataRetentionDaysSchema = whole(0, 3650).default(DEFAULT_NETWORK_DATA_RETENTION_DAYS);

/** The review's thresholds, each with its default (domain/integrity.ts). */
export const integrityThresholdsSchema = z.strictObject({
  minSecondsPerQuestion: z.number().min(0).max(600).default(DEFAULT_INTEGRITY.minSecondsPerQuestion),
  networkRegistrations: whole(2, 100_000).default(DEFAULT_INTEGRITY.networkRegistrations),
  networkAttempts: whole(2, 100_000).default(DEFAULT_INTEGRITY.networkAttempts),
  networkWindowMinutes: whole(1, 10_080).default(DEFAULT_INTEGRITY.networkWindowMinutes),
  burstSamePhone: whole(2, 100_000).default(DEFAULT_INTEGRITY.burstSamePhone),
  burstSameName: whole(2, 100_000).default(DEFAULT_INTEGRITY.burstSameName),
  burstSameUnitSource: whole(2, 100_000).default(DEFAULT_INTEGRITY.burstSameUnitSource),
  burstWindowMinutes: whole(1, 10_080).default(DEFAULT_INTEGRITY.burstWindowMinutes),
  scoreJumpFromPercent: whole(0, 99).default(DEFAULT_INTEGRITY.scoreJumpFromPercent),
  identicalMinAnswers: whole(1, 200).default(DEFAULT_INTEGRITY.identicalMinAnswers),
  predictionOnlyMaxAnswers: whole(0, 200).default(DEFAULT_INTEGRITY.predictionOnlyMaxAnswers),
});

/** Contest setting `integrity`: absent, every threshold takes its default. */
export const integritySettingsSchema = integrityThresholdsSchema.prefault({});
