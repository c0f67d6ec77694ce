/**
 * The dashboard in real Chromium, watched for the moment a change is on screen. Two pages of one
 * browser stay open on the live dashboard: the list view, and the map. A change is watched in
 * both from before it is made:
 * - list: the frame after the DOM mutation that makes the element's row read as expected (or
 *   takes the row away): stamped in the animation frame that paints it;
 * - map: the first frame the canvas draws from a graph in which the element reads as expected (or
 *   is gone: its fade-out starts there): stamped when that frame is drawn, before it is painted.
 *   Zoomed out, an element may be drawn inside a fold; the frame is still the one that draws it.
 * Times are epoch milliseconds, comparable with an engine event's `timeNano` on this machine.
 */
import { chromium, type Browser, type Page } from 'playwright';

import { chromiumLaunchOptions } from '../e2e/chromium';

/** What "on screen" means for one change: the element `id`, and how it must read. */
export interface ScreenTarget {
  id: string;
  /** Found by name rather than id (its id is not known before it is made). */
  name?: string;
  /** The element is gone (no row; not in the map's graph). */
  gone?: boolean;
  /** Its list row's text contains this. */
  has?: string;
  /** Its list row's text does not contain this. */
  lacks?: string;
  /** On the map: `status:<s> <name> <lines…> link:<other id>…` (a host: its name and lines). */
  mapHas?: string;
  mapLacks?: string;
}

/**
 * Installed before the page's own scripts: the arrival time (epoch ms) and version of each
 * topology patch at the page's WebSocket, the last 64 kept, to split event → frame into server
 * and page.
 */
const ARRIVALS = `(() => {
  const arrivals = [];
  window.__benchArrivals = arrivals;
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (message) => {
        if (typeof message.data !== 'string' || !message.data.startsWith('42["topology:patch"')) return;
        // The patch begins {"from":N,"to":M,…: read M without parsing the whole message.
        const at = message.data.indexOf('"to":');
        const to = Number(message.data.slice(at + 5, message.data.indexOf(',', at)));
        arrivals.push({ at: performance.timeOrigin + performance.now(), to });
        if (arrivals.length > 64) arrivals.shift();
      });
    }
  };
})()`;

/** Installed in both pages: watchers settled at the frame where their target first holds. */
const WATCH = `(() => {
  const watchers = new Map();
  const done = new Map();
  const waiting = new Map();
  const version = () => {
    const topology = window.__portolanTestHooks.live?.topology();
    return topology ? topology.version : -1;
  };
  // When this page's JavaScript got the change: the first patch past the version at which the
  // target last did not hold (so the page's share is never understated).
  const receivedAfter = (notYet) => {
    const arrival = window.__benchArrivals.find((a) => a.to > notYet);
    return arrival ? arrival.at : null;
  };
  const notYet = new Map();
  const settle = (key, at) => {
    watchers.delete(key);
    const result = { at, received: receivedAfter(notYet.get(key) ?? -1) };
    notYet.delete(key);
    done.set(key, result);
    const resolve = waiting.get(key);
    if (resolve) { waiting.delete(key); resolve(result); }
  };
  const reads = (t, text, has, lacks) =>
    text !== null && (!has || text.includes(has)) && (!lacks || !text.includes(lacks));
  const listHolds = (t) => {
    const attribute = t.name ? 'data-name="' + CSS.escape(t.name) : 'data-id="' + CSS.escape(t.id);
    const row = document.querySelector('[data-testid="list-view"] tr[' + attribute + '"]');
    if (t.gone) return !row;
    return reads(t, row ? row.textContent : null, t.has, t.lacks);
  };
  const mapText = (graph, t) => {
    if (!graph) return null;
    const node = graph.nodes.find((n) => (t.name ? n.name === t.name : n.id === t.id));
    if (node) {
      const id = node.id;
      const links = graph.links
        .filter((l) => l.source === id || l.target === id || (l.source && l.source.id === id) || (l.target && l.target.id === id))
        .map((l) => {
          const s = typeof l.source === 'string' ? l.source : l.source.id;
          const d = typeof l.target === 'string' ? l.target : l.target.id;
          return 'link:' + (s === id ? d : s);
        });
      return ['status:' + node.status, node.name, ...node.lines, ...links].join(' ');
    }
    const group = graph.groups.find((g) => g.id === t.id);
    return group ? [group.name, ...group.lines].join(' ') : null;
  };
  const mapHolds = (t, graph) => {
    const text = mapText(graph, t);
    if (t.gone) return text === null;
    return reads(t, text, t.mapHas, t.mapLacks);
  };
  const check = (at, graph) => {
    for (const [key, t] of watchers) {
      if (graph === undefined ? listHolds(t) : mapHolds(t, graph)) settle(key, at);
      else notYet.set(key, version());
    }
  };
  const hooks = window.__portolanTestHooks;
  const isMap = !document.querySelector('[data-testid="list-view"]');
  if (isMap) {
    hooks.map.frames((at, graph) => check(at, graph));
  } else {
    let scheduled = false;
    new MutationObserver(() => {
      if (scheduled || watchers.size === 0) return;
      scheduled = true;
      requestAnimationFrame(() => {
        scheduled = false;
        check(performance.timeOrigin + performance.now());
      });
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  }
  window.__bench = {
    watch(key, target) { watchers.set(key, target); notYet.set(key, version()); },
    wait(key, timeoutMs) {
      if (done.has(key)) return Promise.resolve(done.get(key));
      return new Promise((resolve) => {
        waiting.set(key, resolve);
        setTimeout(() => {
          if (!waiting.has(key)) return;
          waiting.delete(key);
          watchers.delete(key);
          resolve(null);
        }, timeoutMs);
      });
    },
    forget(key) { done.delete(key); },
  };
})()`;

export interface ScreenTimes {
  /** When the list page painted it (epoch ms), null: not within the time allowed. */
  list: number | null;
  /** When the map page drew it. */
  map: number | null;
  /** When the list page's WebSocket got the patch that changed it (epoch ms; see WATCH). */
  listReceived: number | null;
  mapReceived: number | null;
}

interface Settled {
  at: number;
  received: number | null;
}

export interface BrowserProbe {
  /** Starts watching for `target` under `key` in both pages (before the change is made). */
  watch(key: string, target: ScreenTarget): Promise<void>;
  /** When `key`'s target was on screen in each page. */
  result(key: string, timeoutMs?: number): Promise<ScreenTimes>;
  close(): Promise<void>;
}

async function openPage(browser: Browser, url: string, query: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.addInitScript('window.__portolanTestHooks = {};');
  await page.addInitScript(ARRIVALS);
  await page.goto(`${url}/?${query}`);
  return page;
}

export async function openBrowserProbe(url: string, token: string): Promise<BrowserProbe> {
  const browser: Browser = await chromium.launch(chromiumLaunchOptions());
  const list = await openPage(browser, url, `token=${token}&view=list&layers=stopped`);
  await list.waitForSelector('[data-testid="list-view"] tr[data-id]', { timeout: 60_000 });
  const map = await openPage(browser, url, `token=${token}&layers=stopped`);
  // The map is on screen once it has laid out what it was given (it may go on settling).
  await map
    .waitForFunction(
      () => {
        const hooks = (
          window as {
            __portolanTestHooks?: { map?: { layoutPositions(): Record<string, unknown> } };
          }
        ).__portolanTestHooks;
        return Object.keys(hooks?.map?.layoutPositions() ?? {}).length > 0;
      },
      undefined,
      { timeout: 120_000 },
    )
    .catch(async (error: unknown) => {
      await map.screenshot({ path: 'bench/.tmp/map-not-ready.png' });
      throw error;
    });
  const pages = [list, map];
  for (const page of pages) await page.evaluate(WATCH);
  return {
    async watch(key, target) {
      await Promise.all(
        pages.map((page) =>
          page.evaluate(`window.__bench.watch(${JSON.stringify(key)}, ${JSON.stringify(target)})`),
        ),
      );
    },
    async result(key, timeoutMs = 20_000) {
      const [listAt, mapAt] = (await Promise.all(
        pages.map((page) =>
          page.evaluate(`window.__bench.wait(${JSON.stringify(key)}, ${timeoutMs})`),
        ),
      )) as (Settled | null)[];
      await Promise.all(
        pages.map((page) => page.evaluate(`window.__bench.forget(${JSON.stringify(key)})`)),
      );
      return {
        list: listAt?.at ?? null,
        map: mapAt?.at ?? null,
        listReceived: listAt?.received ?? null,
        mapReceived: mapAt?.received ?? null,
      };
    },
    async close() {
      await browser.close();
    },
  };
}
