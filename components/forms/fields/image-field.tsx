'use client';

import { Input } from '../../ui/input';
import { useImages } from '../use-images';
import { FormField, describedBy } from './form-field';

/**
 * The image to run, typed or picked from the images the engines already hold (creating never
 * pulls). The picker is a datalist, so any tag can still be typed.
 */
export function ImageField({
  id,
  listId,
  help,
  error,
  value,
  onChange,
}: {
  id: string;
  /** The datalist's id, unique on the page. */
  listId: string;
  help?: string;
  error?: string;
  value: string;
  onChange: (value: string) => void;
}) {
  const images = useImages();
  return (
    <FormField id={id} label="Image" help={help} error={error}>
      <Input
        {...describedBy(id, error)}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        list={listId}
      />
      <datalist id={listId}>
        {images.map((tag) => (
          <option key={tag} value={tag} />
        ))}
      </datalist>
    </FormField>
  );
}
