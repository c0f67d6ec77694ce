import { nearestInDirection, stepThrough, type Direction, type NavItem } from '@/lib/view/keyboard';

import type { InputParts } from './input';

const ARROWS: Record<string, Direction> = {
  ArrowLeft: 'left',
  ArrowRight: 'right',
  ArrowUp: 'up',
  ArrowDown: 'down',
};

export interface KeyboardNavEvents {
  /** The keyboard focus moved (null: it left the map's elements). */
  focus: (id: string | null) => void;
  /** Enter or Space on the focused element: inspect it. */
  select: (id: string) => void;
  redraw: () => void;
}

/**
 * The map's elements from the keyboard (lib/view/keyboard.ts): Tab and Shift+Tab go through
 * what is on screen in reading order and leave the map past either end; with an element focused
 * the arrows go to the nearest one that way (without one they pan, as before); Enter or Space
 * inspects it; Escape lets go. The scene draws a ring round it and names it as if hovered.
 */
export class KeyboardNav {
  private readonly canvas: HTMLCanvasElement;
  private readonly parts: InputParts;
  private readonly events: KeyboardNavEvents;

  constructor(canvas: HTMLCanvasElement, parts: InputParts, events: KeyboardNavEvents) {
    this.canvas = canvas;
    this.parts = parts;
    this.events = events;
    canvas.addEventListener('blur', this.onBlur);
  }

  destroy() {
    this.canvas.removeEventListener('blur', this.onBlur);
  }

  get focused(): string | null {
    return this.parts.scene.keyFocus;
  }

  /** Handles a key; false when it is not the navigation's (the caller's keys apply). */
  handle(event: KeyboardEvent): boolean {
    const current = this.focused;
    if (event.key === 'Tab' && !event.altKey && !event.ctrlKey && !event.metaKey) {
      const next = stepThrough(this.items(), current, event.shiftKey ? -1 : 1);
      this.focus(next);
      // Past either end the browser's Tab takes the focus on to the rest of the page.
      return next !== null;
    }
    if (!current) return false;
    const direction = ARROWS[event.key];
    if (direction && !event.shiftKey) {
      const next = nearestInDirection(this.items(), current, direction);
      if (next) this.focus(next);
      return true;
    }
    if (event.key === 'Enter' || event.key === ' ') {
      this.events.select(current);
      return true;
    }
    if (event.key === 'Escape') {
      this.focus(null);
      return false;
    }
    return false;
  }

  private onBlur = () => this.focus(null);

  /** What is drawn on screen now, in CSS pixels. */
  private items(): NavItem[] {
    const { camera, scene } = this.parts;
    const { width, height } = this.canvas.getBoundingClientRect();
    const t = camera.transform;
    return scene
      .drawData()
      .nodes.map((node) => ({ id: node.id, x: t.applyX(node.x), y: t.applyY(node.y) }))
      .filter((item) => item.x >= 0 && item.x <= width && item.y >= 0 && item.y <= height);
  }

  private focus(id: string | null) {
    const { scene, camera } = this.parts;
    if (!scene.setKeyFocus(id)) return;
    const node = id ? scene.drawData().nodes.find((candidate) => candidate.id === id) : null;
    // Arrows may reach an element at the canvas's edge: bring it into view.
    if (node) camera.reveal(node.x, node.y);
    this.events.focus(id);
    this.events.redraw();
  }
}
