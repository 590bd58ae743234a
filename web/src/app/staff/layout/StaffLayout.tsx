import { AppShell, Burger, Group, NavLink, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { useCallback } from "react";
import { NavLink as RouterLink, Outlet, useNavigate } from "react-router";
import { IdleWarning } from "@/components/idle/IdleWarning";
import { ReauthenticationProvider } from "@/components/reauth/ReauthenticationProvider";
import { ActingBanner } from "@/features/auth/components/ActingBanner";
import { useMe } from "@/lib/queries/me";
import { usePractice } from "@/lib/queries/practice";
import { NAV } from "../nav";
import { UserMenu } from "./UserMenu";

const STAFF_IDLE_SECONDS = 30 * 60;

/** Header (practice, zone, person), navigation, the acting banner and the idle warning. */
export function StaffLayout() {
  const [opened, { toggle, close }] = useDisclosure();
  const me = useMe();
  const practice = usePractice();
  const navigate = useNavigate();
  const expired = useCallback(
    () => navigate("/sign-in", { replace: true, state: { reason: "You were signed out after a period without activity." } }),
    [navigate],
  );
  const role = me.data?.role ?? "";
  const acting = me.data?.acting_for;

  return (
    <ReauthenticationProvider>
      <AppShell header={{ height: acting ? 92 : 56 }} navbar={{ width: 220, breakpoint: "sm", collapsed: { mobile: !opened } }} padding="md">
        <AppShell.Header>
          {acting && <ActingBanner providerId={acting} />}
          <Group h={56} px="md" justify="space-between">
            <Group>
              <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Menu" />
              <Text fw={700}>{practice.data?.name ?? "PracticeRunner"}</Text>
              {practice.data && (
                <Text size="sm" c="dimmed">
                  Times in {practice.data.timezone}
                </Text>
              )}
            </Group>
            {me.data && <UserMenu me={me.data} />}
          </Group>
        </AppShell.Header>
        <AppShell.Navbar p="xs" component="nav" aria-label="Main">
          {NAV.filter((entry) => !entry.roles || entry.roles.includes(role)).map((entry) => (
            <NavLink key={entry.to} component={RouterLink} to={entry.to} end={entry.to === "/" || entry.end} label={entry.label} onClick={close} />
          ))}
        </AppShell.Navbar>
        <AppShell.Main>
          <Outlet />
        </AppShell.Main>
      </AppShell>
      <IdleWarning fallbackTimeoutSeconds={STAFF_IDLE_SECONDS} onExpired={expired} />
    </ReauthenticationProvider>
  );
}
