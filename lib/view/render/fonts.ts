export const FONT_FAMILY = "system-ui, 'DejaVu Sans', 'Liberation Sans', sans-serif";
export const MONO_FAMILY = "ui-monospace, 'DejaVu Sans Mono', 'Liberation Mono', monospace";
