import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    // Once, before any worker: the spawned-CLI tests run lib/, which must not be older than src/.
    globalSetup: ["tests/global-setup.ts"],
    // Browser tests share one Chromium per file; two files at a time suit a 2-core machine.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
