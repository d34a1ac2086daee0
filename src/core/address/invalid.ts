import { err, type InvalidAddress } from '../types.js';
import { echo } from './text.js';

export type Rejection = { ok: false; error: InvalidAddress };

export function reject(input: string, reason: string, hint: string): Rejection {
  return err({ code: 'invalid-address', input: echo(input), reason, hint });
}
