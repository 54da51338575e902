/** Pure: the `k3dx-hook:` line of a user's own hook script, and how every command describes a hook's settings. */
import { describe, expect, test } from "bun:test";
import { parseHookHeader } from "../../src/hooks/hook-header.ts";
import { describeHook, effectiveSettings, onErrorWords } from "../../src/hooks/hook-settings.ts";

describe("parseHookHeader", () => {
  test.each([
    ["#!/bin/sh\n# k3dx-hook: timeout=60 onError=warn\n", { timeout: 60, onError: "warn" }],
    ["#!/usr/bin/env node\n// k3dx-hook: timeout=2.5\n", { timeout: 2.5 }],
    ["@echo off\r\nREM k3dx-hook: onError=warn\r\n", { onError: "warn" }],
    [":: k3dx-hook: timeout=5, onError=fail\n", { timeout: 5, onError: "fail" }],
    ["-- k3dx-hook: timeout=9\n", { timeout: 9 }],
    ["#!/bin/sh\necho no settings\n", {}],
    // Only as a comment of its own: not inside a string or after code.
    ['#!/bin/sh\necho "# k3dx-hook: timeout=1"\n', {}],
  ] as const)("%j", (text, settings) => {
    expect(parseHookHeader(text)).toEqual({ settings, problems: [] });
  });

  test("mistakes are named; what is right still counts", () => {
    expect(parseHookHeader("# k3dx-hook: timout=5 onError=ignore timeout=0 timeout=10\n")).toEqual({
      settings: { timeout: 10 },
      problems: ["'timout' is not a setting (timeout=SECONDS, onError=fail|warn)", "onError=ignore must be fail or warn", "timeout=0 must be a number of seconds more than 0"],
    });
  });
});

describe("one description of a hook, everywhere", () => {
  test("onError: warn on a pre- event is fail, and every description says so", () => {
    const pre = effectiveSettings("pre-cluster-start", { timeout: 5, onError: "warn" }, 300);
    expect(pre).toEqual({ timeoutSeconds: 5, onError: "fail", warnIgnored: true });
    expect(onErrorWords(pre)).toBe("fail — onError: warn has no effect on a pre- event");
    expect(describeHook("pre-cluster-start", { timeout: 5, onError: "warn" })).toBe("pre-cluster-start (fail — onError: warn has no effect on a pre- event, 5 s)");
  });

  test("on a post- event warn is warn; nothing asked is the bare event", () => {
    expect(effectiveSettings("post-cluster-delete", { onError: "warn" }, 300)).toEqual({ timeoutSeconds: 300, onError: "warn", warnIgnored: false });
    expect(describeHook("post-cluster-delete", { timeout: 60, onError: "warn" })).toBe("post-cluster-delete (warn, 60 s)");
    expect(describeHook("pre-cluster-create", { onError: "fail" })).toBe("pre-cluster-create");
  });
});
