import { InvalidInputError, NotFoundError } from '../errors.js';
import type { Db } from '../store/db.js';
import { hashPassword } from './passwords.js';
import { findUserByEmail, setPasswordHash } from './store.js';

/** Sets a user's UI password; at least 8 characters. */
export async function setUserPassword(db: Db, email: string, password: string): Promise<void> {
  if (password.length < 8) throw new InvalidInputError('Password must be at least 8 characters long.');
  const user = await findUserByEmail(db, email);
  if (!user) throw new NotFoundError('User', email);
  await setPasswordHash(db, user.id, await hashPassword(password));
}
