import { drag, select, type D3DragEvent } from 'd3';

import type { ForceLayout } from '@/lib/view/layout';
import type { DrawNode } from '@/lib/view/render';

import type { Camera } from './camera';
import { hostHeaderAt, nodeAt } from './hit-test';
import { KeyboardNav } from './keyboard-nav';
import type { MapScene } from './scene';

/** Arrow keys pan this far (screen pixels). */
const KEY_PAN_PX = 80;
/** `+` and `-` zoom by this factor. */
const KEY_ZOOM = 1.3;

/** What input acts on. */
export interface InputParts {
  layout: ForceLayout;
  camera: Camera;
  scene: MapScene;
}

export interface InputEvents {
  /** A node or host header was clicked (null: the background, or Escape). */
  select: (id: string | null) => void;
  hover: (id: string | null) => void;
  /** Something moved: draw a frame. */
  requestFrame: () => void;
  /** What is drawn changed: draw it again. */
  redraw: () => void;
  /** The user dropped a dragged node at a new place. */
  dropped: (id: string) => void;
  /** The keyboard moved to an element (Tab, arrows), or off them (null). */
  keyFocus: (id: string | null) => void;
}

type DragSubject = { id: string; x: number; y: number };

/**
 * The user's hands on the map: dragging nodes (d3-drag), clicks and hover by hit test, and the
 * keyboard (Tab and arrows through the elements, Enter inspects: keyboard-nav.ts; with no element
 * focused arrows pan; `+`/`-` zoom, `0` fits, Escape clears the selection). Panning and
 * zooming with the pointer are d3-zoom's (camera.ts).
 */
export class MapInput {
  private readonly canvas: HTMLCanvasElement;
  private readonly parts: InputParts;
  private readonly events: InputEvents;
  /** A drag moved a node: the click that ends it is not a click. */
  private dragMoved = false;
  private dragActive = false;
  private readonly keyboard: KeyboardNav;

  constructor(canvas: HTMLCanvasElement, parts: InputParts, events: InputEvents) {
    this.canvas = canvas;
    this.parts = parts;
    this.events = events;
    select(canvas).call(this.nodeDrag());
    canvas.addEventListener('click', this.onClick);
    canvas.addEventListener('pointermove', this.onPointerMove);
    canvas.addEventListener('pointerleave', this.onPointerLeave);
    canvas.addEventListener('keydown', this.onKeyDown);
    this.keyboard = new KeyboardNav(canvas, parts, {
      focus: (id) => this.events.keyFocus(id),
      select: (id) => this.events.select(id),
      redraw: () => this.events.redraw(),
    });
  }

  /** A node is being dragged. */
  get dragging(): boolean {
    return this.dragActive;
  }

  destroy() {
    select(this.canvas).on('.drag', null);
    this.canvas.removeEventListener('click', this.onClick);
    this.canvas.removeEventListener('pointermove', this.onPointerMove);
    this.canvas.removeEventListener('pointerleave', this.onPointerLeave);
    this.canvas.removeEventListener('keydown', this.onKeyDown);
    this.keyboard.destroy();
  }

  /** The drawn node under a screen point, if any. */
  private nodeAt(sx: number, sy: number): DrawNode | null {
    return nodeAt(this.parts.scene.drawData().nodes, this.parts.camera.transform, sx, sy);
  }

  private hostHeaderAt(sx: number, sy: number): string | null {
    return hostHeaderAt(this.parts.layout.regions, this.parts.camera.transform, sx, sy);
  }

  /** Drags a node at the detail level; elsewhere the subject is null and d3-zoom pans. */
  private nodeDrag() {
    const { layout, camera, scene } = this.parts;
    return drag<HTMLCanvasElement, unknown, DragSubject | undefined>()
      .container(this.canvas)
      .subject((event: D3DragEvent<HTMLCanvasElement, unknown, unknown>) => {
        if (scene.level !== 'detail') return undefined;
        const hit = this.nodeAt(event.x, event.y);
        if (!hit) return undefined;
        return {
          id: hit.id,
          x: camera.transform.applyX(hit.x),
          y: camera.transform.applyY(hit.y),
        };
      })
      .on('start', () => {
        this.dragMoved = false;
        this.dragActive = true;
      })
      .on('drag', (event: D3DragEvent<HTMLCanvasElement, unknown, DragSubject>) => {
        this.dragMoved = true;
        const [x, y] = camera.transform.invert([event.x, event.y]);
        layout.pin(event.subject.id, x, y);
        this.events.requestFrame();
      })
      .on('end', (event: D3DragEvent<HTMLCanvasElement, unknown, DragSubject>) => {
        this.dragActive = false;
        layout.release(event.subject.id);
        if (this.dragMoved) this.events.dropped(event.subject.id);
        this.events.redraw();
      });
  }

  private pointer(event: MouseEvent): [number, number] {
    const rect = this.canvas.getBoundingClientRect();
    return [event.clientX - rect.left, event.clientY - rect.top];
  }

  private onClick = (event: MouseEvent) => {
    if (this.dragMoved) {
      this.dragMoved = false;
      return;
    }
    const [sx, sy] = this.pointer(event);
    const hit = this.nodeAt(sx, sy);
    const { camera, scene } = this.parts;
    if (hit?.node.kind === 'project') {
      camera.zoomInto(hit.x, hit.y);
      return;
    }
    if (hit && scene.level !== 'detail' && hit.node.kind === 'service') {
      this.events.select(hit.id);
      camera.zoomInto(hit.x, hit.y);
      return;
    }
    this.events.select(hit?.id ?? this.hostHeaderAt(sx, sy));
  };

  private onPointerMove = (event: PointerEvent) => {
    if (event.buttons !== 0) return;
    const [sx, sy] = this.pointer(event);
    const hit = this.nodeAt(sx, sy);
    this.canvas.style.cursor = hit || this.hostHeaderAt(sx, sy) ? 'pointer' : 'grab';
    this.hover(hit?.id ?? null);
  };

  private onPointerLeave = () => {
    this.hover(null);
  };

  private hover(id: string | null) {
    // NOTE: a still pointer reports moves too; it takes the keyboard's place only by moving on.
    if (this.parts.scene.keyFocus && id === null) return;
    if (!this.parts.scene.hover(id)) return;
    this.events.hover(id);
    this.events.redraw();
  }

  private onKeyDown = (event: KeyboardEvent) => {
    if (this.keyboard.handle(event)) {
      event.preventDefault();
      return;
    }
    const { camera } = this.parts;
    switch (event.key) {
      case 'Tab':
        return;
      case 'ArrowLeft':
        camera.panBy(KEY_PAN_PX, 0);
        break;
      case 'ArrowRight':
        camera.panBy(-KEY_PAN_PX, 0);
        break;
      case 'ArrowUp':
        camera.panBy(0, KEY_PAN_PX);
        break;
      case 'ArrowDown':
        camera.panBy(0, -KEY_PAN_PX);
        break;
      case '+':
      case '=':
        camera.zoomBy(KEY_ZOOM);
        break;
      case '-':
        camera.zoomBy(1 / KEY_ZOOM);
        break;
      case '0':
        camera.refit();
        break;
      case 'Escape':
        this.events.select(null);
        break;
      default:
        return;
    }
    event.preventDefault();
  };
}
