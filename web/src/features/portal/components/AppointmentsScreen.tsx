import { Stack, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { PageTitle } from "@/components/PageTitle";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { Empty } from "@/components/states/Empty";
import { Loading } from "@/components/states/Loading";
import { isUpcomingStatus } from "@/lib/appointment-status";
import { usePortalAppointments } from "../api/get-appointments";
import { AppointmentCard } from "./AppointmentCard";

/** The next session first, then every upcoming appointment, in the practice's time. */
type Appointment = NonNullable<ReturnType<typeof usePortalAppointments>["data"]>["items"][number];

export function AppointmentsScreen({ timeZone, practiceName, actionsFor }: {
  timeZone: string;
  practiceName: string;
  /** What the person may do with an upcoming appointment (e.g. cancel), from another feature. */
  actionsFor?: (appointment: Appointment) => ReactNode;
}) {
  const appointments = usePortalAppointments();
  if (appointments.isPending) return <Loading label="Loading your appointments" />;
  const items = appointments.data?.items ?? [];
  const upcoming = items.filter((a) => isUpcomingStatus(a.status));
  const [next, ...later] = upcoming;
  return (
    <Stack>
      <PageTitle app={practiceName}>Your appointments</PageTitle>
      <ProblemAlert error={appointments.error} />
      {next ? (
        <>
          <Title order={2} size="h4">Next session</Title>
          <Stack component="ul" p={0} m={0} style={{ listStyle: "none" }}>
            <AppointmentCard appointment={next} timeZone={timeZone} headline actions={actionsFor?.(next)} />
          </Stack>
        </>
      ) : (
        <Empty>No upcoming appointments.</Empty>
      )}
      {later.length > 0 && (
        <>
          <Title order={2} size="h4">Later</Title>
          <Stack component="ul" p={0} m={0} style={{ listStyle: "none" }} aria-label="Later appointments">
            {later.map((a) => <AppointmentCard key={a.appointment_id} appointment={a} timeZone={timeZone} actions={actionsFor?.(a)} />)}
          </Stack>
        </>
      )}
    </Stack>
  );
}
