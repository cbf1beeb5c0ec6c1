/** Options of {@link startStaticServer}. */
export interface StaticServerOptions {
  /** The directory to serve; nothing outside it is reachable. */
  root: string;
  /** The port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
  /**
   * When true (the default) every response carries `Cross-Origin-Opener-Policy: same-origin`,
   * `Cross-Origin-Embedder-Policy: require-corp` and `Cross-Origin-Resource-Policy: same-origin`,
   * so pages served are cross-origin isolated; when false none of them is sent.
   */
  isolated?: boolean;
}

/** A running server started by {@link startStaticServer}. */
export interface StaticServer {
  /** `http://127.0.0.1:<port>/`, with the trailing slash. */
  url: string;
  /** The port the server listens on. */
  port: number;
  /** Stops listening and ends open connections. */
  close(): Promise<void>;
}

/**
 * Starts a static file server bound to 127.0.0.1 that serves the files under `root`
 * (no directory listings; a directory answers with its index.html; path escapes are refused).
 */
export function startStaticServer(options: StaticServerOptions): Promise<StaticServer>;
