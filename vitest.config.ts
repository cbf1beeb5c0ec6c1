import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Tests start engine threads and some measure the host's event loop:
    // one file at a time keeps a 2-core machine from starving them.
    fileParallelism: false,
    reporters: ["default", "./test/summary-reporter.ts"],
  },
});
