/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

const api = process.env.API_URL ?? "http://127.0.0.1:8000";

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: "dist",
    // The budget script reads the manifest to find what the lobby loads first.
    manifest: true,
    sourcemap: false,
  },
  server: {
    proxy: {
      // Signed media URLs (answers, report downloads) are served by the API too.
      "/media": { target: api, changeOrigin: true },
      // Answer videos are uploaded over plain HTTP, beside GraphQL.
      "/uploads": { target: api, changeOrigin: true },
      "/graphql": {
        target: api,
        ws: true,
        changeOrigin: true,
        // The API accepts websockets only from its own origin; through the proxy the page's origin
        // is the dev server's, so present the API's own.
        configure: (proxy) => {
          proxy.on("proxyReqWs", (proxyReq) => proxyReq.setHeader("origin", new URL(api).origin));
        },
      },
    },
  },
  test: {
    environment: "node",
    include: ["src/**/*.test.ts", "src/**/*.test.tsx"],
    // Hook and component tests ask for a DOM with `// @vitest-environment happy-dom`.
    setupFiles: ["src/test/setup.ts"],
  },
});
