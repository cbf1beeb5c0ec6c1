// node:path/posix — the POSIX path module itself.
import path from "path";

export default path.posix;
