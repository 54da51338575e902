/**
 * What can go wrong on the wire, as values: an unwanted HTTP status, a stalled or
 * cut-short body, or the runtime's own connection errors. Whether to retry is decided
 * from these (retry.ts); the wording for the user is decided by whoever knows what was
 * being fetched, with `describeNetworkError` giving the reason part.
 */
import { printable } from "../platform/printable.ts";

export class HttpStatusError extends Error {
  override name = "HttpStatusError";
  constructor(
    readonly status: number,
    readonly headers: Headers,
    readonly url: string,
  ) {
    super(`HTTP ${status} from ${new URL(url).host}`);
  }
}

/** The throughput rule tripped: a stall window passed with less than the minimum (nothing at all, or a dribble). */
export class StalledError extends Error {
  override name = "StalledError";
  constructor(
    readonly seconds: number,
    /** What did arrive in that window. */
    readonly bytes = 0,
    readonly minBytes = 1,
  ) {
    super(bytes === 0 ? `no data for ${seconds} s` : `only ${bytes} bytes in ${seconds} s, less than the ${minBytes} bytes a download must bring in that time`);
  }
}

/** The whole download, retries included, took longer than K3DX_DOWNLOAD_TIMEOUT. */
export class DeadlineError extends Error {
  override name = "DeadlineError";
  constructor(readonly seconds: number) {
    super(`the download took longer than ${seconds} s`);
  }
}

export class CutShortError extends Error {
  override name = "CutShortError";
  constructor(
    readonly received: number,
    readonly expected: number,
  ) {
    super(`the connection closed after ${received} of ${expected} bytes`);
  }
}

export class TooLargeError extends Error {
  override name = "TooLargeError";
  constructor(readonly limit: number) {
    super(`it is larger than ${limit} bytes`);
  }
}

/** A URL we will not fetch or follow: not https (outside loopback), or one redirect too many. */
export class RefusedUrlError extends Error {
  override name = "RefusedUrlError";
}

/** Bun's fetch errors carry a `code` like the POSIX names. */
function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : "";
}

const TRANSIENT_CODES = new Set(["ECONNRESET", "ETIMEDOUT", "EPIPE", "ECONNABORTED", "EAI_AGAIN", "ConnectionClosed", "UND_ERR_SOCKET"]);

/** Failures that may well not happen again a moment later. */
export function isTransientFailure(error: unknown): boolean {
  if (error instanceof StalledError || error instanceof CutShortError) return true;
  if (error instanceof HttpStatusError) return error.status === 408 || error.status === 429 || error.status >= 500;
  return TRANSIENT_CODES.has(errorCode(error));
}

/** The reason part of a one-line message: "connection refused by 127.0.0.1:9", "HTTP 404 from …". */
export function describeNetworkError(error: unknown, url: string): string {
  if ([HttpStatusError, StalledError, DeadlineError, CutShortError, TooLargeError, RefusedUrlError].some((kind) => error instanceof kind)) {
    return (error as Error).message;
  }
  const host = new URL(url).host;
  switch (errorCode(error)) {
    case "ECONNREFUSED":
      return `connection refused by ${host}`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `cannot resolve the host name ${new URL(url).hostname}`;
    case "ECONNRESET":
    case "ConnectionClosed":
      return `the connection to ${host} was closed unexpectedly`;
    case "ETIMEDOUT":
      return `the connection to ${host} timed out`;
  }
  // The runtime's own wording, which may quote what the server sent: one line, shown escaped.
  const message = printable((error instanceof Error ? error.message : String(error)).split("\n")[0]!);
  if (/certificate|SSL|TLS/i.test(message + errorCode(error))) return `TLS problem with ${host}: ${message}`;
  return `cannot reach ${host}: ${message}`;
}

export const CHECK_NETWORK = "check your network connection";

/** What the user can do about a failure; "" when the reason says all there is. */
export function networkAdvice(error: unknown): string {
  if (error instanceof StalledError) {
    return error.bytes === 0 ? "try again, or set K3DX_STALL_TIMEOUT to wait longer" : "try again, or set K3DX_STALL_TIMEOUT (seconds) to allow a slower link";
  }
  if (error instanceof DeadlineError) return "try again, or set K3DX_DOWNLOAD_TIMEOUT (seconds) to allow longer";
  if (error instanceof CutShortError) return "try again";
  if ([HttpStatusError, TooLargeError, RefusedUrlError].some((kind) => error instanceof kind)) return "";
  return CHECK_NETWORK;
}

/** Reason and advice, for the end of a one-line message. */
export function explainNetworkError(error: unknown, url: string): string {
  const advice = networkAdvice(error);
  return advice ? `${describeNetworkError(error, url)}; ${advice}` : describeNetworkError(error, url);
}
