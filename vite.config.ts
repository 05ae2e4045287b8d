import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";
import { VitePWA } from "vite-plugin-pwa";
import { compression, defineAlgorithm } from "vite-plugin-compression2";
import { constants } from "node:zlib";

/**
 * Third-party code in chunks of its own, named so the bench and tests can tell them apart:
 * they change less often than the app's code (a deploy keeps them in the browser's cache),
 * and the editor's libraries load only with the editor, never on the login page.
 */
const VENDOR_GROUPS = [
  { name: "vendor-react", test: /[\\/]node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 30 },
  { name: "vendor-i18n", test: /[\\/]node_modules[\\/](i18next|react-i18next)[\\/]/, priority: 20 },
  {
    name: "vendor-editor",
    test: /[\\/]node_modules[\\/](@tiptap|prosemirror-[a-z-]+|yjs|y-protocols|y-websocket|y-indexeddb|y-prosemirror|lib0|linkifyjs|orderedmap|rope-sequence|w3c-keyname|markdown-it|@floating-ui)[\\/]/,
    priority: 10,
  },
];

/**
 * The client is built into dist/client and served by the Hono server on the same port
 * (server/http/staticAssets.ts). Every text asset also gets a brotli (.br) and a gzip (.gz)
 * copy, so the server sends compressed files without compressing on each request; the
 * service worker is built from client/sw.ts with the list of files to precache.
 */
export default defineConfig({
  root: "client",
  plugins: [
    react(),
    VitePWA({
      strategies: "injectManifest",
      srcDir: ".",
      filename: "sw.ts",
      // main.tsx registers the worker itself, after the page has loaded.
      injectRegister: false,
      manifest: false,
      injectManifest: {
        globPatterns: ["**/*.{js,css,html,svg,png,ico,woff2}"],
        // Files in assets/ carry a content hash: no revision needed, and the worker may take
        // them from the browser's HTTP cache (immutable) instead of the network.
        dontCacheBustURLsMatching: /^assets\//,
        rollupFormat: "iife",
      },
    }),
    compression({
      include: /\.(js|mjs|css|html|svg|json|webmanifest|txt)$/,
      // vite-plugin-pwa writes sw.js after this plugin ran (and puts the file list into it
      // last): a compressed copy could hold an older worker. It is small and rarely fetched.
      exclude: [/(^|[\\/])sw\.js$/],
      threshold: 1024,
      skipIfLargerOrEqual: true,
      algorithms: [defineAlgorithm("brotliCompress", { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }), defineAlgorithm("gzip", { level: 9 })],
    }),
  ],
  build: {
    outDir: "../dist/client",
    emptyOutDir: true,
    rolldownOptions: {
      output: {
        codeSplitting: { groups: VENDOR_GROUPS },
      },
    },
  },
  server: {
    proxy: {
      "/api": "http://localhost:8080",
      "/collab": { target: "ws://localhost:8080", ws: true },
    },
  },
});
