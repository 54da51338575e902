/**
 * The network knobs, read once from the environment of the command.
 *
 *   K3DX_STALL_TIMEOUT  seconds without a byte before a download is given up (default 30)
 *   K3DX_RETRIES        how many times a transient failure is retried (default 3; 0 = never)
 */

export interface NetSettings {
  /** Milliseconds a request may go without receiving a byte (headers or body). */
  stallMs: number;
  /** Extra attempts after a transient failure. */
  retries: number;
}

export const DEFAULT_STALL_SECONDS = 30;
export const DEFAULT_RETRIES = 3;

export function readNetSettings(env: Record<string, string | undefined>): NetSettings {
  const stall = Number(env.K3DX_STALL_TIMEOUT);
  const retries = Number(env.K3DX_RETRIES);
  return {
    stallMs: (env.K3DX_STALL_TIMEOUT && stall > 0 ? stall : DEFAULT_STALL_SECONDS) * 1000,
    retries: env.K3DX_RETRIES && Number.isInteger(retries) && retries >= 0 ? retries : DEFAULT_RETRIES,
  };
}
