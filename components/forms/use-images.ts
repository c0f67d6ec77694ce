'use client';

import { useEffect, useState } from 'react';

/** `GET /api/images`. */
interface ImagesBody {
  engines?: { engine: string; images?: { tags?: string[] }[] }[];
}

/** The images the engines already hold, for an image picker (creating never pulls). */
export function useImages(): string[] {
  const [images, setImages] = useState<string[]>([]);
  useEffect(() => {
    let cancelled = false;
    fetch('/api/images')
      .then((response) => (response.ok ? response.json() : null))
      .then((body: ImagesBody | null) => {
        if (cancelled || !body) return;
        const tags = new Set(
          (body.engines ?? []).flatMap((engine) =>
            (engine.images ?? []).flatMap((image) => image.tags ?? []),
          ),
        );
        tags.delete('<none>:<none>');
        setImages([...tags].sort());
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, []);
  return images;
}
