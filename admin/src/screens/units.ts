import { css, html, nothing, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import '../file-import.js';
import { errorMessage, READ_ONLY_NOTE, renderRowErrors, rowErrors, type RowError } from '../feedback.js';
import { formatNumber } from '../format.js';
import { consoleStyles } from '../styles.js';
import { ConsoleScreen } from '../console-screen.js';
import type { AdminUnit } from '../../../api/src/contract/admin.js';

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
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
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
