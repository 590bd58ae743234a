import { Text } from "@mantine/core";
import type { ReactNode } from "react";

export function Empty({ children }: { children: ReactNode }) {
  return (
    <Text c="dimmed" py="md">
      {children}
    </Text>
  );
}
