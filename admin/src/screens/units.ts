import { css, html, nothing, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import '../file-import.js';
import { errorMessage, READ_ONLY_NOTE } from '../feedback.js';
import { formatNumber } from '../format.js';
import { consoleStyles } from '../styles.js';
import { ConsoleScreen } from '../console-screen.js';

/** A unit as `GET /api/admin/contests/:slug/units` lists it. */
export interface ContestUnit {
  id: string;
  name: string;
  parentId: string | null;
  kind: string | null;
  headcount: number | null;
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
 * The contest's units as a tree with their declared headcounts, and the import that replaces them
 * from a spreadsheet (columns id, name, parent_id, kind, headcount).
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
    `,
  ];

  @state() private units: ContestUnit[] = [];
  @state() private loaded = false;
  @state() private loadError = '';


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

  private renderUnit(node: UnitNode, depth: number): TemplateResult {
    const line = html`<span class="unit">
      <strong>${node.name}</strong>
      ${node.kind ? html`<span class="badge">${node.kind}</span>` : nothing}
      <span class="muted">mã ${node.id}</span>
      <span class="count">${node.headcount === null ? html`<span class="muted">chưa khai báo số người</span>` : `${formatNumber(node.headcount)} người`}</span>
      ${node.children.length
        ? html`<span class="muted">· ${formatNumber(node.children.length)} đơn vị trực thuộc${node.subtreeHeadcount ? `, ${formatNumber(node.subtreeHeadcount)} người` : ''}</span>`
        : nothing}
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
        ${formatNumber(this.units.length)} đơn vị, ${formatNumber(declared)} đơn vị đã khai báo số người. Số người dùng để tính tỉ lệ tham gia
        khi xét giải tập thể.
      </p>
      ${this.canWrite
        ? html`<section class="card stack" aria-labelledby="units-import">
            <h3 id="units-import">Nạp danh sách đơn vị</h3>
            <p class="muted">
              Cột: «Mã đơn vị» (id), «Tên đơn vị» (name), «Mã đơn vị cấp trên» (parent_id), «Loại» (kind), «Số người» (headcount). Danh sách mới
              thay toàn bộ danh sách cũ; đơn vị đã có thí sinh đăng ký phải giữ nguyên mã. Có dòng sai thì không có thay đổi nào được lưu.
            </p>
            <admin-file-import label="Tệp đơn vị (.xlsx hoặc .csv)" action="Nạp danh sách đơn vị" .upload=${this.importUnits}></admin-file-import>
          </section>`
        : html`<p class="notice-box">${READ_ONLY_NOTE}</p>`}
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
