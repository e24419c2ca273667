/**
 * The contest's own page (`/c/:slug`) carries the answer page once the contest has closed, unless
 * the contest never reveals its answers (decision 0039): a pure function of the contest and the time.
 */
import { describe, expect, it } from 'vitest';
import { CONTEST_DEFAULTS, type Contest } from '../src/domain/contest.js';
import { contestPage, embedOptions } from '../src/http/contest-pages.js';

const DAY = 86_400_000;
const NOW = new Date('2026-12-03T03:00:00.000Z');

function contest(endsInDays: number, revealAnswers: Contest['revealAnswers']): Contest {
  return {
    ...(CONTEST_DEFAULTS as unknown as Omit<Contest, 'slug' | 'title' | 'startsAt' | 'endsAt' | 'personalDataRetentionUntil'>),
    slug: 'thi-dap-an',
    title: 'Cuộc thi có đáp án',
    startsAt: new Date(NOW.getTime() - 10 * DAY).toISOString(),
    endsAt: new Date(NOW.getTime() + endsInDays * DAY).toISOString(),
    personalDataRetentionUntil: new Date(NOW.getTime() + 400 * DAY).toISOString(),
    revealAnswers,
  } as Contest;
}

const ANSWERS = '<de-an-06-quiz contest="thi-dap-an" view="answers"></de-an-06-quiz>';

describe('the answers on the contest page', () => {
  it('appear once the contest has closed, when it reveals answers after submitting or after the close', () => {
    for (const reveal of ['afterClose', 'afterSubmit'] as const) {
      const html = contestPage(contest(-1, reveal), NOW, false, 'https://thi.example.vn');
      expect(html, reveal).toContain(ANSWERS);
      expect(html).toContain('id="dap-an"');
    }
  });

  it('are not there while the contest is open or upcoming', () => {
    expect(contestPage(contest(5, 'afterClose'), NOW, false, 'https://thi.example.vn')).not.toContain('view="answers"');
    expect(contestPage(contest(5, 'afterSubmit'), NOW, false, 'https://thi.example.vn')).not.toContain('view="answers"');
  });

  it('are never there for a contest that never reveals its answers', () => {
    expect(contestPage(contest(-1, 'never'), NOW, true, 'https://thi.example.vn')).not.toContain('view="answers"');
  });
});

describe('the embed page', () => {
  it('may show the answers and practice views', () => {
    expect(embedOptions('answers', 'en')).toEqual({ view: 'answers', lang: 'en' });
    expect(embedOptions('practice', undefined)).toEqual({ view: 'practice', lang: 'vi' });
    expect(embedOptions('khac', undefined)).toEqual({ view: 'contest', lang: 'vi' });
  });
});
