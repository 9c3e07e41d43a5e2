// Uploaded files (fapiao PDFs, admission attachments): checked by their content, never by their
// name, and kept under FILES_DIR (default .data/files) — outside public/, so only a route that
// checked who is asking can hand one out.
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { config } from "./config.server";
import { projectRoot } from "./db.server";
import { AppError, notFound } from "./errors";
import { logger } from "./logger.server";

export const storedContentTypes = ["application/pdf", "image/png", "image/jpeg", "image/webp"] as const;
export type StoredContentType = (typeof storedContentTypes)[number];

const extensions: Record<StoredContentType, string> = {
  "application/pdf": "pdf",
  "image/png": "png",
  "image/jpeg": "jpg",
  "image/webp": "webp",
};

const startsWith = (bytes: Uint8Array, magic: number[], offset = 0) =>
  bytes.length >= offset + magic.length && magic.every((byte, i) => bytes[offset + i] === byte);

/**
 * What a file really is, from its first bytes: PDF (`%PDF-`), PNG, JPEG or WebP; null for anything
 * else — an HTML page renamed `.pdf` included.
 */
export function sniffContentType(bytes: Uint8Array): StoredContentType | null {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return "application/pdf";
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "image/jpeg";
  // RIFF....WEBP
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return "image/webp";
  return null;
}

export function extensionFor(contentType: StoredContentType) {
  return extensions[contentType];
}

/** Where uploaded files live: FILES_DIR, or .data/files under the project — never under public/. */
export function filesDir() {
  const configured = config().FILES_DIR;
  return configured ? path.resolve(projectRoot, configured) : path.join(projectRoot, ".data", "files");
}

export interface StoredFile {
  /** Relative to `filesDir()`, with forward slashes; what a table stores. */
  path: string;
  contentType: StoredContentType;
  sizeBytes: number;
}

/**
 * Checks a file (not empty, not over `maxBytes`, one of `allowed` by content) and writes it under
 * `folder` with a random name, atomically (a `.part` file renamed into place). Refusals are
 * `invalid` errors with the keys `errors.fileEmpty`, `errors.fileTooLarge` and `errors.fileType`.
 */
export async function storeFile(options: {
  folder: string;
  bytes: Uint8Array;
  allowed: readonly StoredContentType[];
  maxBytes: number;
  /** Starts the file name, e.g. the id of the row the file belongs to. */
  namePrefix?: string;
}): Promise<StoredFile> {
  const { bytes } = options;
  if (bytes.byteLength === 0) throw new AppError("invalid", "errors.fileEmpty");
  if (bytes.byteLength > options.maxBytes) {
    throw new AppError("invalid", "errors.fileTooLarge", { maxMb: Math.floor(options.maxBytes / (1024 * 1024)) });
  }
  const contentType = sniffContentType(bytes);
  if (!contentType || !options.allowed.includes(contentType)) throw new AppError("invalid", "errors.fileType");
  if (!/^[a-z0-9_-]+(\/[a-z0-9_-]+)*$/.test(options.folder)) throw new Error(`bad storage folder ${options.folder}`);
  const name = `${options.namePrefix ? `${options.namePrefix}-` : ""}${randomBytes(8).toString("hex")}.${extensions[contentType]}`;
  const relativePath = path.posix.join(options.folder, name);
  const absolutePath = resolveStored(relativePath);
  await fs.mkdir(path.dirname(absolutePath), { recursive: true });
  await fs.writeFile(`${absolutePath}.part`, bytes);
  await fs.rename(`${absolutePath}.part`, absolutePath);
  return { path: relativePath, contentType, sizeBytes: bytes.byteLength };
}

function resolveStored(relativePath: string) {
  const root = filesDir();
  const absolutePath = path.resolve(root, relativePath);
  if (!absolutePath.startsWith(root + path.sep)) throw notFound();
  return absolutePath;
}

/** The bytes of a stored file; a path outside the files directory or a missing file is not found. */
export async function readStoredFile(relativePath: string) {
  const absolutePath = resolveStored(relativePath);
  try {
    return await fs.readFile(absolutePath);
  } catch (error) {
    logger.error({ err: error, path: relativePath }, "a stored file is missing");
    throw notFound();
  }
}

/** Removes a stored file (a rolled-back upload, a deleted attachment); a missing file is fine. */
export async function removeStoredFile(relativePath: string) {
  await fs.rm(resolveStored(relativePath), { force: true });
}

/** Headers for handing a stored file to the browser as a download it must not re-interpret. */
export function downloadHeaders(file: { contentType: string; sizeBytes: number; filename: string }) {
  const ascii = file.filename.replace(/[^\w.-]/g, "_");
  return {
    "Content-Type": file.contentType,
    "Content-Length": String(file.sizeBytes),
    "Content-Disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
    "Cache-Control": "private, no-store",
    "X-Content-Type-Options": "nosniff",
  };
}
