import { it, expect } from 'vitest';
import { admin, smallContest, jsonQuestion } from './admin-support.js';
import { OPEN, ORGANISER_TOKEN, register, startAttempt, testEnv } from './support.js';
const HEADER = 'topic,text,option_a,option_b,option_c,option_d,answer,explanation';
it('probe rows', async () => {
  const env = testEnv();
  const csv = `${HEADER}\nvneid,Câu hỏi hợp lệ thứ nhất?,Có,Không,,,A,\n\nvneid,Câu hỏi có đáp án E?,Có,Không,,,E,\n`;
  const r = await env.call('POST', `/api/admin/contests/${OPEN}/questions`, { token: ORGANISER_TOKEN, body: csv, contentType: 'text/csv' });
  console.log(JSON.stringify(r.body));
});
it('probe edit in attempt', async () => {
  const env = testEnv();
  const { slug, questionIds } = await smallContest(env, 'probe-1', 3, 3);
  const { token } = await register(env, 1, {}, slug);
  const a = await startAttempt(env, token, slug);
  const qid = a.questions[0].id;
  const r = await admin(env, 'PUT', `/contests/${slug}/questions/${qid}`, jsonQuestion(9, { options: ['Có', 'Không'], answer: 1 }));
  console.log(r.status);
  const g = await env.call('GET', `/api/attempts/${a.id}`, { token });
  console.log(JSON.stringify(g.body.questions[0]), JSON.stringify(a.questions[0]));
  const s = await env.call('POST', `/api/attempts/${a.id}/submit`, { token, json: { answers: { [qid]: 'd' }, prediction: 1 } });
  console.log(s.status, JSON.stringify(s.body));
});
