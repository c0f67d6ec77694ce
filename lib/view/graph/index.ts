/*
 * The map's graph, projected from a topology (`toGraph`), and the small facts about elements that
 * the inspector and the list view share with it.
 */
export { isTaskCurrent } from '@/lib/topology/tasks';

export { SWARM_GROUP } from './groups';
export { portText } from './labels';
export { isContainerActive, networkStyle, serviceStatus } from './status';
export { toGraph } from './to-graph';
