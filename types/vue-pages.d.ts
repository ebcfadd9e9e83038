/** The web app's page components, as the server-side type check sees them when a test reads the route table. */
declare module '*.vue' {
  const component: unknown;
  export default component;
}
