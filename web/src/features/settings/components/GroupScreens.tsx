import { GroupSettings } from "./GroupSettings";

/*
 * The settings groups whose values are plain switches, numbers and choices. Each field is one
 * the service acts on; a stored setting nothing reads yet (portal.rescheduling_window_hours,
 * documents_forms.default_intake_set and signature_requires_typed_name) is not offered,
 * since a switch that changes nothing would mislead.
 */

export function PortalSettings() {
  return (
    <GroupSettings title="Client portal settings" group="portal" saveLabel="Save portal settings" sections={[
      {
        title: "The portal",
        fields: [
          { key: "enabled", kind: "switch", label: "Clients may sign in to the portal",
            description: "When off, nobody can sign in to the portal, clients already signed in are shut out, and no sign-in emails are sent. Staff work as usual. Switching it back on lets clients in again." },
        ],
      },
      {
        title: "Cancelling in the portal",
        intro: "Clients cancel their own appointments in the portal only when both are on; otherwise the portal asks them to contact the practice.",
        fields: [
          { key: "allow_client_requests", kind: "switch", label: "Clients may send requests from the portal" },
          { key: "auto_accept_client_requests", kind: "switch", label: "Accept clients' requests without staff review", needs: "allow_client_requests",
            description: "A cancellation takes effect at once, with the outcome (planned absence or late cancellation) shown to the client first." },
        ],
      },
      {
        title: "Calendar feeds",
        fields: [
          { key: "client_calendar_feeds", kind: "switch", label: "Clients may switch on a calendar feed of their appointments",
            description: "When off, the portal offers no feed and a client cannot switch one on or get a new address." },
        ],
      },
    ]} />
  );
}

export function SecuritySettings() {
  return (
    <GroupSettings title="Security settings" group="security" saveLabel="Save security settings" sections={[
      {
        title: "Sessions",
        intro: "Sign-ins after a change get the new limits; sessions already open keep theirs.",
        fields: [
          { key: "staff_idle_timeout_minutes", kind: "number", label: "Staff are signed out after this many idle minutes", min: 5, max: 720,
            description: "Between 5 and 720. A warning comes first." },
          { key: "portal_idle_timeout_minutes", kind: "number", label: "Clients are signed out of the portal after this many idle minutes", min: 5, max: 720,
            description: "Between 5 and 720." },
          { key: "absolute_session_hours", kind: "number", label: "Every session ends after this many hours, active or not", min: 1, max: 24,
            description: "Between 1 and 24." },
        ],
      },
    ]} />
  );
}

export function DocumentsSettings() {
  return (
    <GroupSettings title="Documents and forms settings" group="documents_forms" saveLabel="Save documents settings" sections={[
      {
        title: "Session notes",
        fields: [
          { key: "missing_note_after_hours", kind: "number", label: "Hours after a completed session before a missing note becomes a task", min: 1, max: 336,
            description: "The session's clinician gets the task. Between 1 and 336 (two weeks)." },
        ],
      },
      {
        title: "Superbills",
        fields: [
          { key: "monthly_superbills", kind: "switch", label: "Make each client's superbill for the month before, every month" },
          { key: "monthly_superbill_day", kind: "number", label: "Day of the month they are made", min: 1, max: 28, needs: "monthly_superbills",
            description: "Between 1 and 28, in the practice's timezone." },
          { key: "consultation_superbills", kind: "switch", label: "Superbills and claims for consultation and workshop cases too",
            description: "When off, only psychotherapy cases get them." },
        ],
      },
      {
        title: "Telehealth on superbills and claims",
        fields: [
          { key: "telehealth_place_of_service", kind: "choice", label: "Place of service for telehealth sessions", options: [
            { value: "10", label: "10: telehealth in the client's home" },
            { value: "02", label: "02: telehealth elsewhere" },
          ] },
          { key: "telehealth_modifiers", kind: "switch", label: "Add modifier 95 (video) or 93 (audio) to telehealth service lines" },
        ],
      },
      {
        title: "CMS-1500 claims",
        fields: [
          { key: "claim_supervisor_rule", kind: "choice", label: "A supervised associate's sessions are claimed with", options: [
            { value: "supervisor_in_17", label: "The associate rendering (24J), the supervisor named in box 17" },
            { value: "supervisor_renders", label: "The supervisor as rendering provider; the associate not on the claim" },
          ] },
          { key: "claim_offset_x_points", kind: "number", label: "Move printed claim data right by (points)", min: -72, max: 72,
            description: "For printing onto pre-printed red forms: 72 points is an inch; negative moves left." },
          { key: "claim_offset_y_points", kind: "number", label: "Move printed claim data down by (points)", min: -72, max: 72,
            description: "Negative moves up." },
        ],
      },
    ]} />
  );
}

export function ContactsSettings() {
  return (
    <GroupSettings title="Contacts settings" group="contacts" saveLabel="Save contacts settings" sections={[
      {
        title: "Duplicates",
        fields: [
          { key: "dedupe_by_email", kind: "switch", label: "One person per email address",
            description: "Adding a person, or an email address, that someone in the practice already has is refused." },
          { key: "dedupe_by_name_and_birth_date", kind: "switch", label: "One person per name and date of birth",
            description: "Adding a person, or changing someone's name or date of birth, to the given name, family name and date of birth someone in the practice already has is refused. Capitals and spaces do not count; people without a date of birth are never refused." },
        ],
      },
    ]} />
  );
}
