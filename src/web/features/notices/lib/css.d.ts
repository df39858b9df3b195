/** Vite bundles imported stylesheets; TypeScript needs to know such an import has no exports. */
declare module '*.css';
