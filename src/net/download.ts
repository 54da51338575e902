/**
 * Downloads that stream: the body goes to a file chunk by chunk and through SHA-256 on
 * the way, so memory stays flat whatever the size. A stall timer covers the wait for
 * headers and every gap between chunks (ofetch's timeout covers only the headers), and
 * a body shorter than its Content-Length is an error, not a smaller file. Transient
 * failures start the download again from the beginning.
 */
import { closeSync, ftruncateSync, openSync, writeSync } from "node:fs";
import { httpGet, type Credentials } from "./http-get.ts";
import { CutShortError, StalledError, TooLargeError, isTransientFailure } from "./network-errors.ts";
import type { NetSettings } from "./net-settings.ts";
import { NO_PROGRESS, createProgress, type Progress } from "./progress-bar.ts";
import { withRetries } from "./retry.ts";

export interface DownloadRequest {
  url: string;
  accept: string;
  credentials?: Credentials;
  net: NetSettings;
  /** What the progress line shows: the asset's name. */
  label?: string;
  progress?: boolean;
  /** A body larger than this fails, before a byte when its Content-Length says so (default MAX_DOWNLOAD_BYTES). */
  maxBytes?: number;
}

/** No plugin comes near 1 GiB; a server sending more must not fill the disk. */
export const MAX_DOWNLOAD_BYTES = 1024 ** 3;

export interface DownloadedFile {
  sha256: string;
  bytes: number;
}

export async function downloadToFile(request: DownloadRequest, path: string): Promise<DownloadedFile> {
  const progress = request.progress && request.label ? createProgress(request.label) : NO_PROGRESS;
  const fd = openSync(path, "w", 0o600);
  try {
    let hasher = new Bun.CryptoHasher("sha256");
    let bytes = 0;
    await receive(request, progress, {
      restart() {
        ftruncateSync(fd, 0);
        hasher = new Bun.CryptoHasher("sha256");
        bytes = 0;
      },
      chunk(data) {
        hasher.update(data);
        for (let done = 0; done < data.length; ) done += writeSync(fd, data, done, data.length - done, bytes + done);
        bytes += data.length;
      },
    });
    return { sha256: hasher.digest("hex"), bytes };
  } finally {
    progress.finish();
    closeSync(fd);
  }
}

/**
 * The SHA-256 and size of what the URL serves, nothing written anywhere: `k3d plugin lock`
 * learns the digest of another platform's asset this way.
 */
export async function hashDownload(request: DownloadRequest): Promise<DownloadedFile> {
  let hasher = new Bun.CryptoHasher("sha256");
  let bytes = 0;
  await receive(request, NO_PROGRESS, {
    restart() {
      hasher = new Bun.CryptoHasher("sha256");
      bytes = 0;
    },
    chunk(data) {
      hasher.update(data);
      bytes += data.length;
    },
  });
  return { sha256: hasher.digest("hex"), bytes };
}

/** A small text (a checksum file), refused when larger than `maxBytes`. */
export async function downloadText(request: DownloadRequest, maxBytes: number): Promise<string> {
  let parts: Uint8Array[] = [];
  let size = 0;
  await receive(request, NO_PROGRESS, {
    restart() {
      parts = [];
      size = 0;
    },
    chunk(data) {
      size += data.length;
      if (size > maxBytes) throw new TooLargeError(maxBytes);
      parts.push(data);
    },
  });
  return new TextDecoder().decode(Buffer.concat(parts));
}

interface Sink {
  /** Called before every attempt: forget what an earlier attempt received. */
  restart(): void;
  chunk(data: Uint8Array): void;
}

async function receive(request: DownloadRequest, progress: Progress, sink: Sink): Promise<void> {
  await withRetries(async () => {
    sink.restart();
    const stall = stallTimer(request.net.stallMs);
    try {
      const response = await httpGet({ url: request.url, accept: request.accept, credentials: request.credentials, signal: stall.signal });
      const expected = exactLength(response);
      const limit = request.maxBytes ?? MAX_DOWNLOAD_BYTES;
      if (expected !== undefined && expected > limit) throw new TooLargeError(limit);
      progress.start(expected);
      let received = 0;
      try {
        for await (const chunk of response.body ?? []) {
          stall.reset();
          received += chunk.length;
          if (received > limit) throw new TooLargeError(limit);
          sink.chunk(chunk);
          progress.advance(chunk.length);
        }
      } catch (error) {
        // Bun reports a body that ends early as a reset connection; the byte count says more.
        if (!stall.fired && expected !== undefined && received < expected && isTransientFailure(error)) throw new CutShortError(received, expected);
        throw error;
      }
      if (expected !== undefined && received < expected) throw new CutShortError(received, expected);
    } catch (error) {
      throw stall.fired ? new StalledError(request.net.stallMs / 1000) : error;
    } finally {
      stall.clear();
    }
  }, request.net.retries);
}

/** Content-Length counts the bytes on the wire: only usable when they were not re-encoded. */
function exactLength(response: Response): number | undefined {
  const encoding = response.headers.get("content-encoding");
  const length = Number(response.headers.get("content-length") ?? NaN);
  return (encoding === null || encoding === "identity") && Number.isSafeInteger(length) ? length : undefined;
}

interface StallTimer {
  signal: AbortSignal;
  readonly fired: boolean;
  reset(): void;
  clear(): void;
}

function stallTimer(ms: number): StallTimer {
  const controller = new AbortController();
  let fired = false;
  const timer = setTimeout(() => {
    fired = true;
    controller.abort();
  }, ms);
  return {
    signal: controller.signal,
    get fired() {
      return fired;
    },
    reset: () => timer.refresh(),
    clear: () => clearTimeout(timer),
  };
}
