// Vite's `?raw` suffix imports a file's text; tests use it for recorded `docker events` lines.
declare module '*.jsonl?raw' {
  const text: string;
  export default text;
}
