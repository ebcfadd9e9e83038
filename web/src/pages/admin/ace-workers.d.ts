/* Vite's ?url imports: the built file's URL (the form editor's ace workers, served with the app). */
declare module '*?url' {
  const url: string;
  export default url;
}
