/**
 * The subset of the Canvas 2D API the map renderer uses. A browser canvas context satisfies it as
 * is; `SvgPainter` implements it by writing SVG, so the export draws exactly what the screen does.
 */
export interface Paint2D {
  fillStyle: string | object;
  strokeStyle: string | object;
  lineWidth: number;
  globalAlpha: number;
  font: string;
  textAlign: 'left' | 'right' | 'center' | 'start' | 'end';
  textBaseline: 'top' | 'hanging' | 'middle' | 'alphabetic' | 'ideographic' | 'bottom';
  lineJoin: 'round' | 'bevel' | 'miter';
  lineCap: 'butt' | 'round' | 'square';
  save(): void;
  restore(): void;
  setTransform(a: number, b: number, c: number, d: number, e: number, f: number): void;
  beginPath(): void;
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  quadraticCurveTo(cpx: number, cpy: number, x: number, y: number): void;
  bezierCurveTo(c1x: number, c1y: number, c2x: number, c2y: number, x: number, y: number): void;
  arc(x: number, y: number, r: number, start: number, end: number): void;
  closePath(): void;
  rect(x: number, y: number, w: number, h: number): void;
  fill(): void;
  stroke(): void;
  fillRect(x: number, y: number, w: number, h: number): void;
  fillText(text: string, x: number, y: number): void;
  strokeText(text: string, x: number, y: number): void;
  setLineDash(segments: number[]): void;
  measureText(text: string): { width: number };
}

/** Escapes text for XML content and attribute values. Element names are untrusted. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}

interface State {
  fillStyle: string;
  strokeStyle: string;
  lineWidth: number;
  globalAlpha: number;
  font: string;
  textAlign: Paint2D['textAlign'];
  textBaseline: Paint2D['textBaseline'];
  lineJoin: Paint2D['lineJoin'];
  lineCap: Paint2D['lineCap'];
  dash: number[];
  /** a b c d e f */
  transform: [number, number, number, number, number, number];
}

const n = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(2));

function colorOf(style: string | object): string {
  return typeof style === 'string' ? style : '#000';
}

/**
 * A `Paint2D` that writes SVG. Transforms are applied to coordinates as they are drawn (only
 * translate + uniform scale are used by the renderer), and each fill or stroke becomes one element.
 */
export class SvgPainter implements Paint2D {
  private readonly parts: string[] = [];
  private path: string[] = [];
  private stack: State[] = [];
  private state: State = {
    fillStyle: '#000',
    strokeStyle: '#000',
    lineWidth: 1,
    globalAlpha: 1,
    font: '10px sans-serif',
    textAlign: 'start',
    textBaseline: 'alphabetic',
    lineJoin: 'miter',
    lineCap: 'butt',
    dash: [],
    transform: [1, 0, 0, 1, 0, 0],
  };

  constructor(
    readonly width: number,
    readonly height: number,
    private readonly measure: (text: string, font: string) => number = (text, font) =>
      text.length * (Number(/(\d+(?:\.\d+)?)px/.exec(font)?.[1] ?? 10) * 0.58),
  ) {}

  get fillStyle(): string {
    return this.state.fillStyle;
  }
  set fillStyle(value: string | object) {
    this.state.fillStyle = colorOf(value);
  }
  get strokeStyle(): string {
    return this.state.strokeStyle;
  }
  set strokeStyle(value: string | object) {
    this.state.strokeStyle = colorOf(value);
  }
  get lineWidth() {
    return this.state.lineWidth;
  }
  set lineWidth(value: number) {
    this.state.lineWidth = value;
  }
  get globalAlpha() {
    return this.state.globalAlpha;
  }
  set globalAlpha(value: number) {
    this.state.globalAlpha = value;
  }
  get font() {
    return this.state.font;
  }
  set font(value: string) {
    this.state.font = value;
  }
  get textAlign() {
    return this.state.textAlign;
  }
  set textAlign(value: Paint2D['textAlign']) {
    this.state.textAlign = value;
  }
  get textBaseline() {
    return this.state.textBaseline;
  }
  set textBaseline(value: Paint2D['textBaseline']) {
    this.state.textBaseline = value;
  }
  get lineJoin() {
    return this.state.lineJoin;
  }
  set lineJoin(value: Paint2D['lineJoin']) {
    this.state.lineJoin = value;
  }
  get lineCap() {
    return this.state.lineCap;
  }
  set lineCap(value: Paint2D['lineCap']) {
    this.state.lineCap = value;
  }

  save() {
    this.stack.push({ ...this.state, dash: [...this.state.dash] });
  }
  restore() {
    const state = this.stack.pop();
    if (state) this.state = state;
  }
  setTransform(a: number, b: number, c: number, d: number, e: number, f: number) {
    this.state.transform = [a, b, c, d, e, f];
  }
  setLineDash(segments: number[]) {
    this.state.dash = [...segments];
  }

  private x(x: number, y: number) {
    const [a, , c, , e] = this.state.transform;
    return a * x + c * y + e;
  }
  private y(x: number, y: number) {
    const [, b, , d, , f] = this.state.transform;
    return b * x + d * y + f;
  }
  private get scale() {
    const [a, b] = this.state.transform;
    return Math.hypot(a, b);
  }

  beginPath() {
    this.path = [];
  }
  moveTo(x: number, y: number) {
    this.path.push(`M${n(this.x(x, y))} ${n(this.y(x, y))}`);
  }
  lineTo(x: number, y: number) {
    this.path.push(`L${n(this.x(x, y))} ${n(this.y(x, y))}`);
  }
  quadraticCurveTo(cpx: number, cpy: number, x: number, y: number) {
    this.path.push(
      `Q${n(this.x(cpx, cpy))} ${n(this.y(cpx, cpy))} ${n(this.x(x, y))} ${n(this.y(x, y))}`,
    );
  }
  bezierCurveTo(c1x: number, c1y: number, c2x: number, c2y: number, x: number, y: number) {
    this.path.push(
      `C${n(this.x(c1x, c1y))} ${n(this.y(c1x, c1y))} ${n(this.x(c2x, c2y))} ${n(this.y(c2x, c2y))} ${n(this.x(x, y))} ${n(this.y(x, y))}`,
    );
  }
  arc(x: number, y: number, r: number, start: number, end: number) {
    const cx = this.x(x, y);
    const cy = this.y(x, y);
    const rr = r * this.scale;
    const sweep = end - start;
    const sx = cx + rr * Math.cos(start);
    const sy = cy + rr * Math.sin(start);
    this.path.push(`${this.path.length === 0 ? 'M' : 'L'}${n(sx)} ${n(sy)}`);
    if (Math.abs(sweep) >= Math.PI * 2 - 1e-6) {
      const mx = cx - rr * Math.cos(start);
      const my = cy - rr * Math.sin(start);
      this.path.push(`A${n(rr)} ${n(rr)} 0 1 1 ${n(mx)} ${n(my)}`);
      this.path.push(`A${n(rr)} ${n(rr)} 0 1 1 ${n(sx)} ${n(sy)}`);
      return;
    }
    const ex = cx + rr * Math.cos(end);
    const ey = cy + rr * Math.sin(end);
    const large = Math.abs(sweep) > Math.PI ? 1 : 0;
    this.path.push(`A${n(rr)} ${n(rr)} 0 ${large} ${sweep > 0 ? 1 : 0} ${n(ex)} ${n(ey)}`);
  }
  closePath() {
    this.path.push('Z');
  }
  rect(x: number, y: number, w: number, h: number) {
    this.moveTo(x, y);
    this.lineTo(x + w, y);
    this.lineTo(x + w, y + h);
    this.lineTo(x, y + h);
    this.closePath();
  }

  private alpha() {
    const a = this.state.globalAlpha;
    return a >= 1 ? '' : ` opacity="${n(Math.max(0, a))}"`;
  }

  fill() {
    if (this.path.length === 0) return;
    this.parts.push(
      `<path d="${this.path.join('')}" fill="${escapeXml(this.state.fillStyle)}"${this.alpha()}/>`,
    );
  }
  stroke() {
    if (this.path.length === 0) return;
    const s = this.state;
    const dash =
      s.dash.length > 0
        ? ` stroke-dasharray="${s.dash.map((d) => n(d * this.scale)).join(' ')}"`
        : '';
    this.parts.push(
      `<path d="${this.path.join('')}" fill="none" stroke="${escapeXml(s.strokeStyle)}" stroke-width="${n(s.lineWidth * this.scale)}" stroke-linejoin="${s.lineJoin}" stroke-linecap="${s.lineCap}"${dash}${this.alpha()}/>`,
    );
  }
  fillRect(x: number, y: number, w: number, h: number) {
    this.beginPath();
    this.rect(x, y, w, h);
    this.fill();
  }

  private text(text: string, x: number, y: number, paint: string) {
    const s = this.state;
    const anchor =
      s.textAlign === 'center'
        ? 'middle'
        : s.textAlign === 'right' || s.textAlign === 'end'
          ? 'end'
          : 'start';
    const baseline =
      s.textBaseline === 'middle'
        ? 'central'
        : s.textBaseline === 'top' || s.textBaseline === 'hanging'
          ? 'hanging'
          : s.textBaseline === 'bottom'
            ? 'text-after-edge'
            : 'alphabetic';
    const size = Number(/(\d+(?:\.\d+)?)px/.exec(s.font)?.[1] ?? 10) * this.scale;
    const weight = /\b(bold|[5-9]00)\b/.exec(s.font)?.[1] ?? 'normal';
    const family = s.font.replace(/^.*?\d+(?:\.\d+)?px\s*/, '') || 'sans-serif';
    this.parts.push(
      `<text x="${n(this.x(x, y))}" y="${n(this.y(x, y))}" font-size="${n(size)}" font-weight="${weight}" font-family="${escapeXml(family)}" text-anchor="${anchor}" dominant-baseline="${baseline}" ${paint}${this.alpha()}>${escapeXml(text)}</text>`,
    );
  }
  fillText(text: string, x: number, y: number) {
    this.text(text, x, y, `fill="${escapeXml(this.state.fillStyle)}"`);
  }
  strokeText(text: string, x: number, y: number) {
    this.text(
      text,
      x,
      y,
      `fill="none" stroke="${escapeXml(this.state.strokeStyle)}" stroke-width="${n(this.state.lineWidth * this.scale)}" stroke-linejoin="round"`,
    );
  }
  measureText(text: string) {
    return { width: this.measure(text, this.state.font) };
  }

  /** The finished document. */
  toString(title = 'Portolan map'): string {
    return [
      `<svg xmlns="http://www.w3.org/2000/svg" width="${n(this.width)}" height="${n(this.height)}" viewBox="0 0 ${n(this.width)} ${n(this.height)}">`,
      `<title>${escapeXml(title)}</title>`,
      ...this.parts,
      '</svg>',
    ].join('\n');
  }
}
