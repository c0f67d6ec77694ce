import { createEngineReader } from '@/server/docker/engine-reader';

import { freshTopology as readFresh } from '../../test/support/fresh-topology';
import { dockerFor, labEngineSpecs } from '../../test/support/lab-engines';

/** The topology a server would build from a fresh full read of every lab engine right now. */
export function freshTopology() {
  return readFresh(
    labEngineSpecs().map((spec) => ({
      name: spec.name,
      reader: createEngineReader(dockerFor(spec)),
    })),
  );
}
