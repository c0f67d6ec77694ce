import type { ForceLayout } from '@/lib/view/layout';
import { GROUPINGS, type GroupBy } from '@/lib/view/model';

/** Wait this long after the last change before writing (a settling layout changes often). */
const SAVE_DELAY_MS = 800;

const keyOf = (groupBy: GroupBy) => `portolan.layout.v1.${groupBy}`;

/**
 * Where the map's positions are kept between visits: this browser's localStorage, one entry per
 * grouping (element id → place, region id → frame). Storage that is full, disabled or holds
 * something unreadable is not an error: the map is laid out afresh.
 */
export class LayoutStore {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private pending = false;
  private readonly storage: Storage | null;

  constructor(storage: Storage | null = browserStorage()) {
    this.storage = storage;
  }

  /** Gives the layout what was kept of each grouping. */
  load(layout: ForceLayout) {
    for (const groupBy of GROUPINGS) {
      try {
        const text = this.storage?.getItem(keyOf(groupBy));
        if (text) layout.restore(groupBy, JSON.parse(text));
      } catch {
        // NOTE: unreadable storage is forgotten, as if nothing was kept.
      }
    }
  }

  /** Keeps what the layout remembers of its current grouping, soon (once changes stop). */
  saveSoon(layout: ForceLayout) {
    clearTimeout(this.timer);
    this.pending = true;
    this.timer = setTimeout(() => this.save(layout), SAVE_DELAY_MS);
  }

  save(layout: ForceLayout) {
    clearTimeout(this.timer);
    this.pending = false;
    try {
      this.storage?.setItem(keyOf(layout.groupBy), JSON.stringify(layout.snapshot()));
    } catch {
      // NOTE: full or disabled storage: positions last as long as the page.
    }
  }

  /** Writes what is pending now (the page is going away). */
  flush(layout: ForceLayout) {
    if (this.pending) this.save(layout);
  }
}

function browserStorage(): Storage | null {
  try {
    return typeof window === 'undefined' ? null : window.localStorage;
  } catch {
    return null;
  }
}
