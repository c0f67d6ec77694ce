/**
 * The canvas's size: CSS pixels on screen and the backing store's pixel ratio, kept at the size of
 * its container.
 */
export class CanvasViewport {
  width = 1;
  height = 1;
  pixelRatio = 1;
  private readonly canvas: HTMLCanvasElement;
  private observer: ResizeObserver | null = null;

  constructor(canvas: HTMLCanvasElement) {
    this.canvas = canvas;
  }

  /** False while the canvas has no real size (e.g. hidden behind the list view). */
  get hasSize(): boolean {
    return this.width > 1 && this.height > 1;
  }

  /** Width over height, as the regions are laid out for. */
  get aspect(): number {
    return this.width / Math.max(1, this.height);
  }

  /** Sizes the canvas (at most 2× for the backing store); false when nothing changed. */
  resize(width: number, height: number): boolean {
    const w = Math.max(1, Math.floor(width));
    const h = Math.max(1, Math.floor(height));
    const pr = Math.min(2, window.devicePixelRatio || 1);
    if (w === this.width && h === this.height && pr === this.pixelRatio) return false;
    this.width = w;
    this.height = h;
    this.pixelRatio = pr;
    this.canvas.width = Math.round(w * pr);
    this.canvas.height = Math.round(h * pr);
    this.canvas.style.width = `${w}px`;
    this.canvas.style.height = `${h}px`;
    return true;
  }

  /** Calls `resize` with the container's size now and whenever it changes. */
  observe(container: HTMLElement, resize: (width: number, height: number) => void) {
    this.observer?.disconnect();
    this.observer = new ResizeObserver(() => {
      const rect = container.getBoundingClientRect();
      resize(rect.width, rect.height);
    });
    this.observer.observe(container);
    const rect = container.getBoundingClientRect();
    resize(rect.width, rect.height);
  }

  disconnect() {
    this.observer?.disconnect();
  }
}
