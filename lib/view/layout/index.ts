/*
 * The map's layout: regions for hosts (or networks) and a force simulation that places the
 * graph's nodes in them, then keeps every placed node (and region) where it is across updates,
 * filters and groupings until asked to tidy; what it remembers can be stored.
 */
export { ForceLayout, type LayoutOptions } from './force-layout';
export { type LayoutSnapshot } from './memory';
export { regionsByNode } from './host-regions';
export { DEFAULT_ASPECT, type Region, type SimLink, type SimNode, UNCLUSTERED } from './model';
export { regionsByNetwork } from './network-regions';
export { regionIdFor } from './regions';
export { collideRadius } from './sizes';
