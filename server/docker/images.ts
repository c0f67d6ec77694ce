import type Docker from 'dockerode';

import { dial, dialOrNull, ref } from './dial';

export interface ImageSummary {
  id: string;
  tags: string[];
  size: number | null;
}

/** The images an engine holds (Portolan never pulls). */
export function imageCalls(docker: Docker) {
  return {
    async list(): Promise<ImageSummary[]> {
      const images = await dial<{ Id: string; RepoTags?: string[] | null; Size?: number }[]>(
        docker,
        {
          method: 'GET',
          path: '/images/json',
          ok: [200],
        },
      );
      return images
        .map((image) => ({
          id: image.Id,
          tags: (image.RepoTags ?? []).filter((tag) => tag !== '<none>:<none>'),
          size: image.Size ?? null,
        }))
        .filter((image) => image.tags.length > 0)
        .sort((a, b) => (a.tags[0] ?? '').localeCompare(b.tags[0] ?? ''));
    },
    async has(image: string): Promise<boolean> {
      return (
        (await dialOrNull(docker, {
          method: 'GET',
          path: `/images/${ref(image)}/json`,
          ok: [200],
        })) !== null
      );
    },
  };
}
