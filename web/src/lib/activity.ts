/**
 * The service restarts a session's idle clock on every request. The app mirrors that clock
 * to warn before the session ends: every answer from the API counts as activity.
 */
type Listener = () => void;

let last = Date.now();
let idleTimeoutSeconds: number | null = null;
const listeners = new Set<Listener>();
const STORAGE_KEY = "pr.idle_timeout_seconds";

export function noteActivity(now = Date.now()): void {
  last = now;
  listeners.forEach((listener) => listener());
}

export function lastActivity(): number {
  return last;
}

export function onActivity(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Sign-in answers carry the idle timeout; it is kept for this tab only. */
export function rememberIdleTimeout(seconds: number): void {
  idleTimeoutSeconds = seconds;
  sessionStorage.setItem(STORAGE_KEY, String(seconds));
}

export function idleTimeout(fallbackSeconds: number): number {
  const stored = Number(sessionStorage.getItem(STORAGE_KEY));
  return idleTimeoutSeconds ?? (stored > 0 ? stored : fallbackSeconds);
}
