import { hash, verify } from '@node-rs/argon2';

// argon2id, OWASP's second recommended profile (19 MiB, 2 passes).
// algorithm 2 = Argon2id (the package's const enum cannot be imported under isolatedModules).
const OPTIONS = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string) => hash(password, OPTIONS);

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** Verifying against this when the user does not exist keeps timing equal for both cases. */
export const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$Jv9hNqsH1lOvJmOSxYzG3y4hbRLhfwVhbnZzPn2qQTA';
