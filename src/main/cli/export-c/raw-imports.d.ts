// Vite's `?raw` import of the C runtime: the file's text as a string, inlined at build time.
declare module '*.c?raw' {
  const text: string;
  export default text;
}
declare module '*.h?raw' {
  const text: string;
  export default text;
}
