import { Title } from "@mantine/core";
import { useEffect } from "react";

/**
 * The screen's heading and the document title. Titles name the screen, never a person: no
 * personal data in page titles (they end up in history, bookmarks and screen recordings).
 */
export function PageTitle({ children, app = "PracticeRunner" }: { children: string; app?: string }) {
  useEffect(() => {
    document.title = `${children} · ${app}`;
  }, [children, app]);
  return (
    <Title order={1} size="h2" mb="md">
      {children}
    </Title>
  );
}
