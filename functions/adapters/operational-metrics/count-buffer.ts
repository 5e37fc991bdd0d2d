/** One metric's count with one set of dimension values. */
export interface BufferedCount {
  name: string;
  dimensions: Record<string, string>;
  value: number;
}

/** Counts added up by metric and dimension values, in the order first seen. */
export class CountBuffer {
  private readonly counts = new Map<string, BufferedCount>();

  add(name: string, dimensions: Record<string, string>, by: number): void {
    const sorted = Object.fromEntries(Object.entries(dimensions).sort(([a], [b]) => a.localeCompare(b)));
    const key = JSON.stringify([name, sorted]);
    const known = this.counts.get(key);
    if (known) known.value += by;
    else this.counts.set(key, { name, dimensions: sorted, value: by });
  }

  /** Everything counted, grouped by dimension values (one EMF document each); empties the buffer. */
  drain(): { dimensions: Record<string, string>; counts: BufferedCount[] }[] {
    const groups = new Map<string, { dimensions: Record<string, string>; counts: BufferedCount[] }>();
    for (const count of this.counts.values()) {
      const key = JSON.stringify(count.dimensions);
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { dimensions: count.dimensions, counts: [] }));
      group.counts.push(count);
    }
    this.counts.clear();
    return [...groups.values()];
  }
}
