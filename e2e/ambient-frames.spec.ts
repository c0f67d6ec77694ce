import { expect, test, type Page } from '@playwright/test';

import { E2E_LABELS, labDocker, uniqueName } from './support/lab';
import { drawnAt, enableMapTestHooks, waitForMap } from './support/map';
import { openDashboard } from './support/session';

interface Frame {
  /** When the frame began (epoch ms): its drawn time less its layout and render time. */
  start: number;
  /** Nobody asked for the frame and no layout tick ran: it was drawn for fades and glows alone. */
  ambient: boolean;
}

/** components/map/frame-loop.ts: at most one frame for fades and glows alone per this many ms. */
const AMBIENT_FRAME_MS = 50;

type Hooks = {
  map: {
    frames(listener: (at: number, graph: unknown) => void): () => void;
    frame(): { layoutMs: number; renderMs: number; asked: boolean };
    glowing(): string[];
    idle(): boolean;
  };
};

/** Records every frame the map draws from now on (in the page). */
async function recordFrames(page: Page) {
  await page.evaluate(() => {
    const hooks = (window as unknown as { __portolanTestHooks: Hooks }).__portolanTestHooks;
    const frames: Frame[] = [];
    hooks.map.frames((at) => {
      const frame = hooks.map.frame();
      frames.push({
        start: at - frame.renderMs - frame.layoutMs,
        ambient: !frame.asked && frame.layoutMs === 0,
      });
    });
    (window as unknown as { __frames: Frame[] }).__frames = frames;
  });
}

const mapState = (page: Page) =>
  page.evaluate(() => {
    const hooks = (window as unknown as { __portolanTestHooks: Hooks }).__portolanTestHooks;
    return { glowing: hooks.map.glowing().length, idle: hooks.map.idle() };
  });

test('a change glows, the glow fades at a gentle frame rate, then the map stops drawing', async ({
  page,
}) => {
  await enableMapTestHooks(page);
  await openDashboard(page);
  await waitForMap(page);
  const docker = labDocker('node-1');
  const name = uniqueName('glow');
  const box = await docker.createContainer({
    name,
    Image: 'busybox:latest',
    Cmd: ['sh', '-c', 'trap exit TERM; sleep 600 & wait'],
    Labels: E2E_LABELS,
  });
  try {
    await recordFrames(page);
    await box.start();
    await expect.poll(() => drawnAt(page, box.id)).not.toBeNull();
    // The glow fades out, then the map stops drawing.
    await expect
      .poll(() => mapState(page), { timeout: 15_000 })
      .toEqual({
        glowing: 0,
        idle: true,
      });
    const frames = await page.evaluate(() => (window as unknown as { __frames: Frame[] }).__frames);
    const gaps = frames.flatMap((frame, i) =>
      frame.ambient && i > 0 ? [frame.start - (frames[i - 1] as Frame).start] : [],
    );
    // NOTE: the loop allows one fade frame per 50 ms, from the start of the frame before (at
    // 60 fps the gaps would be ~17 ms). Measured between frame starts, as the rule is: between
    // the times frames were drawn, a slow frame before a quick one made a gap of 28 ms on a
    // loaded CI run with the rule kept. The 0.5 ms is floating point, not time.
    expect(gaps.length).toBeGreaterThan(5);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(AMBIENT_FRAME_MS - 0.5);
  } finally {
    await box.remove({ force: true }).catch(() => undefined);
  }
});
