/**
 * Vite build of the web client (src/web → dist/web). Everything is bundled:
 * no CDN and no web fonts, because these offices often run on networks cut
 * off from the internet. The dev and preview servers proxy /api to the Fastify
 * server (ZG_API_TARGET overrides the default http://127.0.0.1:8080).
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const apiTarget = process.env.ZG_API_TARGET ?? 'http://127.0.0.1:8080';
const proxy = { '/api': { target: apiTarget, changeOrigin: false } };

export default defineConfig({
  root: fileURLToPath(new URL('./src/web', import.meta.url)),
  base: '/',
  plugins: [react()],
  server: { host: '127.0.0.1', port: 5173, proxy },
  preview: { host: '127.0.0.1', port: 4173, proxy },
  build: {
    outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
    emptyOutDir: true,
    sourcemap: false,
    // antd alone is ~1 MB minified before gzip; the warning would only be noise.
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      output: {
        // Stable vendor chunks cache across releases; echarts stays out of the
        // first load because only lazy routes (dashboard, office board) import it.
        codeSplitting: {
          groups: [
            {
              name: 'react',
              test: /node_modules[\\/](react|react-dom|react-router|react-router-dom|scheduler|@tanstack)[\\/]/,
              priority: 30,
            },
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/, priority: 20 },
            { name: 'antd', test: /node_modules[\\/](antd|@ant-design|@rc-component|rc-[^\\/]+|dayjs|@emotion|stylis)[\\/]/, priority: 10 },
          ],
        },
      },
    },
  },
});
