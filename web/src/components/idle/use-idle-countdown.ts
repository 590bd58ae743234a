import { useEffect, useState } from "react";
import { idleTimeout, lastActivity, onActivity } from "@/lib/activity";

export const WARNING_SECONDS = 120;

/**
 * Seconds until the session's idle timeout, mirrored from the last answer of the API; null
 * while it is further away than the warning period.
 */
export function useIdleCountdown(fallbackTimeoutSeconds: number, now: () => number = Date.now) {
  const [left, setLeft] = useState<number | null>(null);
  useEffect(() => {
    const tick = () => {
      const remaining = Math.ceil(idleTimeout(fallbackTimeoutSeconds) - (now() - lastActivity()) / 1000);
      setLeft(remaining <= WARNING_SECONDS ? Math.max(0, remaining) : null);
    };
    tick();
    const timer = window.setInterval(tick, 1000);
    const stop = onActivity(tick);
    return () => {
      window.clearInterval(timer);
      stop();
    };
  }, [fallbackTimeoutSeconds, now]);
  return left;
}
