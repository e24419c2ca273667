import { LitElement } from 'lit';
import { property } from 'lit/decorators.js';
import type { AdminApi } from './admin-api.js';

/**
 * What the shell hands every screen (decision 0014): the API client with the signed-in token, the
 * selected contest and whether the token may write. Screens add only what is their own.
 */
export abstract class ConsoleScreen extends LitElement {
  /** The admin API with the signed-in token. */
  @property({ attribute: false }) api!: AdminApi;
  /** The selected contest. */
  @property() slug = '';
  /** False for jury tokens: every write control is absent or disabled. */
  @property({ type: Boolean }) canWrite = false;

  /** True when this update brings a contest or a token to load for (a first render included). */
  protected contestChanged(changed: Map<PropertyKey, unknown>): boolean {
    return (changed.has('slug') || changed.has('api')) && !!this.api && !!this.slug;
  }
}
