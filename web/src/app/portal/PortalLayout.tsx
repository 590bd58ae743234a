import { Alert, Button, Container, Group, Text } from "@mantine/core";
import { Suspense, lazy, useCallback } from "react";
import { Outlet, useNavigate } from "react-router";
import { Loading } from "@/components/states/Loading";
import { usePublicPractice } from "@/features/portal/api/get-public-practice";
import { usePortalMe } from "@/features/portal/api/get-portal-me";
import { usePortalSignOut } from "@/features/portal/api/sign-out";
import { portalSlug } from "@/lib/portal-slug";

const PORTAL_IDLE_SECONDS = 15 * 60;

// Only a signed-in client needs the idle warning (a modal): it loads after the first screen.
const IdleWarning = lazy(() =>
  import("@/components/idle/IdleWarning").then((m) => ({ default: m.IdleWarning })),
);

/** Phone-width first: one column, the practice's name on top, sign-out always at hand. */
export function PortalLayout() {
  const practice = usePublicPractice(portalSlug());
  const me = usePortalMe();
  const signOut = usePortalSignOut();
  const navigate = useNavigate();
  const expired = useCallback(() => {
    signOut.reset();
    void me.refetch();
    navigate("/", { replace: true, state: { reason: "You were signed out after a period without activity." } });
  }, [me, navigate, signOut]);

  if (practice.isPending) return <Loading label="Loading the portal" />;
  if (practice.isError) {
    return (
      <Container size="xs" py="xl" component="main">
        <Alert color="red" title="No such practice">This portal address does not belong to a practice.</Alert>
      </Container>
    );
  }
  return (
    <>
      <Group component="header" justify="space-between" px="md" py="sm" bg="blue.9" c="white">
        <Text fw={700}>{practice.data.name}</Text>
        {me.isSuccess && (
          <Button size="compact-sm" variant="white" onClick={() => signOut.mutate(undefined, { onSuccess: () => navigate("/", { replace: true, state: { reason: "You signed out." } }) })}>
            Sign out
          </Button>
        )}
      </Group>
      <Container size="sm" px="md" py="md" component="main">
        <Outlet context={{ practice: practice.data }} />
      </Container>
      {me.isSuccess && (
        <Suspense fallback={null}>
          <IdleWarning realm="portal" fallbackTimeoutSeconds={PORTAL_IDLE_SECONDS} onExpired={expired} />
        </Suspense>
      )}
    </>
  );
}
