import { css, html, nothing, type TemplateResult } from 'lit';
import { query, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import '../confirm-dialog.js';
import type { AdminConfirmDialog } from '../confirm-dialog.js';
import '../file-import.js';
import { errorMessage, fieldErrors, READ_ONLY_NOTE, renderFieldError, renderRowErrors, rowErrors, type RowError } from '../feedback.js';
import { formatNumber, parseWholeNumber } from '../format.js';
import { consoleStyles } from '../styles.js';
import { ConsoleScreen } from '../console-screen.js';
import type { AdminUnit, UnitEditRequest } from '../../../api/src/contract/admin.js';

/** A unit as `GET /api/admin/contests/:slug/units` lists it (the server's contract). */
export type ContestUnit = AdminUnit;

/** The unit as `PUT …/units` takes it back. */
const unitToSave = ({ id, name, parentId, kind, headcount, competes }: ContestUnit) => ({ id, name, parentId, kind, headcount, competes });

/** "Khối cơ quan tỉnh › Sở Giáo dục và Đào tạo": where a unit sits, for the competing list. */
function unitPath(unit: ContestUnit, byId: ReadonlyMap<string, ContestUnit>): string {
  const names = [unit.name];
  const seen = new Set([unit.id]);
  for (let parent = unit.parentId ? byId.get(unit.parentId) : undefined; parent && !seen.has(parent.id); parent = parent.parentId ? byId.get(parent.parentId) : undefined) {
    seen.add(parent.id);
    names.unshift(parent.name);
  }
  return names.join(' › ');
}

/** The row editor's fields, as typed. */
interface UnitDraft {
  /** The unit being edited, or null when adding one. */
  editing: string | null;
  id: string;
  name: string;
  parentId: string;
  kind: string;
  headcount: string;
  competes: 'default' | 'yes' | 'no';
}

const COMPETES_CHOICES: Record<UnitDraft['competes'], string> = { default: 'Theo mặc định', yes: 'Có', no: 'Không' };

const emptyDraft = (): UnitDraft => ({ editing: null, id: '', name: '', parentId: '', kind: '', headcount: '', competes: 'default' });

const draftOf = (u: ContestUnit): UnitDraft => ({
  editing: u.id,
  id: u.id,
  name: u.name,
  parentId: u.parentId ?? '',
  kind: u.kind ?? '',
  headcount: u.headcount === null ? '' : String(u.headcount),
  competes: u.competes === null ? 'default' : u.competes ? 'yes' : 'no',
});

export interface UnitNode extends ContestUnit {
  children: UnitNode[];
  /** Declared headcounts of this unit's sub-units, all levels down. */
  subtreeHeadcount: number;
}

/** The flat list as a forest, in the list's order; a unit whose parent is missing becomes a root. */
export function unitForest(units: readonly ContestUnit[]): UnitNode[] {
  const nodes = new Map(units.map((u) => [u.id, { ...u, children: [] as UnitNode[], subtreeHeadcount: 0 }]));
  const roots: UnitNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId ? nodes.get(node.parentId) : undefined;
    if (parent && parent !== node) parent.children.push(node);
    else roots.push(node);
  }
  const total = (node: UnitNode, seen: Set<string>): number => {
    if (seen.has(node.id)) return 0;
    seen.add(node.id);
    node.subtreeHeadcount = node.children.reduce((sum, child) => sum + (child.headcount ?? 0) + total(child, seen), 0);
    return node.subtreeHeadcount;
  };
  for (const root of roots) total(root, new Set());
  return roots;
}

/**
 * The contest's units as a tree with their declared headcounts, which units compete for collective
 * prizes (a checkbox per unit, saved at once), and the import that replaces them from a spreadsheet
 * (columns id, name, parent_id, kind, headcount, competes).
 */
export class AdminUnits extends ConsoleScreen {
  static override styles = [
    consoleStyles,
    css`
      ul.tree,
      ul.tree ul {
        list-style: none;
        margin: 0;
        padding-inline-start: var(--space-5);
      }
      ul.tree {
        padding-inline-start: 0;
      }
      ul.tree li {
        margin: var(--space-1) 0;
      }
      .unit {
        display: inline-flex;
        flex-wrap: wrap;
        gap: var(--space-2);
        align-items: baseline;
      }
      .leaf {
        padding-inline-start: 1.1em;
        display: block;
      }
      summary {
        cursor: pointer;
        padding: var(--space-1) 0;
      }
      .count {
        font-variant-numeric: tabular-nums;
      }
      table.data td.check {
        white-space: nowrap;
      }
      table.data td.check .choice {
        display: flex;
        flex-wrap: wrap;
        gap: var(--space-2);
        align-items: center;
      }
      table.data td.row-actions div {
        display: flex;
        gap: var(--space-1);
        white-space: nowrap;
      }
      .editor-grid {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr));
        gap: var(--space-3);
      }
      table.data td.check label {
        display: inline-flex;
        gap: var(--space-2);
        align-items: center;
        min-height: 44px;
      }
    `,
  ];

  @state() private units: ContestUnit[] = [];
  @state() private loaded = false;
  @state() private loadError = '';
  @state() private saving = '';
  @state() private competesDone = '';
  @state() private competesError = '';
  @state() private competesRows: RowError[] = [];
  @state() private draft: UnitDraft | null = null;
  @state() private draftErrors: Record<string, string> = {};
  @state() private draftMessage = '';
  @state() private draftRows: RowError[] = [];
  @state() private deleting: ContestUnit | null = null;

  @query('#unit-delete-confirm') private deleteDialog!: AdminConfirmDialog;


  override updated(changed: Map<string, unknown>): void {
    if (this.contestChanged(changed)) void this.load();
  }

  private async load(): Promise<void> {
    try {
      this.units = await this.api.get<ContestUnit[]>(`/contests/${this.slug}/units`);
      this.loadError = '';
    } catch (error) {
      this.loadError = errorMessage(error);
    }
    this.loaded = true;
  }

  private readonly importUnits = async (file: File): Promise<string> => {
    this.units = await this.api.upload<ContestUnit[]>('PUT', `/contests/${this.slug}/units`, file);
    return `Đã thay danh sách bằng ${formatNumber(this.units.length)} đơn vị từ tệp ${file.name}.`;
  };

  /** Saves one unit's choice (true, false, or null for the default) with the rest of the tree unchanged. */
  private async setCompetes(unit: ContestUnit, competes: boolean | null): Promise<void> {
    this.saving = unit.id;
    this.competesDone = '';
    this.competesError = '';
    this.competesRows = [];
    const tree = this.units.map((u) => unitToSave(u.id === unit.id ? { ...u, competes } : u));
    try {
      this.units = await this.api.put<ContestUnit[]>(`/contests/${this.slug}/units`, tree);
      const now = this.units.find((u) => u.id === unit.id);
      this.competesDone = `Đã lưu: ${unit.name} ${now?.competing ? 'dự giải tập thể' : 'không dự giải tập thể'}${competes === null ? ' (theo mặc định)' : ''}.`;
    } catch (error) {
      this.competesError = errorMessage(error);
      this.competesRows = rowErrors(error);
    } finally {
      this.saving = '';
    }
  }

  private startEditing(draft: UnitDraft): void {
    this.draft = draft;
    this.draftErrors = {};
    this.draftMessage = '';
    this.draftRows = [];
    this.competesDone = '';
    this.competesError = '';
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLInputElement>(draft.editing ? '#unit-name' : '#unit-id')?.focus());
  }

  private async saveDraft(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const d = this.draft;
    if (!d) return;
    const errors: Record<string, string> = {};
    const id = d.id.trim();
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) errors.id = 'Mã đơn vị là bắt buộc, chỉ gồm chữ không dấu, số, gạch ngang (tối đa 64 ký tự)';
    else if (!d.editing && this.units.some((u) => u.id === id)) errors.id = `Đã có đơn vị mã ${id}`;
    if (!d.name.trim()) errors.name = 'Tên đơn vị là bắt buộc';
    const headcount = d.headcount.trim() === '' ? null : parseWholeNumber(d.headcount);
    if (headcount !== null && headcount < 1) errors.headcount = 'Số người phải là số nguyên từ 1 đến 10.000.000, hoặc để trống';
    if (d.headcount.trim() !== '' && headcount === null) errors.headcount = 'Số người phải là số nguyên từ 1 đến 10.000.000, hoặc để trống';
    this.draftErrors = errors;
    this.draftMessage = '';
    this.draftRows = [];
    if (Object.keys(errors).length) return;
    const body: UnitEditRequest = {
      name: d.name.trim(),
      parentId: d.parentId || null,
      kind: d.kind.trim() || null,
      headcount,
      competes: d.competes === 'default' ? null : d.competes === 'yes',
    };
    this.saving = id;
    try {
      this.units = await this.api.put<ContestUnit[]>(`/contests/${this.slug}/units/${encodeURIComponent(id)}`, body);
      const saved = this.units.find((u) => u.id === id);
      this.competesDone = `${d.editing ? 'Đã lưu' : 'Đã thêm'} đơn vị ${body.name}${saved ? ` (${saved.competing ? 'dự giải tập thể' : 'không dự giải tập thể'})` : ''}.`;
      this.draft = null;
    } catch (error) {
      this.draftErrors = fieldErrors(error);
      this.draftMessage = errorMessage(error);
      this.draftRows = rowErrors(error);
    } finally {
      this.saving = '';
    }
  }

  private async deleteUnit(unit: ContestUnit): Promise<void> {
    this.deleting = unit;
    this.competesDone = '';
    this.competesError = '';
    this.competesRows = [];
    if (!(await this.deleteDialog.ask())) return;
    this.saving = unit.id;
    try {
      this.units = await this.api.delete<ContestUnit[]>(`/contests/${this.slug}/units/${encodeURIComponent(unit.id)}`);
      this.competesDone = `Đã xoá đơn vị ${unit.name}.`;
      if (this.draft?.editing === unit.id) this.draft = null;
    } catch (error) {
      this.competesError = errorMessage(error);
      this.competesRows = rowErrors(error);
    } finally {
      this.saving = '';
    }
  }

  private renderEditor(): TemplateResult | typeof nothing {
    const d = this.draft;
    if (!d) return nothing;
    const e = this.draftErrors;
    // The draft as it is when the event comes, not as rendered: several changes may land before a render.
    const edit = (change: Partial<UnitDraft>) => (this.draft = { ...this.draft!, ...change });
    const described = (key: string, hint?: boolean) => [hint ? `unit-${key}-hint` : '', e[key] ? `unit-${key}-error` : ''].filter(Boolean).join(' ') || nothing;
    // A unit cannot sit under itself or under one of its own sub-units: those are left out of the choice (the server checks too).
    const below = new Set<string>();
    if (d.editing) {
      below.add(d.editing);
      for (let grew = true; grew; ) {
        grew = false;
        for (const u of this.units) {
          if (u.parentId && below.has(u.parentId) && !below.has(u.id)) {
            below.add(u.id);
            grew = true;
          }
        }
      }
    }
    const editingName = d.editing ? this.units.find((u) => u.id === d.editing)?.name : undefined;
    return html`<section class="card stack" aria-labelledby="unit-editor" data-unit-editor>
      <h3 id="unit-editor">${d.editing ? `Sửa đơn vị ${editingName ?? d.editing}` : 'Thêm đơn vị'}</h3>
      ${this.draftMessage ? html`<div class="error-box" role="alert">${this.draftMessage}</div>` : nothing}
      ${renderRowErrors(this.draftRows, 'Các đơn vị cần sửa')}
      <form class="stack" @submit=${this.saveDraft} novalidate>
        <div class="editor-grid">
          <div class="field">
            <label for="unit-id">Mã đơn vị</label>
            <input
              id="unit-id"
              .value=${d.id}
              ?readonly=${!!d.editing}
              @input=${(ev: Event) => edit({ id: (ev.target as HTMLInputElement).value })}
              aria-invalid=${e.id ? 'true' : 'false'}
              aria-describedby=${described('id', true)}
            />
            <span class="hint" id="unit-id-hint">${d.editing ? 'Không đổi được mã; muốn đổi thì thêm đơn vị mới.' : 'Chữ không dấu, số, gạch ngang, ví dụ so-tttt'}</span>
            ${renderFieldError('unit-id-error', e.id)}
          </div>
          <div class="field">
            <label for="unit-name">Tên đơn vị</label>
            <input id="unit-name" .value=${d.name} @input=${(ev: Event) => edit({ name: (ev.target as HTMLInputElement).value })} aria-invalid=${e.name ? 'true' : 'false'} aria-describedby=${described('name')} />
            ${renderFieldError('unit-name-error', e.name)}
          </div>
          <div class="field">
            <label for="unit-parent">Đơn vị cấp trên</label>
            <select id="unit-parent" @change=${(ev: Event) => edit({ parentId: (ev.target as HTMLSelectElement).value })} aria-invalid=${e.parentId ? 'true' : 'false'} aria-describedby=${described('parentId')}>
              <option value="" ?selected=${d.parentId === ''}>— Không có (cấp cao nhất) —</option>
              ${this.units.filter((u) => !below.has(u.id)).map((u) => html`<option value=${u.id} ?selected=${u.id === d.parentId}>${u.name} (${u.id})</option>`)}
            </select>
            ${renderFieldError('unit-parentId-error', e.parentId)}
          </div>
          <div class="field">
            <label for="unit-kind">Loại</label>
            <input id="unit-kind" .value=${d.kind} maxlength="40" @input=${(ev: Event) => edit({ kind: (ev.target as HTMLInputElement).value })} aria-describedby=${described('kind', true)} />
            <span class="hint" id="unit-kind-hint">Ví dụ: Khối, Sở, Huyện, Xã (để trống cũng được)</span>
            ${renderFieldError('unit-kind-error', e.kind)}
          </div>
          <div class="field">
            <label for="unit-headcount">Số người</label>
            <input
              id="unit-headcount"
              inputmode="numeric"
              .value=${d.headcount}
              @input=${(ev: Event) => edit({ headcount: (ev.target as HTMLInputElement).value })}
              aria-invalid=${e.headcount ? 'true' : 'false'}
              aria-describedby=${described('headcount', true)}
            />
            <span class="hint" id="unit-headcount-hint">Cả đơn vị, kể cả đơn vị trực thuộc; để trống nếu chưa khai báo</span>
            ${renderFieldError('unit-headcount-error', e.headcount)}
          </div>
          <div class="field">
            <label for="unit-competes">Dự giải tập thể</label>
            <select id="unit-competes" @change=${(ev: Event) => edit({ competes: (ev.target as HTMLSelectElement).value as UnitDraft['competes'] })} aria-invalid=${e.competes ? 'true' : 'false'} aria-describedby=${described('competes')}>
              ${Object.entries(COMPETES_CHOICES).map(([value, label]) => html`<option value=${value} ?selected=${value === d.competes}>${label}</option>`)}
            </select>
            ${renderFieldError('unit-competes-error', e.competes)}
          </div>
        </div>
        <div class="row">
          <button class="primary" type="submit" ?disabled=${this.saving !== ''}>${d.editing ? 'Lưu đơn vị' : 'Thêm đơn vị'}</button>
          <button type="button" @click=${() => (this.draft = null)}>Huỷ</button>
        </div>
      </form>
    </section>`;
  }

  private renderCompeting(): TemplateResult {
    const byId = new Map(this.units.map((u) => [u.id, u]));
    const competing = this.units.filter((u) => u.competing);
    return html`<section class="card stack" aria-labelledby="units-competing">
      <h3 id="units-competing">Đơn vị dự giải tập thể</h3>
      <p>
        ${formatNumber(competing.length)} đơn vị dự giải tập thể. Mặc định: đơn vị cấp cao nhất không có đơn vị trực thuộc, và các đơn vị
        trực thuộc của đơn vị cấp cao nhất có đơn vị trực thuộc (một «Khối» chỉ để nhóm thì không dự giải, các đơn vị trong khối dự giải).
        Đơn vị dự giải không được nằm trong một đơn vị dự giải khác.
      </p>
      <p>
        Tỷ lệ tham gia của đơn vị dự giải = số người tham gia của cả đơn vị, kể cả các đơn vị trực thuộc ÷ số người đã khai báo của chính đơn
        vị đó. Vì vậy số người của đơn vị dự giải phải là tổng số người của cả đơn vị (kể cả đơn vị trực thuộc); số người của đơn vị trực
        thuộc chỉ để tham khảo.
      </p>
      <div role="status">${this.competesDone ? html`<p class="success-box">${this.competesDone}</p>` : nothing}</div>
      ${this.competesError ? html`<div class="error-box" role="alert">${this.competesError}</div>` : nothing}
      ${renderRowErrors(this.competesRows, 'Các đơn vị cần sửa')}
      <div class="table-wrap" role="region" tabindex="0" aria-label="Bảng đơn vị dự giải tập thể">
        <table class="data" data-competing-table>
          <caption>
            Chọn đơn vị dự giải tập thể (${formatNumber(this.units.length)} đơn vị)
          </caption>
          <thead>
            <tr>
              <th scope="col" class="num">Dòng</th>
              <th scope="col">Đơn vị</th>
              <th scope="col" class="num">Số người</th>
              <th scope="col">Dự giải tập thể</th>
              ${this.canWrite ? html`<th scope="col">Sửa, xoá</th>` : nothing}
            </tr>
          </thead>
          <tbody>
            ${this.units.map(
              (u, i) => html`<tr data-unit=${u.id}>
                <td class="num">${i + 1}</td>
                <th scope="row">${unitPath(u, byId)}</th>
                <td class="num">${u.headcount === null ? (u.competing ? html`<strong>chưa khai báo</strong>` : '—') : formatNumber(u.headcount)}</td>
                <td class="check">
                  ${this.canWrite
                    ? html`<div class="choice">
                        <label
                          ><input
                            type="checkbox"
                            .checked=${live(u.competing)}
                            ?disabled=${this.saving !== ''}
                            @change=${(e: Event) => this.setCompetes(u, (e.target as HTMLInputElement).checked)}
                          />Dự giải<span class="visually-hidden">: ${u.name}</span></label
                        >
                        ${u.competes === null
                          ? html`<span class="muted">(mặc định)</span>`
                          : html`<button type="button" class="quiet" ?disabled=${this.saving !== ''} @click=${() => this.setCompetes(u, null)}>
                              Theo mặc định<span class="visually-hidden">: ${u.name}</span>
                            </button>`}
                      </div>`
                    : u.competing
                      ? html`<span class="badge ok">Dự giải</span>`
                      : html`<span class="muted">Không</span>`}
                </td>
                ${this.canWrite
                  ? html`<td class="row-actions">
                      <div>
                        <button type="button" class="quiet" ?disabled=${this.saving !== ''} @click=${() => this.startEditing(draftOf(u))}>
                          Sửa<span class="visually-hidden">: ${u.name}</span>
                        </button>
                        <button type="button" class="quiet danger" ?disabled=${this.saving !== ''} @click=${() => this.deleteUnit(u)}>
                          Xoá<span class="visually-hidden">: ${u.name}</span>
                        </button>
                      </div>
                    </td>`
                  : nothing}
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
      ${this.canWrite
        ? html`<admin-confirm-dialog id="unit-delete-confirm" heading="Xoá đơn vị ${this.deleting?.name ?? ''}?" confirm-label="Xoá đơn vị" danger>
            <p>
              Đơn vị ${this.deleting?.name ?? ''} (mã ${this.deleting?.id ?? ''}) bị bỏ khỏi danh sách. Đơn vị đã có thí sinh đăng ký hoặc còn đơn
              vị trực thuộc thì không xoá được.
            </p>
          </admin-confirm-dialog>`
        : nothing}
    </section>`;
  }

  private renderUnit(node: UnitNode, depth: number): TemplateResult {
    const line = html`<span class="unit">
      <strong>${node.name}</strong>
      ${node.kind ? html`<span class="badge">${node.kind}</span>` : nothing}
      <span class="muted">mã ${node.id}</span>
      <span class="count">${node.headcount === null ? html`<span class="muted">chưa khai báo số người</span>` : `${formatNumber(node.headcount)} người`}</span>
      ${node.children.length
        ? html`<span class="muted">· ${formatNumber(node.children.length)} đơn vị trực thuộc${node.subtreeHeadcount ? `, ${formatNumber(node.subtreeHeadcount)} người` : ''}</span>`
        : nothing}
      ${node.competing ? html`<span class="badge ok">Dự giải tập thể</span>` : nothing}
    </span>`;
    if (!node.children.length) return html`<li><span class="leaf">${line}</span></li>`;
    return html`<li>
      <details ?open=${depth === 0}>
        <summary>${line}</summary>
        <ul>
          ${node.children.map((child) => this.renderUnit(child, depth + 1))}
        </ul>
      </details>
    </li>`;
  }

  override render() {
    if (this.loadError) return html`<h2>Đơn vị</h2><div class="error-box" role="alert">${this.loadError}</div>`;
    if (!this.loaded) return html`<h2>Đơn vị</h2><p role="status">Đang tải…</p>`;
    const forest = unitForest(this.units);
    const declared = this.units.filter((u) => u.headcount !== null).length;
    return html`<div class="stack">
      <h2>Đơn vị</h2>
      <p>
        ${formatNumber(this.units.length)} đơn vị, ${formatNumber(declared)} đơn vị đã khai báo số người. Số người của một đơn vị tính cả
        các đơn vị trực thuộc; số người của đơn vị dự giải tập thể dùng để tính tỉ lệ tham gia khi xét giải tập thể.
      </p>
      ${this.canWrite
        ? html`<section class="card stack" aria-labelledby="units-import">
            <h3 id="units-import">Nạp danh sách đơn vị</h3>
            <p class="muted">
              Cột: «Mã đơn vị» (id), «Tên đơn vị» (name), «Mã đơn vị cấp trên» (parent_id), «Loại» (kind), «Số người» (headcount — cả đơn
              vị, kể cả đơn vị trực thuộc), «Dự giải tập thể» (competes — có/không, x, 1/0; để trống là theo mặc định). Danh sách mới thay toàn
              bộ danh sách cũ; đơn vị đã có thí sinh đăng ký phải giữ nguyên mã. Có dòng sai thì không có thay đổi nào được lưu.
            </p>
            <admin-file-import label="Tệp đơn vị (.xlsx hoặc .csv)" action="Nạp danh sách đơn vị" .upload=${this.importUnits}></admin-file-import>
          </section>`
        : html`<p class="notice-box">${READ_ONLY_NOTE}</p>`}
      ${this.canWrite && !this.draft
        ? html`<div class="row"><button type="button" @click=${() => this.startEditing(emptyDraft())}>Thêm một đơn vị</button></div>`
        : nothing}
      ${this.renderEditor()}
      ${this.units.length ? this.renderCompeting() : nothing}
      <section aria-labelledby="units-tree">
        <h3 id="units-tree">Cây đơn vị</h3>
        ${forest.length
          ? html`<ul class="tree">
              ${forest.map((root) => this.renderUnit(root, 0))}
            </ul>`
          : html`<p>Chưa có đơn vị nào.</p>`}
      </section>
    </div>`;
  }
}

customElements.get('admin-units') || customElements.define('admin-units', AdminUnits);

declare global {
  interface HTMLElementTagNameMap {
    'admin-units': AdminUnits;
  }
}
