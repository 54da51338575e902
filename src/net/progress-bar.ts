/**
 * The download progress line on a terminal's stderr: redrawn in place at most ten times
 * a second, and erased when the download ends, so what stays on screen is the result.
 *
 *   mirror_linux_amd64.tar.gz  42% [########            ] 21.0/50.0 MB  18.2 MB/s
 */
import { printable } from "../platform/printable.ts";

export interface Progress {
  /** A (re)started transfer; `total` from Content-Length when the server sent one. */
  start(total: number | undefined): void;
  advance(bytes: number): void;
  /** Erases the line. */
  finish(): void;
}

const REDRAW_MS = 100;
const BAR_WIDTH = 20;

export const NO_PROGRESS: Progress = { start() {}, advance() {}, finish() {} };

export function createProgress(name: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  // The label is an asset or file name the server chose: it is redrawn in place, raw.
  const label = printable(name);
  let total: number | undefined;
  let received = 0;
  let started = 0;
  let drawn = 0;
  let visible = false;
  const draw = (now: number): void => {
    const rate = now > started ? (received * 1000) / (now - started) : 0;
    stream.write(`\r${progressLine(label, received, total, rate, stream.columns || 80)}\u001b[K`);
    drawn = now;
    visible = true;
  };
  return {
    start(size) {
      total = size;
      received = 0;
      started = performance.now();
      draw(started);
    },
    advance(bytes) {
      received += bytes;
      const now = performance.now();
      if (now - drawn >= REDRAW_MS) draw(now);
    },
    finish() {
      if (visible) stream.write("\r\u001b[K");
      visible = false;
    },
  };
}

/** One line, at most `width` characters: the label gives way first. */
export function progressLine(label: string, received: number, total: number | undefined, bytesPerSecond: number, width: number): string {
  const rate = `${megabytes(bytesPerSecond)} MB/s`;
  let status: string;
  if (total && total > 0) {
    const fraction = Math.min(1, received / total);
    const filled = Math.round(fraction * BAR_WIDTH);
    const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
    status = `${percent} [${"#".repeat(filled)}${" ".repeat(BAR_WIDTH - filled)}] ${megabytes(received)}/${megabytes(total)} MB  ${rate}`;
  } else {
    status = `${megabytes(received)} MB  ${rate}`;
  }
  const room = width - 1 - status.length - 2;
  if (room <= 0) return status.slice(0, Math.max(0, width - 1));
  const shown = label.length <= room ? label : `${label.slice(0, Math.max(0, room - 1))}…`;
  return `${shown}  ${status}`;
}

function megabytes(bytes: number): string {
  return (bytes / 1_000_000).toFixed(1);
}
