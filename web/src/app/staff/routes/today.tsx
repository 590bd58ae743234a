import { Grid } from "@mantine/core";
import { NeedsAttentionPanel } from "@/features/attention/components/NeedsAttentionPanel";
import { TodayScreen } from "@/features/today/components/TodayScreen";

/** The home screen: today's appointments beside what needs attention. */
export function Component() {
  return (
    <Grid>
      <Grid.Col span={{ base: 12, lg: 8 }}>
        <TodayScreen />
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 4 }}>
        <NeedsAttentionPanel />
      </Grid.Col>
    </Grid>
  );
}
