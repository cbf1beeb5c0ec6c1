/** Every file under `paths` (files or directories, relative to `root`), sorted. */
export function inputFiles(root: string, paths: string[], skip?: (path: string) => boolean): string[];
/** The fingerprint of `paths`: their files' relative paths and contents. */
export function fingerprint(root: string, paths: string[], skip?: (path: string) => boolean): string;
/** Runs one build step unless it is up to date; resolves with true when it ran. */
export function runStep(step: {
  name: string;
  root: string;
  stampFile: string;
  inputs: string[];
  outputs: string[];
  skip?: (path: string) => boolean;
  force?: boolean;
  run: () => unknown;
  log?: (line: string) => void;
}): Promise<boolean>;
