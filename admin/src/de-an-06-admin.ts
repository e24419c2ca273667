import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { query, state } from 'lit/decorators.js';
import { AdminApi, AdminApiError } from './admin-api.js';
import type { AdminContest, AdminMe } from '../../api/src/contract/admin.js';
import { errorMessage, fieldErrors, renderFieldError } from './feedback.js';
import { formatVietnamTime, fromVietnamLocalInput } from './format.js';
import { consoleStyles } from './styles.js';

/** Where the token lives: this tab only, gone when the tab closes or on sign-out (decision 0014). */
export const TOKEN_KEY = 'de-an-06-admin:token';

/** `GET /api/admin/me` and the contests of `GET /api/admin/contests`, as the server's contract declares them. */
type Me = AdminMe;
type ContestSummary = Pick<AdminContest, 'slug' | 'title' | 'startsAt' | 'endsAt' | 'status'>;

/** The console's screens in menu order; each is `<admin-ID>` in `screens/ID.ts`, loaded on first visit. */
export const SCREENS = [
  { id: 'dashboard', label: 'Tổng quan', load: () => import('./screens/dashboard.js') },
  { id: 'settings', label: 'Cấu hình cuộc thi', load: () => import('./screens/settings.js') },
  { id: 'questions', label: 'Ngân hàng câu hỏi', load: () => import('./screens/questions.js') },
  { id: 'units', label: 'Đơn vị', load: () => import('./screens/units.js') },
  { id: 'exclusions', label: 'Danh sách loại trừ', load: () => import('./screens/exclusions.js') },
  { id: 'ranking', label: 'Xếp hạng', load: () => import('./screens/ranking.js') },
  { id: 'prizes', label: 'Giải thưởng', load: () => import('./screens/prizes.js') },
  { id: 'corrections', label: 'Huỷ lượt, cấp thêm lượt', load: () => import('./screens/corrections.js') },
  { id: 'integrity', label: 'Rà soát tính trung thực', load: () => import('./screens/integrity.js') },
  { id: 'embed', label: 'Nhúng vào trang', load: () => import('./screens/embed.js') },
  { id: 'exports', label: 'Xuất dữ liệu', load: () => import('./screens/exports.js') },
  { id: 'webhooks', label: 'Webhook', load: () => import('./screens/webhooks.js') },
  { id: 'privacy', label: 'Dữ liệu cá nhân', load: () => import('./screens/privacy.js') },
  { id: 'audit', label: 'Nhật ký thao tác', load: () => import('./screens/audit.js') },
  { id: 'access', label: 'Mã truy cập', load: () => import('./screens/access.js') },
] as const;

export type ScreenId = (typeof SCREENS)[number]['id'];

const STATUS_LABELS: Record<ContestSummary['status'], string> = {
  upcoming: 'sắp mở',
  open: 'đang mở',
  closed: 'đã kết thúc',
};

const ROLE_LABELS: Record<AdminMe['role'], string> = { organiser: 'Ban Tổ chức', jury: 'Ban Giám khảo', host: 'Trang đăng cai' };

const SLUG_PATTERN = /^[a-z0-9-]{3,64}$/;

/** `#/<slug>/<screen>` → its parts; anything else means "no contest chosen yet". */
export function parseRoute(hash: string): { slug: string | null; screen: ScreenId } {
  const [slug, screen] = hash.replace(/^#\/?/, '').split('/');
  const known = SCREENS.find((s) => s.id === screen);
  return { slug: slug && SLUG_PATTERN.test(slug) ? slug : null, screen: known ? known.id : 'dashboard' };
}

/**
 * The organiser console: sign-in with an admin token, contest picker, navigation between screens.
 * Each screen receives the API, the chosen contest and whether the token may write; jury tokens
 * see every screen read-only.
 */
export class DeAn06Admin extends LitElement {
  static override styles = [
    consoleStyles,
    css`
      :host {
        min-height: 100vh;
        background: var(--c-surface-alt);
      }
      .skip {
        position: absolute;
        left: var(--space-2);
        top: -100px;
        z-index: 10;
        background: var(--c-surface);
        padding: var(--space-2) var(--space-3);
      }
      .skip:focus {
        top: var(--space-2);
      }
      header.top {
        display: flex;
        flex-wrap: wrap;
        gap: var(--space-3);
        align-items: center;
        justify-content: space-between;
        padding: var(--space-3) var(--space-5);
        background: var(--c-primary);
        color: var(--c-primary-text);
      }
      header.top h1 {
        font-size: 1.2rem;
        margin: 0;
      }
      header.top .who {
        display: flex;
        gap: var(--space-3);
        align-items: center;
        flex-wrap: wrap;
      }
      header.top button {
        min-height: 40px;
      }
      .jury-banner {
        border-radius: 0;
        border-width: 0 0 1px;
        padding: var(--space-2) var(--space-5);
        font-weight: 600;
      }
      .picker {
        display: flex;
        flex-wrap: wrap;
        gap: var(--space-3);
        align-items: flex-end;
        padding: var(--space-3) var(--space-5);
        background: var(--c-surface);
        border-bottom: 1px solid var(--c-border);
      }
      .picker .field {
        flex: 1 1 20rem;
        max-width: 40rem;
      }
      .layout {
        display: grid;
        grid-template-columns: 15rem minmax(0, 1fr);
        gap: var(--space-5);
        padding: var(--space-5);
        max-width: 1400px;
        margin: 0 auto;
      }
      nav ul {
        list-style: none;
        margin: 0;
        padding: 0;
        display: flex;
        flex-direction: column;
        gap: var(--space-1);
      }
      nav a {
        display: block;
        padding: var(--space-2) var(--space-3);
        border-radius: var(--radius);
        color: var(--c-text);
        text-decoration: none;
        min-height: 44px;
        line-height: 28px;
      }
      nav a:hover {
        background: var(--c-surface);
      }
      nav a[aria-current='page'] {
        background: var(--c-surface);
        color: var(--c-primary);
        font-weight: 700;
        box-shadow: inset 4px 0 0 var(--c-primary);
      }
      main {
        min-width: 0;
        background: var(--c-surface);
        border: 1px solid var(--c-border);
        border-radius: var(--radius);
        padding: var(--space-5);
      }
      main:focus {
        outline: none;
      }
      .sign-in {
        max-width: 28rem;
        margin: 10vh auto;
        background: var(--c-surface);
        border: 1px solid var(--c-border);
        border-radius: var(--radius);
        padding: var(--space-6);
      }
      .sign-in h1 {
        font-size: 1.4rem;
      }
      .create {
        max-width: 48rem;
      }
      @media (max-width: 960px) {
        .layout {
          grid-template-columns: minmax(0, 1fr);
          padding: var(--space-3);
          gap: var(--space-3);
        }
        nav ul {
          flex-direction: row;
          flex-wrap: wrap;
        }
        nav a {
          background: var(--c-surface);
          border: 1px solid var(--c-border);
          padding: var(--space-1) var(--space-3);
          line-height: 34px;
        }
        nav a[aria-current='page'] {
          box-shadow: inset 0 -3px 0 var(--c-primary);
        }
        main {
          padding: var(--space-4);
        }
        header.top,
        .picker,
        .jury-banner {
          padding-left: var(--space-3);
          padding-right: var(--space-3);
        }
      }
    `,
  ];

  @query('main') private mainEl?: HTMLElement;

  @state() private api: AdminApi | null = null;
  @state() private me: Me | null = null;
  @state() private contests: ContestSummary[] = [];
  @state() private route = parseRoute(location.hash);
  @state() private signInError = '';
  @state() private signingIn = false;
  @state() private loadError = '';
  @state() private creating = false;
  @state() private createErrors: Record<string, string> = {};
  @state() private createMessage = '';
  @state() private loadedScreens = new Set<ScreenId>();
  @state() private screenError = '';
  @state() private deletedNotice = '';

  private readonly onHashChange = () => {
    const before = this.route;
    this.route = parseRoute(location.hash);
    this.deletedNotice = '';
    if (before.screen !== this.route.screen || before.slug !== this.route.slug) void this.showScreen(true);
  };

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this.onHashChange);
    const saved = sessionStorage.getItem(TOKEN_KEY);
    if (saved) void this.signIn(saved);
  }

  override disconnectedCallback(): void {
    window.removeEventListener('hashchange', this.onHashChange);
    super.disconnectedCallback();
  }

  private get canWrite(): boolean {
    return this.me?.role === 'organiser';
  }

  private async signIn(token: string): Promise<void> {
    this.signingIn = true;
    this.signInError = '';
    const api = new AdminApi('', token);
    try {
      const me = await api.get<Me>('/me');
      sessionStorage.setItem(TOKEN_KEY, token);
      // A host site's code sees its own figures only (decision 0040): no contest list, no screens.
      if (me.role === 'host') await import('./screens/host.js');
      this.api = api;
      this.me = me;
      if (me.role === 'host') return;
      await this.loadContests();
      await this.showScreen(false);
    } catch (error) {
      sessionStorage.removeItem(TOKEN_KEY);
      this.signInError =
        error instanceof AdminApiError && error.status === 401 ? 'Mã truy cập không đúng hoặc đã bị thu hồi.' : errorMessage(error);
    } finally {
      this.signingIn = false;
    }
  }

  private signOut(): void {
    sessionStorage.removeItem(TOKEN_KEY);
    this.api = null;
    this.me = null;
    this.contests = [];
    this.signInError = '';
  }

  private async loadContests(): Promise<void> {
    if (!this.api) return;
    try {
      this.contests = await this.api.get<ContestSummary[]>('/contests');
      this.loadError = '';
      // The address is the truth: it may have changed while the list was loading, before the
      // hashchange event reached us, and must not be overwritten with the first contest.
      this.route = parseRoute(location.hash);
      if (!this.route.slug && this.contests.length) {
        const first = this.contests.find((c) => c.status === 'open') ?? this.contests[0]!;
        history.replaceState(null, '', `#/${first.slug}/${this.route.screen}`);
        this.route = parseRoute(location.hash);
      }
    } catch (error) {
      this.loadError = errorMessage(error);
    }
  }

  /** Loads the current screen's module; moves focus to the content after a navigation. */
  private async showScreen(focus: boolean): Promise<void> {
    const screen = SCREENS.find((s) => s.id === this.route.screen)!;
    try {
      await screen.load();
      this.screenError = '';
      if (!this.loadedScreens.has(screen.id)) this.loadedScreens = new Set([...this.loadedScreens, screen.id]);
    } catch {
      this.screenError = 'Không tải được màn hình này. Vui lòng tải lại trang.';
    }
    if (focus) {
      await this.updateComplete;
      this.mainEl?.focus();
    }
  }

  private onSignInSubmit(event: SubmitEvent): void {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const token = (new FormData(form).get('token') as string | null)?.trim() ?? '';
    if (!token) {
      this.signInError = 'Vui lòng nhập mã truy cập.';
      return;
    }
    void this.signIn(token);
  }

  private onPickContest(event: Event): void {
    const slug = (event.target as HTMLSelectElement).value;
    if (slug) location.hash = `#/${slug}/${this.route.screen}`;
  }

  private async onCreateSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (!this.api) return;
    const data = new FormData(event.target as HTMLFormElement);
    const slug = String(data.get('slug') ?? '').trim();
    const title = String(data.get('title') ?? '').trim();
    const startsAt = fromVietnamLocalInput(String(data.get('startsAt') ?? ''));
    const endsAt = fromVietnamLocalInput(String(data.get('endsAt') ?? ''));
    const errors: Record<string, string> = {};
    if (!SLUG_PATTERN.test(slug)) errors.slug = 'Mã cuộc thi gồm 3–64 ký tự a–z, 0–9 hoặc dấu gạch ngang';
    else if (this.contests.some((c) => c.slug === slug)) errors.slug = 'Đã có cuộc thi mang mã này';
    if (title.length < 3) errors.title = '«Tên cuộc thi» phải có ít nhất 3 ký tự';
    if (!startsAt) errors.startsAt = 'Nhập thời gian bắt đầu (giờ Việt Nam)';
    if (!endsAt) errors.endsAt = 'Nhập thời gian kết thúc (giờ Việt Nam)';
    else if (startsAt && Date.parse(endsAt) <= Date.parse(startsAt)) errors.endsAt = 'Thời gian kết thúc phải sau thời gian bắt đầu';
    this.createErrors = errors;
    this.createMessage = '';
    if (Object.keys(errors).length) return;
    try {
      // Money prizes (the plan's default structure) make a score after each submit worth abusing.
      const revealScore = data.get('revealScoreAfterClose') ? 'afterClose' : 'afterSubmit';
      await this.api.put(`/contests/${slug}`, { title, startsAt, endsAt, revealScore });
      this.creating = false;
      await this.loadContests();
      location.hash = `#/${slug}/settings`;
    } catch (error) {
      this.createErrors = fieldErrors(error);
      this.createMessage = errorMessage(error);
    }
  }

  /** After a contest is deleted: the list without it, and the first remaining contest's overview. */
  private async onContestDeleted(event: CustomEvent<{ title: string }>): Promise<void> {
    this.deletedNotice = `Đã xoá cuộc thi «${event.detail.title}».`;
    history.replaceState(null, '', '#/');
    await this.loadContests();
    await this.showScreen(true);
  }

  private renderSignIn(): TemplateResult {
    return html`<main class="sign-in" id="noi-dung" tabindex="-1">
      <h1>Bảng điều khiển Ban Tổ chức</h1>
      <p class="muted">Cuộc thi trực tuyến tìm hiểu Đề án 06. Đăng nhập bằng mã truy cập do quản trị hệ thống cấp.</p>
      <form class="stack" @submit=${this.onSignInSubmit} novalidate>
        <div class="field">
          <label for="token">Mã truy cập</label>
          <input
            id="token"
            name="token"
            type="password"
            autocomplete="current-password"
            spellcheck="false"
            required
            aria-invalid=${this.signInError ? 'true' : 'false'}
            aria-describedby=${this.signInError ? 'token-error' : nothing}
          />
          ${renderFieldError('token-error', this.signInError)}
        </div>
        <button class="primary" type="submit" ?disabled=${this.signingIn}>${this.signingIn ? 'Đang đăng nhập…' : 'Đăng nhập'}</button>
      </form>
    </main>`;
  }

  private renderCreate(): TemplateResult {
    const e = this.createErrors;
    const field = (name: string, label: string, type: string, hint?: string) => html`<div class="field">
      <label for="new-${name}">${label}</label>
      <input
        id="new-${name}"
        name=${name}
        type=${type}
        aria-invalid=${e[name] ? 'true' : 'false'}
        aria-describedby=${[hint ? `new-${name}-hint` : '', e[name] ? `new-${name}-error` : ''].filter(Boolean).join(' ') || nothing}
      />
      ${hint ? html`<span class="hint" id="new-${name}-hint">${hint}</span>` : nothing} ${renderFieldError(`new-${name}-error`, e[name])}
    </div>`;
    return html`<section class="card create stack" aria-labelledby="create-title">
      <h2 id="create-title">Tạo cuộc thi mới</h2>
      <p class="muted">Các mục khác (số câu, thời gian làm bài, giải thưởng…) lấy theo mặc định của kế hoạch; sửa ở màn hình Cấu hình cuộc thi.</p>
      ${this.createMessage ? html`<div class="error-box" role="alert">${this.createMessage}</div>` : nothing}
      <form class="stack" @submit=${this.onCreateSubmit} novalidate>
        ${field('slug', 'Mã cuộc thi', 'text', 'Dùng trong địa chỉ và mã nhúng, ví dụ de-an-06-thai-binh-2027')}
        ${field('title', 'Tên cuộc thi', 'text')}
        <div class="row">
          ${field('startsAt', 'Bắt đầu (giờ Việt Nam)', 'datetime-local')} ${field('endsAt', 'Kết thúc (giờ Việt Nam)', 'datetime-local')}
        </div>
        <div class="field">
          <label class="row">
            <input type="checkbox" name="revealScoreAfterClose" checked aria-describedby="new-revealScore-hint" />
            <span>Chỉ công bố điểm và thứ hạng khi cuộc thi kết thúc</span>
          </label>
          <span class="hint" id="new-revealScore-hint"
            >Khuyến nghị cho cuộc thi có giải thưởng bằng tiền: điểm báo ngay sau mỗi lần nộp bài giúp dò ra đáp án.</span
          >
        </div>
        <div class="row">
          <button class="primary" type="submit">Tạo cuộc thi</button>
          <button type="button" @click=${() => (this.creating = false)}>Huỷ</button>
        </div>
      </form>
    </section>`;
  }

  private renderPicker(): TemplateResult {
    const current = this.contests.find((c) => c.slug === this.route.slug);
    return html`<div class="picker">
      <div class="field">
        <label for="contest">Cuộc thi</label>
        <select id="contest" @change=${this.onPickContest} aria-describedby=${current ? 'contest-window' : nothing}>
          ${current ? nothing : html`<option value="" selected>— Chọn cuộc thi —</option>`}
          ${this.contests.map(
            (c) => html`<option value=${c.slug} ?selected=${c.slug === this.route.slug}>${c.title} (${STATUS_LABELS[c.status]})</option>`,
          )}
        </select>
        ${current
          ? html`<span class="hint" id="contest-window"
              >Mã ${current.slug} · từ ${formatVietnamTime(current.startsAt)} đến ${formatVietnamTime(current.endsAt)}</span
            >`
          : nothing}
      </div>
      ${this.canWrite && !this.creating ? html`<button type="button" @click=${() => (this.creating = true)}>Tạo cuộc thi mới</button>` : nothing}
    </div>`;
  }

  private renderNav(slug: string): TemplateResult {
    return html`<nav aria-label="Các mục quản trị">
      <ul>
        ${SCREENS.map(
          (s) => html`<li>
            <a href="#/${slug}/${s.id}" aria-current=${s.id === this.route.screen ? 'page' : nothing}>${s.label}</a>
          </li>`,
        )}
      </ul>
    </nav>`;
  }

  private renderScreen(slug: string): TemplateResult | typeof nothing {
    if (this.screenError) return html`<div class="error-box" role="alert">${this.screenError}</div>`;
    const id = this.route.screen;
    if (!this.loadedScreens.has(id)) return html`<p role="status">Đang tải…</p>`;
    const api = this.api!;
    const w = this.canWrite;
    switch (id) {
      case 'dashboard':
        return html`<admin-dashboard .api=${api} .slug=${slug} .canWrite=${w}></admin-dashboard>`;
      case 'settings':
        return html`<admin-settings .api=${api} .slug=${slug} .canWrite=${w}></admin-settings>`;
      case 'questions':
        return html`<admin-questions .api=${api} .slug=${slug} .canWrite=${w}></admin-questions>`;
      case 'units':
        return html`<admin-units .api=${api} .slug=${slug} .canWrite=${w}></admin-units>`;
      case 'exclusions':
        return html`<admin-exclusions .api=${api} .slug=${slug} .canWrite=${w}></admin-exclusions>`;
      case 'ranking':
        return html`<admin-ranking .api=${api} .slug=${slug} .canWrite=${w}></admin-ranking>`;
      case 'prizes':
        return html`<admin-prizes .api=${api} .slug=${slug} .canWrite=${w}></admin-prizes>`;
      case 'corrections':
        return html`<admin-corrections .api=${api} .slug=${slug} .canWrite=${w}></admin-corrections>`;
      case 'integrity':
        return html`<admin-integrity .api=${api} .slug=${slug} .canWrite=${w}></admin-integrity>`;
      case 'embed':
        return html`<admin-embed .api=${api} .slug=${slug} .canWrite=${w}></admin-embed>`;
      case 'exports':
        return html`<admin-exports .api=${api} .slug=${slug} .canWrite=${w}></admin-exports>`;
      case 'webhooks':
        return html`<admin-webhooks .api=${api} .slug=${slug} .canWrite=${w}></admin-webhooks>`;
      case 'privacy':
        return html`<admin-privacy .api=${api} .slug=${slug} .canWrite=${w}></admin-privacy>`;
      case 'audit':
        return html`<admin-audit .api=${api} .slug=${slug} .canWrite=${w}></admin-audit>`;
      case 'access':
        return html`<admin-access .api=${api} .slug=${slug} .canWrite=${w} .me=${this.me}></admin-access>`;
    }
  }

  override render(): TemplateResult {
    if (!this.api || !this.me) return this.renderSignIn();
    if (this.me.role === 'host') {
      return html`<header class="top">
          <h1>Số liệu của trang đăng cai</h1>
          <div class="who">
            <span>${this.me.name} · ${ROLE_LABELS.host}</span>
            <button type="button" @click=${this.signOut}>Đăng xuất</button>
          </div>
        </header>
        <main id="noi-dung" tabindex="-1"><admin-host .api=${this.api}></admin-host></main>`;
    }
    const slug = this.route.slug && this.contests.some((c) => c.slug === this.route.slug) ? this.route.slug : null;
    return html`<button class="skip" type="button" @click=${() => this.mainEl?.focus()}>Bỏ qua đến nội dung</button>
      <header class="top">
        <h1>Bảng điều khiển Ban Tổ chức</h1>
        <div class="who">
          <span>${this.me.name} · ${ROLE_LABELS[this.me.role]}</span>
          <button type="button" @click=${this.signOut}>Đăng xuất</button>
        </div>
      </header>
      ${this.canWrite
        ? nothing
        : html`<div class="notice-box jury-banner" role="note">
            Chế độ chỉ xem — mã truy cập của Ban Giám khảo xem được mọi màn hình nhưng không thay đổi được dữ liệu.
          </div>`}
      ${this.renderPicker()}
      ${this.loadError ? html`<div class="error-box" role="alert">${this.loadError}</div>` : nothing}
      <div class="layout">
        ${slug ? this.renderNav(slug) : html`<div></div>`}
        <main
          id="noi-dung"
          tabindex="-1"
          @admin-contest-saved=${() => this.loadContests()}
          @admin-contest-deleted=${this.onContestDeleted}
          aria-label=${SCREENS.find((s) => s.id === this.route.screen)!.label}>
          <div role="status">${this.deletedNotice ? html`<p class="success-box">${this.deletedNotice}</p>` : nothing}</div>
          ${this.creating ? this.renderCreate() : nothing}
          ${slug
            ? this.renderScreen(slug)
            : this.creating
              ? nothing
              : html`<p>${this.contests.length ? 'Chọn một cuộc thi ở trên.' : 'Chưa có cuộc thi nào.'}</p>`}
        </main>
      </div>`;
  }
}

customElements.get('de-an-06-admin') || customElements.define('de-an-06-admin', DeAn06Admin);

declare global {
  interface HTMLElementTagNameMap {
    'de-an-06-admin': DeAn06Admin;
  }
}
