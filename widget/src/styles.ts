import { css } from 'lit';

/**
 * Shared look of every part of the widget. Inherited properties are reset on `.root` so that the
 * host page's typography (even `* { font-size: 10px !important }`) cannot leak in; only the
 * documented `--de-an-06-*` custom properties cross the shadow boundary.
 */
export const sharedStyles = css`
  :host {
    display: block;
  }
  [hidden] {
    display: none !important;
  }
  /* While loading, the element keeps the space the loader reserved for it (placement.ts). */
  .reserve {
    min-height: var(--de-an-06-reserved-height, 640px);
    margin: 0;
  }
  /* A table view holds a smaller floor, kept once loaded: a short table must not pull the page up. */
  :host([view]:not([view='contest'])) .reserve {
    min-height: 0;
  }
  :host([view]:not([view='contest'])) .container {
    min-height: var(--de-an-06-reserved-height, 320px);
  }
  .root {
    all: initial;
    display: block;
    box-sizing: border-box;
    font-family: var(--de-an-06-font, system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif);
    font-size: var(--de-an-06-font-size, 16px);
    line-height: 1.5;
    color: var(--de-an-06-text, #1f2328);
    text-align: start;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  h2,
  h3,
  h4 {
    line-height: 1.25;
    margin: 0 0 0.5em;
    color: var(--de-an-06-heading, var(--de-an-06-text, #1f2328));
  }
  h2 {
    font-size: 1.5em;
  }
  h3 {
    font-size: 1.25em;
  }
  h4 {
    font-size: 1.05em;
  }
  p {
    margin: 0 0 0.75em;
  }
  ul,
  ol {
    margin: 0 0 0.75em;
    padding-inline-start: 1.5em;
  }
  a {
    color: var(--de-an-06-link, var(--de-an-06-primary, #a3111b));
  }
  :focus-visible {
    outline: 3px solid var(--de-an-06-focus, #1d4ed8);
    outline-offset: 2px;
  }
  [tabindex='-1']:focus {
    outline: none;
  }
  .btn {
    all: unset;
    box-sizing: border-box;
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 0.4em;
    min-height: 44px;
    min-width: 44px;
    padding: 0.5em 1.1em;
    border-radius: var(--de-an-06-radius, 8px);
    border: 2px solid var(--de-an-06-primary, #a3111b);
    background: var(--de-an-06-surface, #ffffff);
    color: var(--de-an-06-primary, #a3111b);
    font: inherit;
    font-weight: 600;
    text-align: center;
    cursor: pointer;
  }
  .btn.primary {
    background: var(--de-an-06-primary, #a3111b);
    color: var(--de-an-06-on-primary, #ffffff);
  }
  .btn:hover {
    filter: brightness(0.92);
  }
  .btn:focus-visible {
    outline: 3px solid var(--de-an-06-focus, #1d4ed8);
    outline-offset: 2px;
  }
  .btn[disabled],
  .btn[aria-disabled='true'] {
    cursor: not-allowed;
    opacity: 0.65;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75em;
    margin: 1em 0;
  }
  .card {
    background: var(--de-an-06-surface, #ffffff);
    border: 1px solid var(--de-an-06-border, #d0d7de);
    border-radius: var(--de-an-06-radius, 8px);
    padding: 1em;
    margin: 0 0 1em;
  }
  .muted {
    color: var(--de-an-06-muted, #4b5563);
  }
  .alert {
    border-inline-start: 4px solid var(--de-an-06-danger, #b91c1c);
    background: var(--de-an-06-danger-bg, #fef2f2);
    color: var(--de-an-06-text, #1f2328);
    padding: 0.75em 1em;
    margin: 0 0 1em;
    border-radius: 4px;
  }
  .notice {
    border-inline-start: 4px solid var(--de-an-06-primary, #a3111b);
    background: var(--de-an-06-surface-alt, #f6f6f4);
    padding: 0.75em 1em;
    margin: 0 0 1em;
    border-radius: 4px;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
`;
