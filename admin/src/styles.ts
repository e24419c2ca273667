import { css } from 'lit';

/**
 * The console's one look, shared by the shell and every screen. Colours meet WCAG AA contrast on
 * white; spacing follows a 4 px scale. Screens add only layout of their own.
 *
 * Classes: `.stack` (vertical rhythm), `.row` (wrapping horizontal group), `.card`, `table.data`,
 * `.field` (label + control + hint + error), `button`/`.button` with `.primary`, `.danger`,
 * `.quiet`, `.error-box`, `.notice-box`, `.success-box`, `.badge`, `.visually-hidden`.
 */
export const consoleStyles = css`
  :host {
    display: block;
    --c-text: #1f2328;
    --c-muted: #57606a;
    --c-border: #d0d7de;
    --c-surface: #ffffff;
    --c-surface-alt: #f6f8fa;
    --c-primary: #a3111b;
    --c-primary-hover: #7f0d15;
    --c-primary-text: #ffffff;
    --c-accent: #1d4ed8;
    --c-focus: #1d4ed8;
    --c-danger: #b42318;
    --c-danger-bg: #fef3f2;
    --c-notice: #7a4a00;
    --c-notice-bg: #fff8e6;
    --c-success: #1a7f37;
    --c-success-bg: #eefbf1;
    --space-1: 4px;
    --space-2: 8px;
    --space-3: 12px;
    --space-4: 16px;
    --space-5: 24px;
    --space-6: 32px;
    --radius: 6px;
    font-family: system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif;
    font-size: 16px;
    line-height: 1.5;
    color: var(--c-text);
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  [hidden] {
    display: none !important;
  }
  h1,
  h2,
  h3,
  h4 {
    line-height: 1.25;
    margin: 0 0 var(--space-3);
  }
  h2 {
    font-size: 1.5rem;
  }
  h3 {
    font-size: 1.2rem;
  }
  p {
    margin: 0 0 var(--space-3);
  }
  a {
    color: var(--c-accent);
  }
  :focus-visible {
    outline: 3px solid var(--c-focus);
    outline-offset: 2px;
  }
  .muted {
    color: var(--c-muted);
  }
  .stack > * + * {
    margin-top: var(--space-4);
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: var(--space-3);
    align-items: flex-end;
  }
  .card {
    background: var(--c-surface);
    border: 1px solid var(--c-border);
    border-radius: var(--radius);
    padding: var(--space-4);
  }
  fieldset {
    border: 1px solid var(--c-border);
    border-radius: var(--radius);
    padding: var(--space-4);
    margin: 0;
  }
  legend {
    font-weight: 600;
    padding: 0 var(--space-1);
  }

  /* Tables */
  .table-wrap {
    overflow-x: auto;
    max-width: 100%;
  }
  table.data {
    border-collapse: collapse;
    width: 100%;
    font-size: 0.95rem;
  }
  table.data caption {
    text-align: start;
    font-weight: 600;
    padding-bottom: var(--space-2);
  }
  table.data th,
  table.data td {
    border-bottom: 1px solid var(--c-border);
    padding: var(--space-2) var(--space-3);
    text-align: start;
    vertical-align: top;
  }
  table.data thead th {
    background: var(--c-surface-alt);
    font-weight: 600;
  }
  table.data td.num,
  table.data th.num {
    text-align: end;
    font-variant-numeric: tabular-nums;
  }

  /* Form fields */
  .field {
    display: flex;
    flex-direction: column;
    gap: var(--space-1);
    min-width: 12rem;
  }
  .field label,
  .field .label {
    font-weight: 600;
  }
  .field .hint {
    color: var(--c-muted);
    font-size: 0.875rem;
  }
  .field .error {
    color: var(--c-danger);
    font-size: 0.875rem;
    font-weight: 600;
  }
  input,
  select,
  textarea {
    font: inherit;
    color: inherit;
    background: var(--c-surface);
    border: 1px solid #8c959f;
    border-radius: var(--radius);
    padding: var(--space-2) var(--space-3);
    min-height: 44px;
  }
  textarea {
    min-height: 5rem;
    resize: vertical;
  }
  input[type='checkbox'],
  input[type='radio'] {
    min-height: auto;
    width: 1.2em;
    height: 1.2em;
  }
  [aria-invalid='true'] {
    border-color: var(--c-danger);
    box-shadow: 0 0 0 1px var(--c-danger);
  }
  input:disabled,
  select:disabled,
  textarea:disabled {
    background: var(--c-surface-alt);
    color: var(--c-muted);
  }

  /* Buttons */
  button,
  .button {
    font: inherit;
    font-weight: 600;
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: var(--space-2);
    min-height: 44px;
    padding: var(--space-2) var(--space-4);
    border-radius: var(--radius);
    border: 1px solid var(--c-border);
    background: var(--c-surface);
    color: var(--c-text);
    cursor: pointer;
    text-decoration: none;
  }
  button:hover:not(:disabled) {
    background: var(--c-surface-alt);
  }
  button.primary,
  .button.primary {
    background: var(--c-primary);
    border-color: var(--c-primary);
    color: var(--c-primary-text);
  }
  button.primary:hover:not(:disabled) {
    background: var(--c-primary-hover);
  }
  button.danger {
    background: var(--c-surface);
    border-color: var(--c-danger);
    color: var(--c-danger);
  }
  button.danger:hover:not(:disabled) {
    background: var(--c-danger-bg);
  }
  button.quiet {
    border-color: transparent;
    background: transparent;
    color: var(--c-accent);
  }
  button:disabled {
    cursor: not-allowed;
    opacity: 0.55;
  }

  /* Messages */
  .error-box,
  .notice-box,
  .success-box {
    border-radius: var(--radius);
    padding: var(--space-3) var(--space-4);
    border: 1px solid;
  }
  .error-box {
    color: var(--c-danger);
    background: var(--c-danger-bg);
    border-color: var(--c-danger);
  }
  .notice-box {
    color: var(--c-notice);
    background: var(--c-notice-bg);
    border-color: #d4a72c;
  }
  .success-box {
    color: var(--c-success);
    background: var(--c-success-bg);
    border-color: var(--c-success);
  }
  .badge {
    display: inline-block;
    font-size: 0.8rem;
    font-weight: 600;
    padding: 0 var(--space-2);
    border-radius: 999px;
    background: var(--c-surface-alt);
    border: 1px solid var(--c-border);
    color: var(--c-muted);
    white-space: nowrap;
  }
  .badge.ok {
    color: var(--c-success);
    border-color: var(--c-success);
    background: var(--c-success-bg);
  }

  .visually-hidden {
    position: absolute !important;
    width: 1px !important;
    height: 1px !important;
    padding: 0 !important;
    margin: -1px !important;
    overflow: hidden !important;
    clip: rect(0 0 0 0) !important;
    white-space: nowrap !important;
    border: 0 !important;
  }
`;
