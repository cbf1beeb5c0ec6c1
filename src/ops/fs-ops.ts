/**
 * The filesystem ops, gathered from their families: file content and
 * metadata (`fs-file-ops.ts`), entries, links and owners
 * (`fs-entry-ops.ts`), directories and `process.chdir` (`fs-dir-ops.ts`),
 * descriptors (`fs-fd-ops.ts`). The guest's sync, callback and promise forms
 * all call these.
 * @module
 */
import { dirOps } from "./fs-dir-ops.js";
import { entryOps } from "./fs-entry-ops.js";
import { fdOps } from "./fs-fd-ops.js";
import { fileOps } from "./fs-file-ops.js";
import type { OpFamily } from "./op-context.js";

/** The filesystem ops by name. */
export const fsOps: OpFamily = { ...fileOps, ...entryOps, ...dirOps, ...fdOps };
