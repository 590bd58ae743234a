/**
 * Autosave of a note's draft. Changes are saved a moment after typing stops, one save at a
 * time, each sent with If-Match of the version the previous save reached, so two open editors
 * never overwrite each other: the second one's save is refused and autosave stops there.
 * `flush()` saves what is still pending (before submitting or signing) and gives the version.
 */
export type SaveState = "saved" | "pending" | "saving" | "failed";

export class DraftSaver<V> {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private pending: V | undefined;
  private inFlight: Promise<void> | undefined;
  private failure: unknown;

  constructor(
    private readonly save: (values: V, version: number) => Promise<number>,
    private current: number,
    private readonly onState: (state: SaveState, error?: unknown) => void,
    private readonly delayMs = 1000,
  ) {}

  get version(): number {
    return this.current;
  }

  change(values: V): void {
    if (this.failure !== undefined) return;
    this.pending = values;
    this.onState(this.inFlight ? "saving" : "pending");
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.run(), this.delayMs);
  }

  /** Saves whatever is pending now and resolves with the version reached. */
  async flush(): Promise<number> {
    clearTimeout(this.timer);
    while (this.failure === undefined && (this.inFlight || this.pending !== undefined)) {
      await (this.inFlight ?? this.run());
    }
    if (this.failure !== undefined) throw this.failure;
    return this.current;
  }

  /** The editor closes: what is pending is saved now rather than lost. */
  leave(): void {
    if (this.pending !== undefined) void this.flush().catch(() => undefined);
    else clearTimeout(this.timer);
  }

  private run(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    const values = this.pending;
    if (values === undefined || this.failure !== undefined) return Promise.resolve();
    this.pending = undefined;
    this.onState("saving");
    this.inFlight = this.save(values, this.current).then(
      (version) => {
        this.current = version;
        this.inFlight = undefined;
        if (this.pending !== undefined) {
          this.onState("pending");
          clearTimeout(this.timer);
          this.timer = setTimeout(() => void this.run(), this.delayMs);
        } else {
          this.onState("saved");
        }
      },
      (error: unknown) => {
        this.inFlight = undefined;
        this.failure = error;
        this.onState("failed", error);
      },
    );
    return this.inFlight;
  }
}
