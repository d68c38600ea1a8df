// The console's only third-party code, served from WebJars in the jar (versions pinned in the root pom.xml).
export { createClient } from '../../webjars/graphql-ws/5.16.0/lib/client.mjs';
export { default as uPlot } from '../../webjars/uplot/1.6.30/dist/uPlot.esm.js';
