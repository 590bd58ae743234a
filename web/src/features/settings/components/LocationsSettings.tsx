import { Badge, Button, Group, Paper, Select, Stack, Switch, Text, TextInput, Title } from "@mantine/core";
import { useState } from "react";
import { PageTitle } from "@/components/PageTitle";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { Empty } from "@/components/states/Empty";
import { Loading } from "@/components/states/Loading";
import type { components } from "@/lib/api/schema";
import { useChangeCatalog, useLocations } from "../api/catalog";
import { SettingsNav } from "./SettingsNav";

type Location = components["schemas"]["LocationView"];
const FORMATS = [{ value: "in_person", label: "In person" }, { value: "video", label: "Video" }, { value: "phone", label: "Phone" }];
const formatLabel = (f: string) => FORMATS.find((x) => x.value === f)?.label ?? f;

/** Where sessions happen: each location fixes the format; in-person ones have an address and rooms. */
export function LocationsSettings() {
  const locations = useLocations();
  return (
    <Stack>
      <PageTitle>Locations and rooms</PageTitle>
      <SettingsNav />
      <ProblemAlert error={locations.error} />
      {locations.isPending ? <Loading label="Loading locations" /> : locations.data?.items.length ? (
        <Stack maw={820}>{locations.data.items.map((l) => <LocationCard key={l.location_id} location={l} />)}</Stack>
      ) : <Empty>No locations yet.</Empty>}
      <AddLocation />
    </Stack>
  );
}

function LocationCard({ location }: { location: Location }) {
  const change = useChangeCatalog();
  const [room, setRoom] = useState("");
  const base = { id: location.location_id, version: location.version };
  const a = location.address;
  return (
    <Paper withBorder p="md" component="section" aria-label={location.name}>
      <Stack gap="xs">
        <Group justify="space-between">
          <Group>
            <Title order={2} size="h4">{location.name}</Title>
            <Badge variant="light">{formatLabel(location.session_format)}</Badge>
            {location.archived && <Badge variant="light" color="gray">Archived</Badge>}
          </Group>
          {!location.archived && (
            <Button size="compact-xs" variant="subtle" color="red" onClick={() => change.mutate({ kind: "archive-location", ...base })}>Archive {location.name}</Button>
          )}
        </Group>
        {a && <Text size="sm">{[a.line1, a.line2, a.city, a.region, a.postal_code, a.country].filter(Boolean).join(", ")}</Text>}
        <Switch label="Offered for online booking" checked={location.visible_online} disabled={location.archived}
          onChange={(e) => change.mutate({ kind: "location-visibility", ...base, body: { visible_online: e.currentTarget.checked } })} />
        {location.session_format === "in_person" && (
          <>
            <Text size="sm" fw={600}>Rooms</Text>
            {location.rooms.length ? (
              <Group gap="xs">
                {location.rooms.map((r) => (
                  <Badge key={r.room_id} variant="outline" color="dark" rightSection={
                    <button type="button" aria-label={`Remove room ${r.name}`} style={{ border: 0, background: "none", cursor: "pointer", padding: 0 }}
                      onClick={() => change.mutate({ kind: "remove-room", ...base, body: { room_id: r.room_id ?? "" } })}>×</button>
                  }>{r.name}</Badge>
                ))}
              </Group>
            ) : <Text size="sm" c="dimmed">No rooms: bookings here are checked against the provider only.</Text>}
            {!location.archived && (
              <Group align="flex-end">
                <TextInput label={`New room at ${location.name}`} value={room} onChange={(e) => setRoom(e.currentTarget.value)} />
                <Button variant="default" disabled={!room.trim()} loading={change.isPending}
                  onClick={() => change.mutate({ kind: "add-room", ...base, body: { name: room.trim() } }, { onSuccess: () => setRoom("") })}>
                  Add room
                </Button>
              </Group>
            )}
          </>
        )}
        <ProblemAlert error={change.error} />
      </Stack>
    </Paper>
  );
}

function AddLocation() {
  const change = useChangeCatalog();
  const [name, setName] = useState("");
  const [format, setFormat] = useState<string | null>("video");
  const [line1, setLine1] = useState("");
  const [city, setCity] = useState("");
  const [postal, setPostal] = useState("");
  const inPerson = format === "in_person";
  const submit = () =>
    change.mutate(
      {
        kind: "add-location",
        body: {
          name: name.trim(),
          session_format: format as components["schemas"]["SessionFormat"],
          address: inPerson ? { line1, city, postal_code: postal, country: "US" } : null,
        },
      },
      { onSuccess: () => { setName(""); setLine1(""); setCity(""); setPostal(""); } },
    );
  const fields = (change.error as { fields?: Record<string, string> } | null)?.fields ?? {};
  return (
    <Paper withBorder p="md" maw={820}>
      <Stack gap="xs">
        <Title order={2} size="h4">Add a location</Title>
        <Group align="flex-start">
          <TextInput label="Location name" value={name} onChange={(e) => setName(e.currentTarget.value)} error={fields.name} />
          <Select label="Session format" data={FORMATS} value={format} onChange={setFormat} allowDeselect={false} />
        </Group>
        {inPerson && (
          <Group align="flex-start">
            <TextInput label="Street address" value={line1} onChange={(e) => setLine1(e.currentTarget.value)} error={fields["address.line1"] ?? fields.address} />
            <TextInput label="City" value={city} onChange={(e) => setCity(e.currentTarget.value)} error={fields["address.city"]} />
            <TextInput label="Postal code" value={postal} onChange={(e) => setPostal(e.currentTarget.value)} error={fields["address.postal_code"]} />
          </Group>
        )}
        <ProblemAlert error={Object.keys(fields).length ? null : change.error} />
        <Group><Button disabled={!name.trim()} loading={change.isPending} onClick={submit}>Add location</Button></Group>
      </Stack>
    </Paper>
  );
}
