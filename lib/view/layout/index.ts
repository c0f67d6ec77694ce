/*
 * The map's layout: regions for hosts (or networks) and a force simulation that places the
 * graph's nodes in them and keeps their places across updates.
 */
export { ForceLayout, type LayoutOptions } from './force-layout';
export { regionsByNode } from './host-regions';
export { DEFAULT_ASPECT, type Region, type SimLink, type SimNode, UNCLUSTERED } from './model';
export { regionsByNetwork } from './network-regions';
export { collideRadius } from './sizes';
