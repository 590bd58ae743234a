import { Container, Paper } from "@mantine/core";
import type { ReactNode } from "react";

/** The frame of the signed-out screens (sign-in, joining, portal entry). */
export function CenteredCard({ children }: { children: ReactNode }) {
  return (
    <Container size={460} py="xl" component="main">
      <Paper withBorder shadow="sm" p="lg" radius="md">
        {children}
      </Paper>
    </Container>
  );
}
