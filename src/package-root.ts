import { fileURLToPath } from "node:url";

/**
 * The package's own folder (where templates/, node_modules/ and package.json are). This module sits one
 * folder down from it both as source (src/) and bundled (lib/), so modules in deeper folders ask it.
 */
export const PACKAGE_ROOT = fileURLToPath(new URL("..", import.meta.url));
