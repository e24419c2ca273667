import { html, svg, nothing, type TemplateResult } from 'lit';
import { formatNumber } from './format.js';

/**
 * Accessible inline-SVG charts for the console, without a chart library (the console bundle stays
 * small). Every chart is an `<svg role="img">` whose `aria-label` says what it shows in one sentence,
 * followed by a "Xem bảng số liệu" table with the same figures for people who would rather read
 * numbers or cannot see the picture. Bars are drawn in a blue with 6.7:1 contrast on white, so they
 * stand out at the 3:1 that WCAG asks of graphics; every bar also carries its figure as text.
 */

export interface ChartDatum {
  label: string;
  value: number;
  /** The figure as shown next to the bar ("45,2%", "1.234"); the value in vi-VN digits otherwise. */
  text?: string;
}

export interface TableColumn {
  label: string;
  numeric?: boolean;
}

export type TableCell = string | number | null;

/** Bar colour: #1d4ed8 on white is 6.7:1; labels use the console's text colour (#1f2328). */
const BAR = '#1d4ed8';
const TEXT = '#1f2328';
const GRID = '#8c959f';
/** Width of a chart in CSS pixels when its container is not measured. */
export const DEFAULT_CHART_WIDTH = 640;

const shown = (d: ChartDatum) => d.text ?? formatNumber(d.value);

/** Cuts a long label for the picture only; the table beside it keeps the whole name. */
function clip(label: string, max: number): string {
  return label.length > max ? `${label.slice(0, max - 1)}…` : label;
}

/** One sentence for a screen reader: how many items, the largest and the total when it adds up. */
export function chartSummary(title: string, data: readonly ChartDatum[], addsUp = true): string {
  if (!data.length) return `${title}: chưa có số liệu.`;
  const top = data.reduce((best, d) => (d.value > best.value ? d : best), data[0]!);
  const total = data.reduce((sum, d) => sum + d.value, 0);
  const parts = [`${title}: ${formatNumber(data.length)} mục`, `cao nhất là ${top.label} với ${shown(top)}`];
  if (addsUp) parts.push(`tổng cộng ${formatNumber(total)}`);
  return `${parts.join(', ')}.`;
}

/**
 * Horizontal bars, one row per item with its label above the bar: suits long unit names, and
 * reads well on a narrow tablet screen.
 */
export function horizontalBarChart(
  title: string,
  data: readonly ChartDatum[],
  options: { addsUp?: boolean; max?: number; width?: number } = {},
): TemplateResult {
  const width = options.width ?? DEFAULT_CHART_WIDTH;
  const rowHeight = 42;
  const height = Math.max(rowHeight, data.length * rowHeight);
  const valueSpace = 96;
  const max = options.max ?? Math.max(1, ...data.map((d) => d.value));
  const scale = (width - valueSpace) / max;
  // Drawn at the container's own width (one viewBox unit = one CSS pixel), so text keeps its size.
  return html`<svg
    class="chart"
    role="img"
    aria-label=${chartSummary(title, data, options.addsUp ?? true)}
    viewBox="0 0 ${width} ${height}"
    width=${width}
    height=${height}
  >
    ${data.map((d, i) => {
      const y = i * rowHeight;
      const length = Math.max(d.value > 0 ? 2 : 0, d.value * scale);
      return svg`<g>
        <text x="0" y=${y + 14} font-size="13" fill=${TEXT}>${clip(d.label, Math.floor(width / 7.5))}</text>
        <rect x="0" y=${y + 19} width=${length} height="16" rx="2" fill=${BAR}></rect>
        <text x=${length + 6} y=${y + 32} font-size="13" font-weight="600" fill=${TEXT}>${shown(d)}</text>
      </g>`;
    })}
  </svg>`;
}

/** A round number at or above `value` for the top of an axis (1, 2, 5 × 10ⁿ). */
export function niceCeiling(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

/** Vertical columns along an ordered axis (days, scores), with a value axis and gridlines. */
export function columnChart(title: string, data: readonly ChartDatum[], options: { addsUp?: boolean; width?: number } = {}): TemplateResult {
  const width = options.width ?? DEFAULT_CHART_WIDTH;
  const height = 240;
  const left = 52;
  const bottom = 28;
  const top = 18;
  const plotWidth = width - left - 8;
  const plotHeight = height - top - bottom;
  const max = niceCeiling(Math.max(0, ...data.map((d) => d.value)));
  const slot = plotWidth / Math.max(1, data.length);
  const barWidth = Math.min(48, Math.max(2, slot * 0.72));
  const labelEvery = Math.max(1, Math.ceil((data.length * 44) / plotWidth));
  const showValues = slot >= 26;
  const ticks = [0, 0.5, 1].map((f) => f * max);
  return html`<svg
    class="chart"
    role="img"
    aria-label=${chartSummary(title, data, options.addsUp ?? true)}
    viewBox="0 0 ${width} ${height}"
    width=${width}
    height=${height}
  >
    ${ticks.map((t) => {
      const y = top + plotHeight - (t / max) * plotHeight;
      return svg`<line x1=${left} x2=${width - 8} y1=${y} y2=${y} stroke=${GRID} stroke-width="1" stroke-dasharray=${t === 0 ? '' : '3 3'}></line>
        <text x=${left - 6} y=${y + 4} font-size="12" text-anchor="end" fill=${TEXT}>${formatNumber(t)}</text>`;
    })}
    ${data.map((d, i) => {
      const h = (d.value / max) * plotHeight;
      const x = left + i * slot + (slot - barWidth) / 2;
      const y = top + plotHeight - h;
      return svg`<g>
        <rect x=${x} y=${y} width=${barWidth} height=${Math.max(0, h)} rx="1" fill=${BAR}></rect>
        ${showValues && d.value > 0
          ? svg`<text x=${x + barWidth / 2} y=${y - 4} font-size="11" text-anchor="middle" fill=${TEXT}>${shown(d)}</text>`
          : nothing}
        ${i % labelEvery === 0
          ? svg`<text x=${x + barWidth / 2} y=${height - 8} font-size="12" text-anchor="middle" fill=${TEXT}>${d.label}</text>`
          : nothing}
      </g>`;
    })}
  </svg>`;
}

/**
 * The figures behind a chart as a table, folded under "Xem bảng số liệu". Like every wide table of
 * the console it sits in a focusable region, so keyboard users can scroll it sideways.
 */
export function dataTable(caption: string, columns: readonly TableColumn[], rows: readonly (readonly TableCell[])[]): TemplateResult {
  return html`<details class="chart-table">
    <summary>Xem bảng số liệu</summary>
    <div class="table-wrap" role="region" tabindex="0" aria-label=${`Bảng số liệu: ${caption}`}>
      <table class="data">
        <caption>${caption}</caption>
        <thead>
          <tr>
            ${columns.map((c) => html`<th scope="col" class=${c.numeric ? 'num' : ''}>${c.label}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${rows.map(
            (row) => html`<tr>
              ${row.map((cell, i) =>
                i === 0
                  ? html`<th scope="row">${cellText(cell)}</th>`
                  : html`<td class=${columns[i]?.numeric ? 'num' : ''}>${cellText(cell)}</td>`,
              )}
            </tr>`,
          )}
        </tbody>
      </table>
    </div>
  </details>`;
}

const cellText = (cell: TableCell) => (cell === null ? '—' : typeof cell === 'number' ? formatNumber(cell) : cell);

/** A titled chart with its table alternative. */
export function chartFigure(id: string, title: string, chart: TemplateResult, table: TemplateResult, note?: string | TemplateResult): TemplateResult {
  return html`<section class="card chart-card" aria-labelledby=${`${id}-title`} data-chart=${id}>
    <h3 id=${`${id}-title`}>${title}</h3>
    ${note ? html`<p class="muted">${note}</p>` : nothing} ${chart} ${table}
  </section>`;
}
