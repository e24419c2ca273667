import { html, LitElement, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type { AdminApi } from '../admin-api.js';
import type { ContestDeleted } from '../../../api/src/contract/admin.js';
import '../confirm-dialog.js';
import type { AdminConfirmDialog } from '../confirm-dialog.js';
import { errorMessage } from '../feedback.js';
import { consoleStyles } from '../styles.js';

/**
 * Deletes the contest after a confirmation naming it. The server refuses (409) once the contest has
 * attempts (decision 0033); its message is shown as it is. Fires `admin-contest-deleted` on success.
 */
export class AdminContestDeletion extends LitElement {
  static override styles = [consoleStyles];

  /** The admin API with the signed-in token. */
  @property({ attribute: false }) api!: AdminApi;
  /** The contest's slug. */
  @property() slug = '';
  /** The contest's title, named in the confirmation. */
  @property({ attribute: 'contest-title' }) contestTitle = '';

  @query('admin-confirm-dialog') private dialog!: AdminConfirmDialog;

  @state() private error = '';
  @state() private deleting = false;

  private async deleteContest(): Promise<void> {
    this.error = '';
    if (!(await this.dialog.ask())) return;
    this.deleting = true;
    try {
      await this.api.delete<ContestDeleted>(`/contests/${this.slug}`);
      this.dispatchEvent(new CustomEvent('admin-contest-deleted', { bubbles: true, composed: true, detail: { slug: this.slug, title: this.contestTitle } }));
    } catch (error) {
      this.error = errorMessage(error);
    } finally {
      this.deleting = false;
    }
  }

  override render() {
    return html`<section class="card stack" aria-labelledby="delete-title">
      <h3 id="delete-title">Xoá cuộc thi</h3>
      <p class="muted">
        Chỉ xoá được cuộc thi chưa có lượt thi nào (ví dụ tạo nhầm hoặc để diễn tập): câu hỏi, đơn vị, danh sách loại trừ và các lượt đăng ký
        của cuộc thi bị xoá theo. Cuộc thi đã có lượt thi là hồ sơ của cuộc thi nên được giữ lại.
      </p>
      ${this.error ? html`<div class="error-box" role="alert">${this.error}</div>` : nothing}
      <div class="row">
        <button type="button" class="danger" ?disabled=${this.deleting} @click=${this.deleteContest}>
          ${this.deleting ? 'Đang xoá…' : 'Xoá cuộc thi này'}
        </button>
      </div>
      <admin-confirm-dialog heading="Xoá cuộc thi «${this.contestTitle}»?" confirm-label="Xoá cuộc thi" danger>
        <p>Cuộc thi «${this.contestTitle}» (mã ${this.slug}) cùng câu hỏi, đơn vị, danh sách loại trừ và các lượt đăng ký sẽ bị xoá hẳn, không khôi phục được.</p>
      </admin-confirm-dialog>
    </section>`;
  }
}

customElements.get('admin-contest-deletion') || customElements.define('admin-contest-deletion', AdminContestDeletion);

declare global {
  interface HTMLElementTagNameMap {
    'admin-contest-deletion': AdminContestDeletion;
  }
}
