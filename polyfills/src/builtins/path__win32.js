// node:path/win32 — the Windows path module itself.
import path from "path";

export default path.win32;
