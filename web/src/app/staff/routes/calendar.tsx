import { useState } from "react";
import { type BookingDefaults, BookingModal } from "@/features/appointments/components/BookingModal";
import { AppointmentModal } from "@/features/appointments/components/AppointmentModal";
import { CalendarScreen } from "@/features/calendar/components/CalendarScreen";
import { useMe } from "@/lib/queries/me";
import { usePractice } from "@/lib/queries/practice";

/** The calendar, with booking from a free slot and an appointment's actions (schedule.manage). */
export function Component() {
  const me = useMe();
  const zone = usePractice().data?.timezone ?? "UTC";
  const canManage = Boolean(me.data && me.data.role !== "billing");
  const [booking, setBooking] = useState<BookingDefaults | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  return (
    <>
      <CalendarScreen
        onSlot={canManage ? (slot, filter) => slot && setBooking({ slot, ...filter }) : undefined}
        onAppointment={setOpen}
      />
      <BookingModal defaults={booking} timeZone={zone} onClose={() => setBooking(null)} />
      <AppointmentModal appointmentId={open} timeZone={zone} canManage={canManage} onClose={() => setOpen(null)} />
    </>
  );
}
