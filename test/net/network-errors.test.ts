import { expect, test } from "bun:test";
import { CutShortError, HttpStatusError, StalledError, explainNetworkError, isTransientFailure } from "../../src/net/network-errors.ts";

const url = "https://api.example.com:8443/repos/o/r";
const coded = (code: string, message = code) => Object.assign(new Error(message), { code });

test("each failure in one line: the reason, then what to do", () => {
  expect(explainNetworkError(coded("ECONNREFUSED"), url)).toBe("connection refused by api.example.com:8443; check your network connection");
  expect(explainNetworkError(coded("ENOTFOUND"), url)).toBe("cannot resolve the host name api.example.com; check your network connection");
  expect(explainNetworkError(coded("ECONNRESET"), url)).toBe("the connection to api.example.com:8443 was closed unexpectedly; check your network connection");
  expect(explainNetworkError(coded("ERR_TLS_CERT_ALTNAME_INVALID", "unable to verify the first certificate\nmore"), url)).toBe(
    "TLS problem with api.example.com:8443: unable to verify the first certificate; check your network connection",
  );
  expect(explainNetworkError(coded("EWHATEVER", "bad answer \u001b[2J from the server"), url)).toBe(
    "cannot reach api.example.com:8443: bad answer \\x1b[2J from the server; check your network connection",
  );
  expect(explainNetworkError(new StalledError(30), url)).toBe("no data for 30 s; try again, or set K3DX_STALL_TIMEOUT to wait longer");
  expect(explainNetworkError(new CutShortError(5, 10), url)).toBe("the connection closed after 5 of 10 bytes; try again");
  expect(explainNetworkError(new HttpStatusError(502, new Headers(), url), url)).toBe("HTTP 502 from api.example.com:8443");
});

test("transient: resets, timeouts, stalls, cut-short bodies, 408, 429, 5xx", () => {
  expect([coded("ECONNRESET"), coded("ETIMEDOUT"), coded("EAI_AGAIN"), new StalledError(1), new CutShortError(1, 2)].every(isTransientFailure)).toBe(true);
  expect([408, 429, 500, 503].every((status) => isTransientFailure(new HttpStatusError(status, new Headers(), url)))).toBe(true);
  expect([coded("ECONNREFUSED"), coded("ENOTFOUND"), new HttpStatusError(404, new Headers(), url)].some(isTransientFailure)).toBe(false);
});
