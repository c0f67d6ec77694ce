/**
 * Networks: what a "New network" form may ask for, and what `POST /api/networks` accepts. The same
 * schemas run in the browser and on the server; `checkNetworkAgainstTopology` adds the rules that
 * need the live topology (overlaps, names taken, swarm mode), also on both sides.
 *
 * Every field of an engine request is built on the server from these validated values: unknown
 * fields and unknown driver options are refused, never passed through.
 *
 * One module per job: the drivers and their help (`drivers`), the driver options allowed
 * (`driver-options`), the fields the requests share (`field-schemas`), the create request
 * (`create-schema`), connect, disconnect and remove (`request-schemas`), the engine a network goes
 * to (`engine-choice`), the rules against the live topology (`topology-rules`, `connect-rules`).
 */

export {
  NETWORK_DRIVERS,
  NETWORK_DRIVER_FIELDS,
  NETWORK_DRIVER_HELP,
  NETWORK_FIELD_HELP,
  type NetworkDriver,
} from './drivers';
export { DRIVER_OPTIONS, type DriverOptionSpec } from './driver-options';
export { engineNameSchema, networkDriverSchema, networkNameSchema } from './field-schemas';
export {
  createNetworkSchema,
  type CreateNetworkInput,
  type CreateNetworkRequest,
} from './create-schema';
export {
  connectNetworkSchema,
  disconnectNetworkSchema,
  removeNetworkQuerySchema,
  type ConnectNetworkInput,
  type ConnectNetworkRequest,
  type DisconnectNetworkInput,
  type DisconnectNetworkRequest,
  type RemoveNetworkQuery,
} from './request-schemas';
export {
  checkDriverOffered,
  chooseNetworkEngine,
  swarmNetworkProblem,
  type NetworkEngineChoice,
} from './engine-choice';
export { checkNetworkAgainstTopology, type NetworkTopologyCheck } from './topology-rules';
export { checkConnectAgainstNetwork, networkModeProblem } from './connect-rules';
