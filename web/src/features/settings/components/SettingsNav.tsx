import { Group, NavLink } from "@mantine/core";
import { NavLink as RouterLink } from "react-router";

export const SETTINGS_SECTIONS = [
  { to: "/settings", label: "Practice" },
  { to: "/settings/locations", label: "Locations and rooms" },
  { to: "/settings/services", label: "Services" },
  { to: "/settings/staff", label: "Staff" },
  { to: "/settings/plan", label: "Plan and seats" },
  { to: "/settings/scheduling", label: "Reminders and cancellations" },
  { to: "/settings/portal", label: "Client portal" },
  { to: "/settings/security", label: "Security" },
  { to: "/settings/documents", label: "Documents and forms" },
  { to: "/settings/note-templates", label: "Note templates" },
  { to: "/settings/contacts", label: "Contacts" },
  { to: "/settings/feeds", label: "Calendar feeds" },
  { to: "/settings/billing", label: "Billing" },
] as const;

/** The settings sections, as links (each section is its own screen and address). */
export function SettingsNav() {
  return (
    <Group component="nav" aria-label="Settings sections" gap={4} mb="md" wrap="wrap">
      {SETTINGS_SECTIONS.map((s) => (
        <NavLink key={s.to} component={RouterLink} to={s.to} end label={s.label} w="auto" variant="light" style={{ borderRadius: 6 }} />
      ))}
    </Group>
  );
}
