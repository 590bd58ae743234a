import { act, renderHook } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { noteActivity, rememberIdleTimeout } from "@/lib/activity";
import { useIdleCountdown } from "./use-idle-countdown";

describe("idle countdown", () => {
  afterEach(() => vi.useRealTimers());

  it("stays quiet until two minutes are left, counts down, and starts over on activity", () => {
    vi.useFakeTimers();
    rememberIdleTimeout(600);
    noteActivity(Date.now());
    const { result } = renderHook(() => useIdleCountdown(1800));
    expect(result.current).toBeNull();
    act(() => vi.advanceTimersByTime(479_000));
    expect(result.current).toBeNull(); // 121 s left: no warning yet
    act(() => vi.advanceTimersByTime(2_000));
    expect(result.current).toBe(119);
    act(() => noteActivity(Date.now()));
    expect(result.current).toBeNull();
    act(() => vi.advanceTimersByTime(600_000));
    expect(result.current).toBe(0);
  });
});
