import type { StoredTemplate } from '../../functions/domain/service-template.js';
import type { TemplateStore } from '../../functions/ports/config.js';

/** The `TemplateStore` port over a Map keyed by template name. */
export class InMemoryTemplateStore implements TemplateStore {
  readonly items = new Map<string, StoredTemplate>();
  async list() {
    return [...this.items.values()];
  }
  async get(name: string) {
    return this.items.get(name);
  }
  async put(t: StoredTemplate) {
    // Stored as JSON text, like the DynamoDB adapter.
    this.items.set(t.name, { ...t, document: JSON.parse(JSON.stringify(t.document)) });
  }
  async delete(name: string) {
    return this.items.delete(name);
  }
}
