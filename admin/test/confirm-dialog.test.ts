import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../src/confirm-dialog.js';
import type { AdminConfirmDialog } from '../src/confirm-dialog.js';

/** Every call of ask() resolves exactly once, with its own answer, however quickly the dialog is asked again. */
describe('<admin-confirm-dialog> asked again quickly', () => {
  const mount = () => fixture<AdminConfirmDialog>(html`<admin-confirm-dialog heading="Xoá mục này?" confirm-label="Xoá">Không hoàn tác được.</admin-confirm-dialog>`);
  const dialogOf = (el: AdminConfirmDialog) => el.shadowRoot!.querySelector('dialog')!;
  const buttonOf = (el: AdminConfirmDialog, value: 'confirm' | 'cancel') => el.shadowRoot!.querySelector<HTMLButtonElement>(`button[value="${value}"]`)!;

  /** Records each answer as it arrives, so a test can tell "not yet" from "false". */
  function answers(...asks: Promise<boolean>[]) {
    const got: (boolean | undefined)[] = asks.map(() => undefined);
    asks.forEach((ask, i) => void ask.then((value) => (got[i] = value)));
    return got;
  }

  it('answers the first question with what was chosen when asked again before its close event arrived', async () => {
    const el = await mount();
    const first = el.ask();
    await waitUntil(() => dialogOf(el).open, 'the dialog did not open');
    // The click closes the dialog at once; its close event comes a task later, after the next ask() opened it again.
    const lateClose = new Promise((resolve) => dialogOf(el).addEventListener('close', resolve, { once: true }));
    buttonOf(el, 'confirm').click();
    const second = el.ask();
    const got = answers(first, second);
    await waitUntil(() => got[0] !== undefined, 'the first question was never answered');
    expect(got[0]).to.equal(true);
    await waitUntil(() => dialogOf(el).open, 'the second question is not showing');
    // The first question's late close event neither answers the second nor closes it.
    await lateClose;
    expect(got[1]).to.equal(undefined);
    expect(dialogOf(el).open).to.equal(true);
    buttonOf(el, 'cancel').click();
    await waitUntil(() => got[1] !== undefined, 'the second question was never answered');
    expect(got).to.deep.equal([true, false]);
  });

  it('answers a question still showing as cancelled when a new one takes its place', async () => {
    const el = await mount();
    const first = el.ask();
    const second = el.ask();
    const got = answers(first, second);
    await waitUntil(() => got[0] !== undefined, 'the replaced question was never answered');
    expect(got[0]).to.equal(false);
    await waitUntil(() => dialogOf(el).open, 'the dialog did not open');
    buttonOf(el, 'confirm').click();
    await waitUntil(() => got[1] !== undefined, 'the second question was never answered');
    expect(got).to.deep.equal([false, true]);
    expect(dialogOf(el).open).to.equal(false);
  });

  it('answers once: a question answered before is not answered again by a later close', async () => {
    const el = await mount();
    let calls = 0;
    const first = el.ask().then((value) => {
      calls++;
      return value;
    });
    await waitUntil(() => dialogOf(el).open, 'the dialog did not open');
    buttonOf(el, 'cancel').click();
    expect(await first).to.equal(false);
    const second = el.ask();
    await waitUntil(() => dialogOf(el).open, 'the dialog did not open again');
    buttonOf(el, 'confirm').click();
    expect(await second).to.equal(true);
    expect(calls).to.equal(1);
  });
});
