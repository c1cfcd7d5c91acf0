import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Personal data at rest: AES-256-GCM with a random IV per value; lookups through a keyed hash
 * (HMAC-SHA256), so equal ID numbers can be found without decrypting the table. The master key
 * lives outside the database (XZ_PII_KEY or a 0600 key file in the data folder).
 */
export class PiiVault {
  private readonly encKey: Buffer;
  private readonly macKey: Buffer;

  constructor(masterKey: Buffer) {
    if (masterKey.length !== 32) throw new Error('PII 主密钥必须为 32 字节');
    this.encKey = Buffer.from(crypto.hkdfSync('sha256', masterKey, Buffer.alloc(0), 'xiangzhi pii enc v1', 32));
    this.macKey = Buffer.from(crypto.hkdfSync('sha256', masterKey, Buffer.alloc(0), 'xiangzhi pii mac v1', 32));
  }

  encrypt(plain: string): string {
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.encKey, iv);
    const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `v1:${Buffer.concat([iv, cipher.getAuthTag(), ct]).toString('base64')}`;
  }

  decrypt(stored: string): string {
    if (!stored.startsWith('v1:')) throw new Error('未知的加密格式');
    const raw = Buffer.from(stored.slice(3), 'base64');
    const decipher = crypto.createDecipheriv('aes-256-gcm', this.encKey, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }

  /** Keyed hash for lookups; `kind` separates ID numbers from phones. */
  hash(kind: 'id' | 'phone', plain: string): string {
    return crypto.createHmac('sha256', this.macKey).update(`${kind}:${plain.toUpperCase()}`).digest('hex');
  }

  static random(): PiiVault {
    return new PiiVault(crypto.randomBytes(32));
  }
}

export function loadVault(dataDir: string, env: NodeJS.ProcessEnv = process.env): PiiVault {
  if (env.XZ_PII_KEY) {
    const key = Buffer.from(env.XZ_PII_KEY, 'base64');
    if (key.length !== 32) throw new Error('XZ_PII_KEY 必须是 32 字节密钥的 base64 编码');
    return new PiiVault(key);
  }
  const file = path.join(dataDir, 'keys', 'pii.key');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    fs.writeFileSync(file, crypto.randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
  }
  return new PiiVault(Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64'));
}
