import type { DatesSetArg } from "@fullcalendar/core";
import dayGridPlugin from "@fullcalendar/daygrid";
import interactionPlugin, { type DateClickArg } from "@fullcalendar/interaction";
import luxonPlugin from "@fullcalendar/luxon3";
import FullCalendar from "@fullcalendar/react";
import timeGridPlugin from "@fullcalendar/timegrid";
import { Button, Group, NativeSelect, SegmentedControl, Stack, Text } from "@mantine/core";
import { useMemo, useState } from "react";
import { useSearchParams } from "react-router";
import { PageTitle } from "@/components/PageTitle";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { Loading } from "@/components/states/Loading";
import { type WallClock, wallClock } from "@/lib/practice-time";
import { usePractice } from "@/lib/queries/practice";
import { type ScheduleFilter, type ScheduleView, useSchedule } from "../api/get-schedule";
import { useCalendarResources } from "../api/get-resources";
import { FC_VIEW, VIEW_OF, toEvent, wallClockOfCalendarString } from "../calendar-events";
import "./calendar.css";

type By = "everyone" | "provider" | "location" | "room";

export type CalendarScreenProps = {
  /** A free slot was chosen (or "New appointment"): its practice wall clock and the filter. */
  onSlot?: (slot: WallClock | null, filter: ScheduleFilter) => void;
  onAppointment: (appointmentId: string) => void;
};

/** Day, week and month, by provider, location or room, always in the practice's timezone. */
export function CalendarScreen({ onSlot, onAppointment }: CalendarScreenProps) {
  const practice = usePractice();
  const resources = useCalendarResources();
  const zone = practice.data?.timezone;
  // The period is in the address (a view and a date, never anything personal), so a reload or
  // a shared link opens the same days.
  const [params, setParams] = useSearchParams();
  const initialView = FC_VIEW[params.get("view") ?? ""] ?? "timeGridWeek";
  const initialDate = /^\d{4}-\d{2}-\d{2}$/.test(params.get("date") ?? "") ? params.get("date")! : undefined;
  const [period, setPeriod] = useState<{ view: ScheduleView; date: string } | null>(null);
  const [by, setBy] = useState<By>("everyone");
  const [resource, setResource] = useState("");

  const rooms = useMemo(
    () =>
      (resources.data?.locations ?? []).flatMap((l) =>
        l.rooms.map((r) => ({ value: r.room_id ?? "", label: `${r.name} (${l.name})` })),
      ),
    [resources.data],
  );
  const choices =
    by === "provider"
      ? (resources.data?.providers ?? []).map((p) => ({ value: p.staff_id, label: `${p.given_name} ${p.family_name}` }))
      : by === "location"
        ? (resources.data?.locations ?? []).map((l) => ({ value: l.location_id, label: l.name }))
        : by === "room"
          ? rooms
          : [];
  const chosen = choices.some((c) => c.value === resource) ? resource : (choices[0]?.value ?? "");
  const filter: ScheduleFilter =
    by === "provider" ? { provider_id: chosen } : by === "location" ? { location_id: chosen } : by === "room" ? { room_id: chosen } : {};
  const schedule = useSchedule(period?.view ?? "week", period?.date, filter);
  const events = useMemo(() => (schedule.data ?? []).map(toEvent), [schedule.data]);

  if (!zone) return <Loading label="Loading the calendar" />;

  const datesSet = (info: DatesSetArg) => {
    const view = VIEW_OF[info.view.type] ?? "week";
    const date = wallClockOfCalendarString(info.view.calendar.formatIso(info.view.currentStart)).date;
    setPeriod((old) => (old?.view === view && old.date === date ? old : { view, date }));
    if (params.get("view") !== view || params.get("date") !== date) setParams({ view, date }, { replace: true });
  };
  const dateClick = (info: DateClickArg) => {
    if (!onSlot) return;
    const slot = wallClockOfCalendarString(info.dateStr);
    onSlot(info.allDay ? { date: slot.date, time: "09:00" } : slot, filter);
  };

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <PageTitle>Calendar</PageTitle>
        {onSlot && (
          <Button onClick={() => onSlot({ date: wallClock(new Date(), zone).date, time: "09:00" }, filter)}>
            New appointment
          </Button>
        )}
      </Group>
      <Group align="flex-end">
        <div>
          <Text size="sm" fw={500} id="calendar-by">Show</Text>
          <SegmentedControl
            aria-labelledby="calendar-by"
            value={by}
            onChange={(v) => setBy(v as By)}
            data={[
              { value: "everyone", label: "Everyone" },
              { value: "provider", label: "Provider" },
              { value: "location", label: "Location" },
              { value: "room", label: "Room" },
            ]}
          />
        </div>
        {by !== "everyone" && (
          <NativeSelect
            label={by === "provider" ? "Provider" : by === "location" ? "Location" : "Room"}
            value={chosen}
            onChange={(e) => setResource(e.currentTarget.value)}
            data={choices.length ? choices : [{ value: "", label: "None yet" }]}
          />
        )}
        <Text size="sm" c="dimmed" role="note">Times in {zone}</Text>
      </Group>
      <ProblemAlert error={practice.error ?? resources.error ?? schedule.error} />
      <div className="pr-calendar" aria-busy={schedule.isFetching}>
        <FullCalendar
          plugins={[luxonPlugin, dayGridPlugin, timeGridPlugin, interactionPlugin]}
          timeZone={zone}
          initialView={initialView}
          initialDate={initialDate}
          firstDay={1}
          headerToolbar={{ left: "prev,next today", center: "title", right: "timeGridDay,timeGridWeek,dayGridMonth" }}
          buttonIcons={false}
          buttonText={{ prev: "Previous", next: "Next", today: "Today", day: "Day", week: "Week", month: "Month" }}
          buttonHints={{ prev: "Previous $0", next: "Next $0", today: "This $0" }}
          allDaySlot={false}
          slotMinTime="07:00:00"
          slotMaxTime="21:00:00"
          scrollTime="08:00:00"
          slotLabelFormat={{ hour: "2-digit", minute: "2-digit", hour12: false }}
          eventTimeFormat={{ hour: "2-digit", minute: "2-digit", hour12: false }}
          nowIndicator
          height="auto"
          events={events}
          datesSet={datesSet}
          dateClick={dateClick}
          eventClick={(info) => {
            info.jsEvent.preventDefault();
            onAppointment(info.event.id);
          }}
          dayCellDidMount={(info) => {
            // A month cell's name would be only its date link's, not what it shows (axe).
            info.el.removeAttribute("aria-labelledby");
          }}
          eventDidMount={(info) => {
            // Keyboard users reach and open appointments like any button.
            info.el.setAttribute("role", "button");
            info.el.setAttribute("tabindex", "0");
            info.el.addEventListener("keydown", (e) => {
              if (e.key === "Enter" || e.key === " ") {
                e.preventDefault();
                onAppointment(info.event.id);
              }
            });
          }}
        />
      </div>
    </Stack>
  );
}
