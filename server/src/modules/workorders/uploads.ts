/**
 * Photo files under XZ_DATA_DIR/uploads/workorders, named by content hash (the same photo sent
 * twice is stored once). Outside the web root: they are served only by the authorised route.
 */
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { PHOTO_TYPES, type PhotoType } from './rules';

/** Largest photo accepted, decoded (phones send 2–4 MB JPEGs). */
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
/** Request body limit of the upload route: base64 of the largest photo plus the JSON around it. */
export const UPLOAD_BODY_LIMIT = Math.ceil((MAX_PHOTO_BYTES * 4) / 3) + 8 * 1024;

export function uploadsRoot(dataDir: string): string {
  return path.join(dataDir, 'uploads', 'workorders');
}

function fileOf(dataDir: string, sha256: string, mime: PhotoType): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('bad content hash');
  return path.join(uploadsRoot(dataDir), sha256.slice(0, 2), `${sha256}.${PHOTO_TYPES[mime]}`);
}

export async function storePhoto(dataDir: string, data: Buffer, mime: PhotoType): Promise<string> {
  const sha256 = crypto.createHash('sha256').update(data).digest('hex');
  const file = fileOf(dataDir, sha256, mime);
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o750 });
  try {
    await fs.access(file);
    return sha256; // already there
  } catch {
    const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
    await fs.writeFile(tmp, data, { mode: 0o640 });
    await fs.rename(tmp, file);
    return sha256;
  }
}

export async function readPhoto(dataDir: string, sha256: string, mime: PhotoType): Promise<Buffer> {
  return fs.readFile(fileOf(dataDir, sha256, mime));
}
