import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Integration files share the lab, so their order matters: the lab's own life-cycle test first
 * (it takes the lab down and up again), then the seed test (which leaves the sample topology in
 * place for the files after it), then the rest in name order, and last the swarm membership changes
 * (portolan-swarm adds and removes a fifth node; swarm-faults drains a worker and takes it out of
 * the swarm, so the swarm moves tasks off it).
 */
const FIRST = ['lab.test.ts', 'seed.test.ts'];
const LAST = ['portolan-swarm.test.ts', 'swarm-faults.test.ts'];

export class LabOrderSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => {
      const name = file.moduleId.split('/').pop() ?? '';
      const index = FIRST.indexOf(name);
      if (index !== -1) return index;
      return LAST.includes(name) ? FIRST.length + 1 : FIRST.length;
    };
    return [...files].sort((a, b) => rank(a) - rank(b) || a.moduleId.localeCompare(b.moduleId));
  }
}
