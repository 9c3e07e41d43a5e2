// Compresses the browser build once, at the best settings, so a browser gets scripts and styles
// as `.br` (brotli at quality 11) or `.gz` (gzip at level 9) straight from disk; compressing them
// on every request (the compression middleware: brotli quality 4, gzip 6) costs CPU and sends
// more bytes (the landing page's scripts: 94 kB brotli 11 against 109 kB brotli 4 or 107 kB gzip 6).
// Run by `npm run build` and by start.js after it builds; `node app/server/precompress.js`.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";

const compressible = /\.(js|css|svg|json|map)$/;

/** Writes `<file>.br` and `<file>.gz` beside every compressible file of `dir` that lacks them or is newer. */
export function precompress(dir) {
  let written = 0;
  const visit = (current) => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const file = path.join(current, entry.name);
      if (entry.isDirectory()) visit(file);
      else if (compressible.test(entry.name)) {
        const mtime = fs.statSync(file).mtimeMs;
        const fresh = (target) => fs.existsSync(target) && fs.statSync(target).mtimeMs >= mtime;
        if (fresh(`${file}.br`) && fresh(`${file}.gz`)) continue;
        const bytes = fs.readFileSync(file);
        fs.writeFileSync(
          `${file}.br`,
          zlib.brotliCompressSync(bytes, {
            params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
          }),
        );
        fs.writeFileSync(`${file}.gz`, zlib.gzipSync(bytes, { level: 9 }));
        written++;
      }
    }
  };
  if (fs.existsSync(dir)) visit(dir);
  return written;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
  precompress(path.join(root, "public/build"));
}
