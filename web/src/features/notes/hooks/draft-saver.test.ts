import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { DraftSaver, type SaveState } from "./draft-saver";

type Values = Record<string, string>;

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  return { promise, resolve, reject };
}

describe("DraftSaver", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("saves once typing pauses, with the latest values and the version it holds", async () => {
    const calls: [Values, number][] = [];
    const states: SaveState[] = [];
    const saver = new DraftSaver<Values>(async (values, version) => {
      calls.push([values, version]);
      return version + 1;
    }, 3, (s) => states.push(s), 1000);
    saver.change({ plan: "W" });
    await vi.advanceTimersByTimeAsync(500);
    saver.change({ plan: "Weekly" });
    await vi.advanceTimersByTimeAsync(999);
    expect(calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toEqual([[{ plan: "Weekly" }, 3]]);
    expect(saver.version).toBe(4);
    expect(states.at(-1)).toBe("saved");
  });

  it("never has two saves in flight: a change made during a save goes next, on the new version", async () => {
    const first = deferred<number>();
    const calls: [Values, number][] = [];
    const saver = new DraftSaver<Values>((values, version) => {
      calls.push([values, version]);
      return calls.length === 1 ? first.promise : Promise.resolve(version + 1);
    }, 1, () => {}, 100);
    saver.change({ plan: "a" });
    await vi.advanceTimersByTimeAsync(100);
    saver.change({ plan: "ab" });
    await vi.advanceTimersByTimeAsync(500);
    expect(calls).toHaveLength(1);
    first.resolve(2);
    const flushed = saver.flush();
    await vi.runAllTimersAsync();
    expect(await flushed).toBe(3);
    expect(calls).toEqual([[{ plan: "a" }, 1], [{ plan: "ab" }, 2]]);
  });

  it("flush saves at once what is pending, without waiting for the pause", async () => {
    const calls: Values[] = [];
    const saver = new DraftSaver<Values>(async (values, version) => {
      calls.push(values);
      return version + 1;
    }, 7, () => {}, 10_000);
    saver.change({ subjective: "Slept better." });
    expect(await saver.flush()).toBe(8);
    expect(calls).toEqual([{ subjective: "Slept better." }]);
    expect(await saver.flush()).toBe(8); // nothing pending: no save
    expect(calls).toHaveLength(1);
  });

  it("stops after a refused save and reports it, so nothing overwrites another editor's draft", async () => {
    const refusal = new Error("version-mismatch");
    let calls = 0;
    const states: [SaveState, unknown][] = [];
    const saver = new DraftSaver<Values>(async () => {
      calls += 1;
      throw refusal;
    }, 1, (s, e) => states.push([s, e]), 10);
    saver.change({ plan: "x" });
    await vi.advanceTimersByTimeAsync(10);
    expect(states.at(-1)).toEqual(["failed", refusal]);
    saver.change({ plan: "y" });
    await vi.advanceTimersByTimeAsync(100);
    expect(calls).toBe(1);
    await expect(saver.flush()).rejects.toBe(refusal);
  });
});

describe("DraftSaver when the editor closes", () => {
  it("saves pending changes at once instead of dropping them", async () => {
    const calls: Values[] = [];
    const saver = new DraftSaver<Values>(async (values, version) => {
      calls.push(values);
      return version + 1;
    }, 1, () => {}, 10_000);
    saver.change({ plan: "Weekly" });
    saver.leave();
    await Promise.resolve();
    await Promise.resolve();
    expect(calls).toEqual([{ plan: "Weekly" }]);
  });
});
