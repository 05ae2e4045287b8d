import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

/** The client is built into dist/client and served by the Hono server on the same port. */
export default defineConfig({
  root: "client",
  plugins: [react()],
  build: {
    outDir: "../dist/client",
    emptyOutDir: true,
  },
  server: {
    proxy: {
      "/api": "http://localhost:8080",
      "/collab": { target: "ws://localhost:8080", ws: true },
    },
  },
});
