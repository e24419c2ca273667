import { css, html, nothing } from 'lit';
import { query, state } from 'lit/decorators.js';
import '../confirm-dialog.js';
import type { AdminConfirmDialog } from '../confirm-dialog.js';
import { errorMessage, fieldErrors, READ_ONLY_NOTE, renderFieldError } from '../feedback.js';
import { formatVietnamTime } from '../format.js';
import { consoleStyles } from '../styles.js';
import { ConsoleScreen } from '../console-screen.js';
import type {
  CreatedWebhook,
  WebhookCreateRequest,
  WebhookDeliveries,
  WebhookDeliveryView,
  WebhookEndpoints,
  WebhookEndpointView,
} from '../../../api/src/contract/webhooks.js';

type EventName = WebhookEndpointView['events'][number];

/** The events in the order the form offers them, with what each means. */
const EVENT_WORDS: Record<EventName, string> = {
  'contestant.registered': 'Có người đăng ký',
  'attempt.submitted': 'Có người nộp bài (kể cả tự nộp khi hết giờ)',
  'results.published': 'Công bố kết quả',
  'round.closed': 'Kết thúc một vòng thi (chưa dùng: cuộc thi chưa có vòng)',
};

const STATUS_WORDS: Record<WebhookDeliveryView['status'], string> = {
  pending: 'Đang chờ gửi',
  delivered: 'Đã gửi',
  failed: 'Thôi gửi (quá 24 giờ)',
};

/**
 * Webhooks of the contest (decision 0040): the host sites' addresses that are told when someone
 * registers, submits, or results are published. An organiser adds one (its signing secret is shown
 * once, with a copy button), deletes one after a confirmation, reads each one's delivery log and
 * sends a delivery again ("Gửi lại", which also enables an address the server disabled).
 */
export class AdminWebhooks extends ConsoleScreen {
  static override styles = [
    consoleStyles,
    css`
      .secret {
        display: flex;
        flex-wrap: wrap;
        gap: var(--space-2);
        align-items: center;
      }
      .secret input {
        flex: 1 1 24rem;
        font-family: ui-monospace, monospace;
      }
      fieldset {
        border: 0;
        padding: 0;
        margin: 0;
      }
      .url {
        word-break: break-all;
      }
    `,
  ];

  @query('admin-confirm-dialog') private dialog!: AdminConfirmDialog;

  @state() private endpoints: WebhookEndpointView[] = [];
  @state() private loaded = false;
  @state() private loadError = '';
  @state() private created: CreatedWebhook | null = null;
  @state() private copied = '';
  @state() private createErrors: Record<string, string> = {};
  @state() private createMessage = '';
  @state() private deleting: WebhookEndpointView | null = null;
  @state() private message = '';
  @state() private actionError = '';
  @state() private busy = false;
  /** The endpoint whose delivery log is shown, and the log. */
  @state() private logOf: WebhookEndpointView | null = null;
  @state() private log: WebhookDeliveryView[] = [];

  override updated(changed: Map<PropertyKey, unknown>): void {
    if (this.contestChanged(changed)) {
      this.logOf = null;
      this.created = null;
      void this.load();
    }
  }

  private async load(): Promise<void> {
    try {
      this.endpoints = await this.api.get<WebhookEndpoints>(`/contests/${this.slug}/webhooks`);
      this.loadError = '';
      if (this.logOf) await this.showLog(this.endpoints.find((e) => e.id === this.logOf!.id) ?? null);
    } catch (error) {
      this.loadError = errorMessage(error);
    }
    this.loaded = true;
  }

  private async create(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const body = { url: String(data.get('url') ?? '').trim(), events: data.getAll('events').map(String) as EventName[] } satisfies WebhookCreateRequest;
    this.created = null;
    this.copied = '';
    this.createMessage = '';
    this.message = '';
    this.busy = true;
    try {
      this.created = await this.api.post<CreatedWebhook>(`/contests/${this.slug}/webhooks`, body);
      this.createErrors = {};
      form.reset();
      await this.load();
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLInputElement>('#webhook-secret')?.focus();
    } catch (error) {
      const fields = fieldErrors(error);
      // "events.0" (an unknown event) belongs to the events group.
      this.createErrors = Object.fromEntries(Object.entries(fields).map(([key, value]) => [key.split('.')[0]!, value]));
      this.createMessage = errorMessage(error);
    } finally {
      this.busy = false;
    }
  }

  private async copy(): Promise<void> {
    const input = this.renderRoot.querySelector<HTMLInputElement>('#webhook-secret');
    if (!this.created || !input) return;
    try {
      await navigator.clipboard.writeText(this.created.secret);
      this.copied = 'Đã sao chép khóa ký vào bộ nhớ tạm.';
    } catch {
      input.select();
      this.copied = 'Không sao chép tự động được: khóa đã được chọn sẵn, hãy bấm Ctrl+C.';
    }
  }

  private async removeEndpoint(endpoint: WebhookEndpointView): Promise<void> {
    this.deleting = endpoint;
    this.message = '';
    this.actionError = '';
    if (!(await this.dialog.ask())) return;
    this.busy = true;
    try {
      await this.api.delete<WebhookEndpointView>(`/contests/${this.slug}/webhooks/${endpoint.id}`);
      this.message = `Đã xoá địa chỉ nhận ${endpoint.url}.`;
      if (this.logOf?.id === endpoint.id) this.logOf = null;
      if (this.created?.id === endpoint.id) this.created = null;
      await this.load();
    } catch (error) {
      this.actionError = errorMessage(error);
    } finally {
      this.busy = false;
    }
  }

  private async showLog(endpoint: WebhookEndpointView | null): Promise<void> {
    this.logOf = endpoint;
    if (!endpoint) return;
    try {
      this.log = await this.api.get<WebhookDeliveries>(`/contests/${this.slug}/webhooks/${endpoint.id}/deliveries`);
    } catch (error) {
      this.actionError = errorMessage(error);
    }
  }

  private async retry(delivery: WebhookDeliveryView): Promise<void> {
    if (!this.logOf) return;
    this.busy = true;
    this.message = '';
    this.actionError = '';
    try {
      await this.api.post<WebhookDeliveryView>(`/contests/${this.slug}/webhooks/${this.logOf.id}/deliveries/${delivery.id}/retry`);
      this.message = 'Đã xếp lần gửi vào hàng đợi để gửi lại ngay.';
      await this.load();
    } catch (error) {
      this.actionError = errorMessage(error);
    } finally {
      this.busy = false;
    }
  }

  private renderCreated() {
    if (!this.created) return nothing;
    return html`<div class="success-box stack" data-created-webhook>
      <p><strong>Đã thêm địa chỉ nhận ${this.created.endpoint.url}.</strong></p>
      <p>
        Khóa ký chỉ hiện <strong>một lần</strong> ở đây. Trao khóa cho kỹ thuật viên của trang đăng cai để họ kiểm tra chữ ký
        <code>X-De-An-06-Signature</code> của mỗi lần gửi (xem README). Mất khóa thì xoá địa chỉ này và thêm lại.
      </p>
      <div class="field">
        <label for="webhook-secret">Khóa ký</label>
        <div class="secret">
          <input id="webhook-secret" readonly spellcheck="false" autocomplete="off" .value=${this.created.secret} @focus=${(e: Event) => (e.target as HTMLInputElement).select()} />
          <button type="button" class="primary" @click=${this.copy}>Sao chép khóa</button>
          <button type="button" @click=${() => (this.created = null)}>Đã lưu khóa, ẩn đi</button>
        </div>
      </div>
      <p role="status">${this.copied}</p>
    </div>`;
  }

  private renderCreate() {
    const e = this.createErrors;
    return html`<section class="card stack" aria-labelledby="webhook-create">
      <h3 id="webhook-create">Thêm địa chỉ nhận</h3>
      ${this.createMessage ? html`<div class="error-box" role="alert">${this.createMessage}</div>` : nothing}
      <form class="stack" @submit=${this.create} novalidate>
        <div class="field">
          <label for="webhook-url">Địa chỉ nhận (https://)</label>
          <input
            id="webhook-url"
            name="url"
            type="url"
            maxlength="2000"
            placeholder="https://baothaibinh.com.vn/webhooks/de-an-06"
            aria-invalid=${e.url ? 'true' : 'false'}
            aria-describedby=${e.url ? 'webhook-url-error' : nothing}
          />
          ${renderFieldError('webhook-url-error', e.url)}
        </div>
        <fieldset class="field" aria-invalid=${e.events ? 'true' : 'false'} aria-describedby=${e.events ? 'webhook-events-error' : nothing}>
          <legend>Sự kiện gửi tới địa chỉ này</legend>
          ${(Object.keys(EVENT_WORDS) as EventName[]).map(
            (name) => html`<label><input type="checkbox" name="events" value=${name} ?checked=${name !== 'round.closed'} /> ${EVENT_WORDS[name]} <code>${name}</code></label>`,
          )}
          ${renderFieldError('webhook-events-error', e.events)}
        </fieldset>
        <div class="row"><button class="primary" type="submit" ?disabled=${this.busy}>Thêm địa chỉ nhận</button></div>
      </form>
      ${this.renderCreated()}
    </section>`;
  }

  private renderLog() {
    const endpoint = this.logOf;
    if (!endpoint) return nothing;
    return html`<section class="card stack" aria-labelledby="webhook-log" data-webhook-log>
      <h3 id="webhook-log">Nhật ký gửi tới <span class="url">${endpoint.url}</span></h3>
      ${this.log.length === 0
        ? html`<p>Chưa có lần gửi nào.</p>`
        : html`<div class="table-wrap" role="region" tabindex="0" aria-label="Nhật ký gửi webhook">
            <table class="data">
              <thead>
                <tr>
                  <th scope="col">Sự kiện</th>
                  <th scope="col">Lúc phát sinh</th>
                  <th scope="col">Trạng thái</th>
                  <th scope="col">Số lần thử</th>
                  <th scope="col">Lần thử gần nhất</th>
                  <th scope="col">Thử lại lúc</th>
                  ${this.canWrite ? html`<th scope="col"><span class="visually-hidden">Thao tác</span></th>` : nothing}
                </tr>
              </thead>
              <tbody>
                ${this.log.map(
                  (d) => html`<tr data-delivery=${d.id}>
                    <td><code>${d.type}</code></td>
                    <td>${formatVietnamTime(d.createdAt)}</td>
                    <td>${STATUS_WORDS[d.status]}</td>
                    <td>${d.tries}</td>
                    <td>
                      ${d.lastTryAt ? formatVietnamTime(d.lastTryAt) : '—'}
                      ${d.lastStatus !== null ? html`<br />Mã ${d.lastStatus}` : nothing} ${d.lastError ? html`<br />${d.lastError}` : nothing}
                    </td>
                    <td>${d.nextTryAt ? formatVietnamTime(d.nextTryAt) : '—'}</td>
                    ${this.canWrite
                      ? html`<td><button type="button" ?disabled=${this.busy} @click=${() => this.retry(d)}>Gửi lại</button></td>`
                      : nothing}
                  </tr>`,
                )}
              </tbody>
            </table>
          </div>`}
    </section>`;
  }

  override render() {
    if (this.loadError) return html`<h2>Webhook</h2><div class="error-box" role="alert">${this.loadError}</div>`;
    if (!this.loaded) return html`<h2>Webhook</h2><p role="status">Đang tải…</p>`;
    return html`<div class="stack">
      <h2>Webhook</h2>
      <p>
        Báo cho trang đăng cai (báo, đài) mỗi khi có người đăng ký, nộp bài hoặc khi công bố kết quả. Mỗi lần gửi được ký bằng khóa riêng của
        địa chỉ nhận, không kèm số định danh, số điện thoại, ngày sinh hay đáp án. Gửi lỗi thì máy chủ gửi lại trong 24 giờ; lỗi liên tiếp
        quá lâu thì địa chỉ bị tắt, bấm «Gửi lại» để bật lại.
      </p>
      ${this.canWrite ? this.renderCreate() : html`<p class="notice-box">${READ_ONLY_NOTE}</p>`}
      <div role="status">${this.message ? html`<p class="success-box">${this.message}</p>` : nothing}</div>
      ${this.actionError ? html`<div class="error-box" role="alert">${this.actionError}</div>` : nothing}
      ${this.endpoints.length === 0
        ? html`<p>Cuộc thi chưa có địa chỉ nhận webhook nào.</p>`
        : html`<div class="table-wrap" role="region" tabindex="0" aria-label="Bảng địa chỉ nhận webhook">
            <table class="data" data-webhooks>
              <caption>
                Các địa chỉ nhận (${this.endpoints.length})
              </caption>
              <thead>
                <tr>
                  <th scope="col">Địa chỉ</th>
                  <th scope="col">Sự kiện</th>
                  <th scope="col">Thêm lúc</th>
                  <th scope="col">Trạng thái</th>
                  <th scope="col"><span class="visually-hidden">Thao tác</span></th>
                </tr>
              </thead>
              <tbody>
                ${this.endpoints.map(
                  (w) => html`<tr data-webhook=${w.id}>
                    <th scope="row" class="url">${w.url}</th>
                    <td>${w.events.map((name) => html`<code>${name}</code> `)}</td>
                    <td>${formatVietnamTime(w.createdAt)} (${w.createdBy})</td>
                    <td>
                      ${w.disabledAt
                        ? html`<span class="badge">Đã tắt ${formatVietnamTime(w.disabledAt)}</span>`
                        : html`<span class="badge ok">Đang gửi</span>`}
                      ${w.pending ? html`<br />${w.pending} lần gửi đang chờ` : nothing}
                      ${w.consecutiveFailures ? html`<br />${w.consecutiveFailures} lần lỗi liên tiếp` : nothing}
                    </td>
                    <td>
                      <button type="button" @click=${() => this.showLog(w)}>Nhật ký gửi<span class="visually-hidden">: ${w.url}</span></button>
                      ${this.canWrite
                        ? html`<button type="button" class="danger" ?disabled=${this.busy} @click=${() => this.removeEndpoint(w)}>
                            Xoá<span class="visually-hidden">: ${w.url}</span>
                          </button>`
                        : nothing}
                    </td>
                  </tr>`,
                )}
              </tbody>
            </table>
          </div>`}
      ${this.renderLog()}
      ${this.canWrite
        ? html`<admin-confirm-dialog heading="Xoá địa chỉ nhận ${this.deleting?.url ?? ''}?" confirm-label="Xoá" danger>
            <p>Các lần gửi đang chờ tới địa chỉ này sẽ không được gửi nữa; nhật ký gửi bị xoá theo.</p>
          </admin-confirm-dialog>`
        : nothing}
    </div>`;
  }
}

customElements.get('admin-webhooks') || customElements.define('admin-webhooks', AdminWebhooks);

declare global {
  interface HTMLElementTagNameMap {
    'admin-webhooks': AdminWebhooks;
  }
}
