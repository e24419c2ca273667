import { LitElement, css, html, nothing } from 'lit';
import { ApiError, type ApiClient, type Contest } from './api-client.js';
import { certificateDate, qrSvg } from '../../api/src/domain/certificate.js';
import { sharedStyles } from './styles.js';
import { stringsFor } from './strings.js';
import './strings-certificate.js';
import type { MyCertificate } from '../../api/src/contract/learning.js';

/**
 * Where the contest's page may be shared when the browser has no share sheet: Zalo and Facebook
 * take the address of the contest's own page, `/c/:slug`, and nothing else — never who shares it.
 */
export function shareLinks(contestUrl: string): { zalo: string; facebook: string } {
  const url = encodeURIComponent(contestUrl);
  return {
    zalo: `https://sp.zalo.me/share_to_zalo?href=${url}`,
    facebook: `https://www.facebook.com/sharer/sharer.php?u=${url}`,
  };
}

/**
 * "Giấy chứng nhận" and "Chia sẻ" after an attempt (decision 0037): the signed-in contestant's
 * certificate of participation — name, unit, contest, best score when shown, date, verification
 * code and a QR code of the verification page — with a link to the printable copy the server
 * renders (`/chung-nhan/:code?in=1`, one A4 page); and sharing the contest's page through the
 * browser's share sheet, or Zalo, Facebook and a copied link. Part of `<de-an-06-quiz>`, in a chunk
 * of its own.
 *
 * @csspart button - each button
 * @csspart certificate - the certificate
 * @tagname de-an-06-certificate
 */
/** What the element reads from the `<de-an-06-quiz>` whose result screen holds it. */
interface QuizInternals {
  localName: string;
  client: ApiClient;
  contest: string;
  data: Contest | null;
}

export class DeAn06Certificate extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      .certificate {
        margin: 1em 0;
        padding: 1.5em clamp(0.5em, 3vw, 1em);
        border: 6px double var(--de-an-06-primary, #a3111b);
        border-radius: 4px;
        background: var(--de-an-06-surface, #ffffff);
        text-align: center;
      }
      .certificate h3 {
        margin: 0.5em 0;
        color: var(--de-an-06-primary, #a3111b);
        font-size: 1.4em;
        line-height: 1.25;
        text-transform: uppercase;
      }
      .issuer {
        margin: 0;
        font-size: 0.85em;
        letter-spacing: 0.05em;
        text-transform: uppercase;
      }
      .name {
        margin: 0.2em 0;
        font-size: 1.5em;
        font-weight: 700;
        overflow-wrap: anywhere;
      }
      .contest {
        font-weight: 600;
        overflow-wrap: anywhere;
      }
      .verify {
        display: flex;
        flex-wrap: wrap;
        gap: 1em;
        align-items: center;
        justify-content: center;
        text-align: left;
      }
      .verify img {
        width: 132px;
        height: 132px;
        flex: none;
        image-rendering: pixelated;
      }
      .code {
        font-family: ui-monospace, Menlo, Consolas, monospace;
        font-size: 1.2em;
        font-weight: 700;
        letter-spacing: 0.08em;
        white-space: nowrap;
      }
      .url {
        font-size: 0.85em;
        overflow-wrap: anywhere;
      }
      a.btn {
        text-decoration: none;
      }
    `,
  ];

  // Declared here rather than with decorators, whose helpers would cost every page view (decision 0013).
  static override properties = {
    certificate: { state: true, attribute: false },
    open: { state: true, attribute: false },
    sharing: { state: true, attribute: false },
    busy: { state: true, attribute: false },
    status: { state: true, attribute: false },
    alert: { state: true, attribute: false },
    client: { attribute: false },
    contest: {},
    contestTitle: { attribute: false },
    lang: {},
  };

  private certificate: MyCertificate | null = null;
  private open = false;
  private sharing = false;
  private busy = false;
  private status = '';
  private alert = '';

  /** API client carrying the contestant's token; by default the quiz element's. */
  client?: ApiClient;
  /** Contest slug; by default the quiz element's. */
  contest = '';
  /** The contest's title, for sharing; without it (and no quiz element to read it from) there is no "Chia sẻ". */
  contestTitle = '';
  /** Interface language, `vi` or `en`. */
  override lang = 'vi';

  /**
   * In the quiz's result screen the element comes with no properties (each one bound there would
   * weigh on every page view, decision 0013): it takes the quiz element's client and contest.
   */
  override connectedCallback(): void {
    super.connectedCallback();
    const host = (this.getRootNode() as ShadowRoot).host as unknown as Partial<QuizInternals> | undefined;
    if (host?.localName !== 'de-an-06-quiz') return;
    this.client ??= host.client;
    this.contest ||= host.contest ?? '';
    this.contestTitle ||= host.data?.title ?? '';
  }

  private get t() {
    return stringsFor(this.lang);
  }

  /** The contest's own page on the contest's server: what is shared. */
  private get contestUrl(): string {
    return new URL(`/c/${encodeURIComponent(this.contest)}`, this.client?.base || location.href).href;
  }

  private async toggleCertificate(): Promise<void> {
    this.open = !this.open;
    if (!this.open || this.certificate || !this.client) return;
    this.busy = true;
    this.alert = '';
    try {
      this.certificate = await this.client.request<MyCertificate>('GET', `/contests/${this.contest}/me/certificate`);
    } catch (error) {
      this.open = false;
      this.alert =
        error instanceof ApiError && error.code === 'NOT_AVAILABLE'
          ? this.t.certificateUnavailable
          : error instanceof ApiError && error.code !== 'NETWORK'
            ? error.message
            : this.t.networkError;
    } finally {
      this.busy = false;
    }
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('h3[tabindex="-1"]')?.focus();
  }

  /** The browser's share sheet where there is one (phones); otherwise the links below. */
  private async share(): Promise<void> {
    const data = { title: this.contestTitle, text: this.t.shareText(this.contestTitle), url: this.contestUrl };
    if (typeof navigator.share === 'function') {
      try {
        await navigator.share(data);
        return;
      } catch (error) {
        // Closing the sheet is no failure; anything else (not allowed here) falls back to the links.
        if (error instanceof DOMException && error.name === 'AbortError') return;
      }
    }
    this.sharing = !this.sharing;
  }

  private async copyLink(): Promise<void> {
    try {
      await navigator.clipboard.writeText(this.contestUrl);
      this.status = this.t.linkCopied;
    } catch {
      // No clipboard for this page (permissions, an old browser): the address is shown to copy by hand.
      this.status = this.contestUrl;
    }
  }

  private renderCertificate(c: MyCertificate) {
    const t = this.t;
    const qr = `data:image/svg+xml,${encodeURIComponent(qrSvg(c.verifyUrl))}`;
    return html`<article class="certificate" part="certificate" aria-labelledby="certificate-heading">
        <p class="issuer">${t.certificateIssuer}</p>
        <h3 id="certificate-heading" tabindex="-1">${t.certificateHeading}</h3>
        <p>${t.certificateCertifies}</p>
        <p class="name">${c.fullName}</p>
        <p>${t.certificateUnit(c.unitName)}</p>
        <p>${t.certificateTookPart}</p>
        <p class="contest">${c.contest.title}</p>
        ${c.bestScore !== null && c.total !== null ? html`<p>${t.certificateBest(c.bestScore, c.total)}</p>` : nothing}
        <p><em>${t.certificateIssued(certificateDate(c.issuedAt, this.lang))}</em></p>
        <div class="verify">
          <img src=${qr} alt=${t.certificateQr} width="132" height="132" />
          <div>
            <p>${t.certificateCode}<br /><span class="code">${c.code}</span></p>
            <p class="url"><a href=${c.verifyUrl} target="_blank" rel="noopener">${t.certificateVerify}</a></p>
          </div>
        </div>
      </article>
      <div class="actions">
        <a class="btn primary" part="button" href=${`${c.verifyUrl}?in=1`} target="_blank" rel="noopener">${t.certificatePrint}</a>
      </div>
      <p class="muted">${t.certificatePrintNote}</p>`;
  }

  private renderShare() {
    const t = this.t;
    const links = shareLinks(this.contestUrl);
    return html`<section aria-labelledby="share-heading">
      <h3 id="share-heading">${t.shareHeading}</h3>
      <div class="actions">
        <a class="btn" part="button" href=${links.zalo} target="_blank" rel="noopener">${t.shareZalo}</a>
        <a class="btn" part="button" href=${links.facebook} target="_blank" rel="noopener">${t.shareFacebook}</a>
        <button class="btn" part="button" type="button" @click=${this.copyLink}>${t.copyLink}</button>
      </div>
    </section>`;
  }

  override render() {
    const t = this.t;
    return html`<div class="actions">
        <button class="btn" part="button" type="button" aria-expanded=${this.open ? 'true' : 'false'} ?disabled=${this.busy} @click=${this.toggleCertificate}>
          ${t.certificateOpen}
        </button>
        ${this.contestTitle ? html`<button class="btn" part="button" type="button" @click=${this.share}>${t.share}</button>` : nothing}
      </div>
      <div role="status">${this.status ? html`<p class="notice">${this.status}</p>` : nothing}</div>
      <div role="alert">${this.alert ? html`<p class="alert">${this.alert}</p>` : nothing}</div>
      ${this.sharing ? this.renderShare() : nothing}
      ${this.open && this.certificate ? this.renderCertificate(this.certificate) : nothing}`;
  }
}

const TAG = 'de-an-06-certificate';
customElements.get(TAG) || customElements.define(TAG, DeAn06Certificate);

declare global {
  interface HTMLElementTagNameMap {
    'de-an-06-certificate': DeAn06Certificate;
  }
}
