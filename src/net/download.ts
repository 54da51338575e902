/**
 * Downloads that stream: the body goes to a file chunk by chunk and through SHA-256 on
 * the way, so memory stays flat whatever the size. A body shorter than its
 * Content-Length is an error, not a smaller file. Transient failures start the download
 * again from the beginning.
 *
 * Time is bounded twice (ofetch's timeout covers only the headers):
 * - the throughput rule: the headers, and then each 1 KiB of the body, must arrive within
 *   the stall window (K3DX_STALL_TIMEOUT). A silent server and one that dribbles a byte a
 *   second both fail within a window;
 * - the deadline: the whole download, retries included, within K3DX_DOWNLOAD_TIMEOUT.
 */
import { closeSync, ftruncateSync, openSync, writeSync } from "node:fs";
import { DOWNLOAD_MAX_BYTES, DOWNLOAD_MIN_BYTES_PER_WINDOW } from "../limits.ts";
import { interruptSignal } from "../process/interrupts.ts";
import { httpGet, type Credentials } from "./http-get.ts";
import { CutShortError, DeadlineError, StalledError, TooLargeError, isTransientFailure } from "./network-errors.ts";
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
  /** A body larger than this fails, before a byte when its Content-Length says so (default DOWNLOAD_MAX_BYTES). */
  maxBytes?: number;
}

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
  const deadline = deadlineTimer(request.net.deadlineMs);
  try {
    await withRetries(() => receiveOnce(request, progress, sink, deadline), request.net.retries);
  } catch (error) {
    throw deadline.fired ? new DeadlineError(request.net.deadlineMs / 1000) : error;
  } finally {
    deadline.clear();
  }
}

async function receiveOnce(request: DownloadRequest, progress: Progress, sink: Sink, deadline: DeadlineTimer): Promise<void> {
  sink.restart();
  const watch = throughputWatch(request.net.stallMs);
  const stopOnDeadline = deadline.onFire(() => watch.abort());
  // A signal to k3dx (Ctrl-C, SIGTERM) ends the download too.
  const interrupted = interruptSignal();
  const signal = interrupted ? AbortSignal.any([watch.signal, interrupted]) : watch.signal;
  try {
    if (deadline.fired) throw new DeadlineError(request.net.deadlineMs / 1000);
    const response = await httpGet({ url: request.url, accept: request.accept, credentials: request.credentials, signal });
    watch.arrived(DOWNLOAD_MIN_BYTES_PER_WINDOW);
    const expected = exactLength(response);
    const limit = request.maxBytes ?? DOWNLOAD_MAX_BYTES;
    if (expected !== undefined && expected > limit) throw new TooLargeError(limit);
    progress.start(expected);
    let received = 0;
    try {
      for await (const chunk of response.body ?? []) {
        watch.arrived(chunk.length);
        received += chunk.length;
        if (received > limit) throw new TooLargeError(limit);
        sink.chunk(chunk);
        progress.advance(chunk.length);
      }
    } catch (error) {
      // Bun reports a body that ends early as a reset connection; the byte count says more.
      if (!watch.fired && !deadline.fired && expected !== undefined && received < expected && isTransientFailure(error)) throw new CutShortError(received, expected);
      throw error;
    }
    if (expected !== undefined && received < expected) throw new CutShortError(received, expected);
  } catch (error) {
    if (deadline.fired) throw new DeadlineError(request.net.deadlineMs / 1000);
    throw watch.fired ? new StalledError(request.net.stallMs / 1000, watch.bytesInWindow, DOWNLOAD_MIN_BYTES_PER_WINDOW) : error;
  } finally {
    stopOnDeadline();
    watch.clear();
  }
}

/** Content-Length counts the bytes on the wire: only usable when they were not re-encoded. */
function exactLength(response: Response): number | undefined {
  const encoding = response.headers.get("content-encoding");
  const length = Number(response.headers.get("content-length") ?? NaN);
  return (encoding === null || encoding === "identity") && Number.isSafeInteger(length) ? length : undefined;
}

interface ThroughputWatch {
  signal: AbortSignal;
  /** The window passed without enough bytes, and the request was aborted. */
  readonly fired: boolean;
  /** Bytes received in the window that ran out; 0 when the last of them came a whole window ago (a plain stall). */
  readonly bytesInWindow: number;
  /** `bytes` came: once a window's worth of progress has, a new window starts. */
  arrived(bytes: number): void;
  /** Aborts the request (the deadline passed). */
  abort(): void;
  clear(): void;
}

/**
 * The throughput rule as one timer: it starts a new window each time the minimum has
 * arrived since the last one began, so it fires when `windowMs` pass with less than that.
 */
function throughputWatch(windowMs: number): ThroughputWatch {
  const controller = new AbortController();
  let fired = false;
  let bytesInWindow = 0;
  let lastArrival = performance.now();
  const timer = setTimeout(() => {
    fired = true;
    if (performance.now() - lastArrival >= windowMs) bytesInWindow = 0;
    controller.abort();
  }, windowMs);
  return {
    signal: controller.signal,
    get fired() {
      return fired;
    },
    get bytesInWindow() {
      return bytesInWindow;
    },
    arrived(bytes) {
      lastArrival = performance.now();
      bytesInWindow += bytes;
      if (bytesInWindow < DOWNLOAD_MIN_BYTES_PER_WINDOW) return;
      bytesInWindow = 0;
      timer.refresh();
    },
    abort: () => controller.abort(),
    clear: () => clearTimeout(timer),
  };
}

interface DeadlineTimer {
  readonly fired: boolean;
  /** Calls `abort` when the deadline passes (at once if it has); returns the way to stop listening. */
  onFire(abort: () => void): () => void;
  clear(): void;
}

function deadlineTimer(ms: number): DeadlineTimer {
  let fired = false;
  const listeners = new Set<() => void>();
  const timer = setTimeout(() => {
    fired = true;
    for (const listener of listeners) listener();
  }, ms);
  return {
    get fired() {
      return fired;
    },
    onFire(abort) {
      if (fired) abort();
      listeners.add(abort);
      return () => listeners.delete(abort);
    },
    clear: () => clearTimeout(timer),
  };
}
