import { deleteContest, getExclusions, getContest, getQuestion, listContests, listQuestions, listUnits, replaceExclusions, replaceUnits, retireQuestion, saveContest, occupationsInUse, contestHasAttempts, saveQuestions, unitIdsInUse } from '../../db/contests.js';
import { listAudit, recordAudit, recordPersonalDataRead } from '../../db/admin.js';
import { attemptsAffectedByQuestions } from '../../db/regrade.js';
import { roundsWithAttempts } from '../../db/rounds.js';
import { exclusionCounts } from '../../domain/exclusions.js';
import { keyChanged } from '../../domain/questions.js';
import { roundChangeProblems, roundsOf } from '../../domain/rounds.js';
import { exclusionAdded, exclusionRemoved, maskedExclusion, unitRemoved, unitSaved } from '../../domain/row-edits.js';
import { unitTreeProblems } from '../../domain/units.js';
import type { NotFound, SetupStore } from '../store.js';
import type { SqliteStoreDeps } from './index.js';

const NO_CONTEST: NotFound = Object.freeze({ kind: 'notFound', what: 'contest' });
const NO_QUESTION: NotFound = Object.freeze({ kind: 'notFound', what: 'question' });

/** The console's setup over one connection: the db/ functions the routes called, in the same order and transactions. */
export function sqliteSetup({ db, clock }: SqliteStoreDeps): SetupStore {
  const audit = (by: string, action: string, target: string, detail?: unknown) => recordAudit(db, { at: clock().toISOString(), actor: by, action, target, detail });

  return {
    async contests() {
      return listContests(db);
    },

    async contest(slug) {
      return getContest(db, slug);
    },

    async saveContest(contest, by) {
      const kept = new Set(contest.occupations.map((o) => o.id));
      const dropped = occupationsInUse(db, contest.slug).filter((id) => !kept.has(id));
      if (dropped.length) return { kind: 'occupationsInUse', dropped };
      return db.transaction(() => {
        // Rounds that already have attempts keep their window (decision 0041): read in the write's transaction.
        const before = getContest(db, contest.slug);
        const problems = roundChangeProblems(roundsOf(before ?? {}), roundsOf(contest), roundsWithAttempts(db, contest.slug), contestHasAttempts(db, contest.slug), clock());
        if (problems.length) return { kind: 'roundsInUse', problems } as const;
        const outcome = saveContest(db, contest, clock());
        audit(by, outcome.created ? 'contest.create' : 'contest.update', contest.slug, { before: outcome.before, after: outcome.saved });
        return { kind: 'saved', created: outcome.created, contest: outcome.saved } as const;
      })();
    },

    async questions(slug, includeRetired) {
      if (!getContest(db, slug)) return NO_CONTEST;
      return { kind: 'questions', questions: listQuestions(db, slug, includeRetired) };
    },

    async importQuestions(slug, by, read) {
      if (!getContest(db, slug)) return NO_CONTEST;
      const questions = await read(listQuestions(db, slug, false));
      const affectedAttempts = db.transaction(() => {
        // A row that replaces a question (same id) with another key or options leaves submitted
        // attempts scored against the old one until a regrade, as an edit does.
        const rekeyed = questions.filter((q) => {
          const before = getQuestion(db, slug, q.id);
          return before && keyChanged(before, q);
        });
        saveQuestions(db, slug, questions);
        const affected = attemptsAffectedByQuestions(
          db,
          slug,
          rekeyed.map((q) => q.id),
        );
        audit(by, 'questions.import', slug, { imported: questions.length, ids: questions.map((q) => q.id), affectedAttempts: affected });
        return affected;
      })();
      return { kind: 'imported', imported: questions.length, affectedAttempts };
    },

    async editQuestion(slug, id, by, edit) {
      if (!getContest(db, slug)) return NO_CONTEST;
      const before = getQuestion(db, slug, id);
      if (!before) return NO_QUESTION;
      const checked = await edit();
      // Attempts show options by position: once attempts exist, a question keeps its number of options.
      if (checked.options.length !== before.options.length && contestHasAttempts(db, slug)) return { kind: 'optionCount', options: before.options.length };
      // A text-only edit scores nobody differently and skips the count.
      const rekeyed = keyChanged(before, checked);
      const affectedAttempts = db.transaction(() => {
        saveQuestions(db, slug, [{ ...checked, id }]);
        const affected = rekeyed ? attemptsAffectedByQuestions(db, slug, [id]) : 0;
        audit(by, 'question.update', `${slug}/${id}`, { before, after: checked, affectedAttempts: affected });
        return affected;
      })();
      return { kind: 'edited', question: getQuestion(db, slug, id)!, affectedAttempts };
    },

    async retireQuestion(slug, id, by) {
      if (!getContest(db, slug)) return NO_CONTEST;
      if (!getQuestion(db, slug, id)) return NO_QUESTION;
      db.transaction(() => {
        retireQuestion(db, slug, id, clock());
        audit(by, 'question.retire', `${slug}/${id}`);
      })();
      return { kind: 'retired', question: getQuestion(db, slug, id)! };
    },

    async units(slug) {
      if (!getContest(db, slug)) return NO_CONTEST;
      return { kind: 'units', units: listUnits(db, slug) };
    },

    async replaceUnits(slug, by, read) {
      if (!getContest(db, slug)) return NO_CONTEST;
      const { units, rows } = await read();
      const problems = unitTreeProblems(units, unitIdsInUse(db, slug), rows);
      if (problems.length) return { kind: 'invalid', problems };
      db.transaction(() => {
        replaceUnits(db, slug, units);
        audit(by, 'units.replace', slug, { count: units.length });
      })();
      return { kind: 'replaced', units: listUnits(db, slug) };
    },

    async exclusions(slug, reader) {
      if (!getContest(db, slug)) return NO_CONTEST;
      const exclusions = getExclusions(db, slug);
      recordPersonalDataRead(db, reader, 'exclusions', slug, clock(), exclusionCounts(exclusions));
      return { kind: 'exclusions', exclusions };
    },

    async replaceExclusions(slug, by, read) {
      if (!getContest(db, slug)) return NO_CONTEST;
      const exclusions = await read();
      const after = db.transaction(() => {
        const before = getExclusions(db, slug);
        replaceExclusions(db, slug, exclusions);
        const replaced = getExclusions(db, slug);
        audit(by, 'exclusions.replace', slug, { before: exclusionCounts(before), after: exclusionCounts(replaced) });
        return replaced;
      })();
      return { kind: 'replaced', exclusions: after };
    },

    async deleteContest(slug, by) {
      const contest = getContest(db, slug);
      if (!contest) return NO_CONTEST;
      return db.transaction(() => {
        const removed = deleteContest(db, contest.slug);
        if (!removed) return { kind: 'hasAttempts' as const, contest };
        audit(by, 'contest.delete', contest.slug, { before: contest, removed });
        return { kind: 'deleted' as const, contest, removed };
      })();
    },

    async saveUnit(slug, unit, by) {
      if (!getContest(db, slug)) return NO_CONTEST;
      return db.transaction(() => {
        const saved = unitSaved(listUnits(db, slug), unit, unitIdsInUse(db, slug));
        if (saved.kind !== 'saved') return saved;
        replaceUnits(db, slug, saved.units);
        audit(by, saved.before ? 'unit.update' : 'unit.create', `${slug}/${unit.id}`, { before: saved.before, after: unit });
        return saved;
      })();
    },

    async removeUnit(slug, id, by) {
      if (!getContest(db, slug)) return NO_CONTEST;
      return db.transaction(() => {
        const removed = unitRemoved(listUnits(db, slug), id, unitIdsInUse(db, slug));
        if (removed.kind !== 'removed') return removed;
        replaceUnits(db, slug, removed.units);
        audit(by, 'unit.delete', `${slug}/${id}`, { before: removed.unit });
        return removed;
      })();
    },

    async addExclusion(slug, kind, value, by) {
      if (!getContest(db, slug)) return NO_CONTEST;
      return db.transaction(() => {
        const before = getExclusions(db, slug);
        const added = exclusionAdded(before, kind, value);
        if (added.kind === 'present') return { kind: 'present' as const, list: before };
        if (added.kind === 'tooMany') return added;
        replaceExclusions(db, slug, added.list);
        audit(by, 'exclusion.add', slug, { kind, value: maskedExclusion(kind, value) });
        return { kind: 'added' as const, list: getExclusions(db, slug) };
      })();
    },

    async removeExclusion(slug, kind, value, by) {
      if (!getContest(db, slug)) return NO_CONTEST;
      return db.transaction(() => {
        const after = exclusionRemoved(getExclusions(db, slug), kind, value);
        if (!after) return { kind: 'absent' as const };
        replaceExclusions(db, slug, after);
        audit(by, 'exclusion.remove', slug, { kind, value: maskedExclusion(kind, value) });
        return { kind: 'removed' as const, list: getExclusions(db, slug) };
      })();
    },

    async audit(limit, before) {
      return listAudit(db, limit, before);
    },
  };
}
